"""Mails of offers: the outcome of a review, to the offer's booking email (built from ids when the mail leaves)."""

from passculture.core.mail import Mail, register
from passculture.offers.models import Offer


def _offer(offer_id: int) -> Offer:
    return Offer.objects.select_related("venue").get(pk=offer_id)


@register("offer_approved")
def offer_approved(offer_id: int) -> Mail:
    offer = _offer(offer_id)
    return Mail("offer_approved", [offer.notification_email], {"offer": offer})


@register("offer_rejected")
def offer_rejected(offer_id: int, reason: str) -> Mail:
    offer = _offer(offer_id)
    return Mail("offer_rejected", [offer.notification_email], {"offer": offer, "reason": reason})
