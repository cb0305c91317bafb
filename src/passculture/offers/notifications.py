"""Mails of offers: the outcome of a review, to the offer's booking email and to the pro who published it (built
from ids when the mail leaves)."""

from passculture.core.mail import Mail, register
from passculture.offers.models import Offer
from passculture.offers.selectors import publisher


def _offer(offer_id: int) -> Offer:
    return Offer.objects.select_related("venue__offerer").get(pk=offer_id)


def _recipients(offer: Offer) -> list[str]:
    author = publisher(offer)
    recipients = [offer.notification_email]
    if author is not None and author.email not in recipients:
        recipients.append(author.email)
    return recipients


@register("offer_approved")
def offer_approved(offer_id: int) -> Mail:
    offer = _offer(offer_id)
    return Mail("offer_approved", _recipients(offer), {"offer": offer})


@register("offer_rejected")
def offer_rejected(offer_id: int, reason: str) -> Mail:
    offer = _offer(offer_id)
    return Mail("offer_rejected", _recipients(offer), {"offer": offer, "reason": reason})
