"""Pricing points (docs/domain/finance.md#pricing-points): a venue without a SIRET, or the digital venue, counts its
revenue in the scale of a SIRET venue of the same structure, chosen by the pro; over time, links never overlap."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from passculture.core.audit import log_action
from passculture.core.dates import format_date
from passculture.finance import errors
from passculture.finance.models import FinanceEvent, FinanceEventStatus, PricingPointLink
from passculture.offerers.models import Venue


@transaction.atomic
def pricing_point_link(
    venue_id: int, pricing_point_id: int, actor, *, at: datetime.datetime | None = None, replace: bool = False
) -> PricingPointLink:
    """Make ``pricing_point_id`` the pricing point of ``venue_id`` from ``at`` (now). A pro chooses once; staff may
    ``replace`` the link in force (it then ends at ``at``). The events of the venue waiting for a pricing point get
    this one and become ready to price."""
    at = at or timezone.now()
    venue = Venue.objects.select_for_update().get(pk=venue_id)
    point = Venue.objects.get(pk=pricing_point_id)
    if venue.siret:
        raise errors.VenueHasSiret()
    if point.offerer_id != venue.offerer_id:
        raise errors.PricingPointOfAnotherOfferer(field="pricing_point")
    if not point.siret or point.is_virtual:
        raise errors.PricingPointWithoutSiret(field="pricing_point")
    current = PricingPointLink.objects.filter(venue=venue, ends_at__isnull=True).first()
    if current is not None:
        if not replace:
            raise errors.PricingPointAlreadySet(since=format_date(current.starts_at), field="pricing_point")
        if current.starts_at >= at:
            raise errors.PricingPointOverlap()
        current.ends_at = at
        current.save(update_fields=["ends_at"])
    if PricingPointLink.objects.filter(venue=venue, ends_at__gt=at).exists():
        raise errors.PricingPointOverlap()
    link = PricingPointLink.objects.create(venue=venue, pricing_point=point, starts_at=at)
    waiting = FinanceEvent.objects.filter(venue=venue, status=FinanceEventStatus.PENDING)
    released = waiting.update(pricing_point=point, status=FinanceEventStatus.READY)
    if released:
        transaction.on_commit(_price_soon, robust=True)
    log_action(
        actor, "venue.pricing_point_linked", venue,
        {"pricing_point": point.pk, "replaced": current.pricing_point_id if current else None, "released": released},
    )  # fmt: skip
    return link


def _price_soon() -> None:
    """The bookings that waited for this pricing point are priced now (a Celery task; inline without a broker, as
    the mail path does) rather than at the next run of the job."""
    from passculture.finance import tasks
    from passculture.finance.services.pricing import price_events

    if settings.CELERY_TASK_ALWAYS_EAGER:
        price_events()  # no broker: the task's body, without Celery's eager machinery
    else:
        tasks.price_bookings.delay()
