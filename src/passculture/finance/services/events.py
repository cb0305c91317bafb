"""Finance events (docs/domain/finance.md#finance-events): ``bookings`` tells what happens to a booking through its
usage handler registry (it never imports finance); a used booking makes an event to price, un-using it or
cancelling it after use makes the reverse event."""

import datetime

from passculture.bookings.models import Booking
from passculture.bookings.services import CANCELLED_AFTER_USE, UNUSED, USED
from passculture.finance import rules
from passculture.finance.models import FinanceEvent, FinanceEventMotive, FinanceEventStatus
from passculture.finance.selectors.pricing import pricing_point_at

REVERSE_MOTIVE = {
    UNUSED: FinanceEventMotive.BOOKING_UNUSED,
    CANCELLED_AFTER_USE: FinanceEventMotive.BOOKING_CANCELLED,
}


def finance_event_on_booking_usage(booking: Booking, change: str, at: datetime.datetime) -> FinanceEvent | None:
    """Registered in bookings (``register_usage_handler``), called inside its transaction with the booking locked."""
    if change == USED:
        return _event_used(booking, booking.used_at or at)
    return _event_reversed(booking, REVERSE_MOTIVE[change], at)


def _event_used(booking: Booking, used_at: datetime.datetime) -> FinanceEvent:
    venue = booking.offer.venue
    point = pricing_point_at(venue, used_at)
    return FinanceEvent.objects.create(
        booking=booking,
        motive=FinanceEventMotive.BOOKING_USED,
        status=FinanceEventStatus.READY if point else FinanceEventStatus.PENDING,
        venue=venue,
        pricing_point=point,
        value_date=used_at,
        year=rules.paris_year(used_at),
    )


def _event_reversed(booking: Booking, motive: str, at: datetime.datetime) -> FinanceEvent | None:
    """The reverse of the booking's last use. Not priced yet: both events are simply cancelled. Priced: the reverse
    event waits for the pricing job, which cancels the pricing and re-prices what came after it."""
    original = (
        FinanceEvent.objects.select_for_update(of=("self",))
        .filter(booking=booking, motive=FinanceEventMotive.BOOKING_USED, reversed_by__isnull=True)
        .exclude(status=FinanceEventStatus.CANCELLED)
        .order_by("-id")
        .first()
    )
    if original is None:  # used before finance events existed
        return None
    priced = original.status == FinanceEventStatus.PRICED
    reverse = FinanceEvent.objects.create(
        booking=booking,
        motive=motive,
        status=FinanceEventStatus.READY if priced else FinanceEventStatus.CANCELLED,
        venue=original.venue,
        pricing_point=original.pricing_point,
        value_date=at,
        year=original.year,
        reverses=original,
    )
    if not priced:
        original.status = FinanceEventStatus.CANCELLED
        original.save(update_fields=["status"])
    return reverse
