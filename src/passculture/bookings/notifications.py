"""Booking mails: both sides are told of every booking and cancellation (docs/domain/bookings.md#notifications).

The services do not build them: they call ``send_on_commit`` (``passculture.core.mail``) with the booking's id,
and once their transaction commits one task builds the mails here, from the booking as the database holds it (or,
sent inline, from the booking the service committed, with its offer, venue, stock and young person already read):
one to the booking's beneficiary and one to the offer's booking email (docs/domain/offerers.md#venues), each
retried on its own.
"""

import datetime

from django.utils import timezone

from passculture.bookings import rules
from passculture.bookings.models import Booking, CancellationReason
from passculture.bookings.selectors import cancellation_delay
from passculture.core.dates import format_datetime
from passculture.core.mail import Mail, register
from passculture.core.money import format_cents

CONFIRMED = "booking_confirmed"
CANCELLED = "booking_cancelled"
DATE_CHANGED = "booking_date_changed"
EXPIRY_REMINDER = "booking_expiry_reminder"
BENEFICIARY = "beneficiary"
OFFERER = "offerer"
SIDES = (BENEFICIARY, OFFERER)
# Who is told of each event: the structure changed the date itself.
SIDES_OF_EVENT = {CONFIRMED: SIDES, CANCELLED: SIDES, DATE_CHANGED: (BENEFICIARY,)}


def _booking(booking_id: int, booking: Booking | None) -> Booking:
    """The booking the service holds, as it committed it (``loaded``, when the mail is sent inline), else read."""
    if booking is not None:
        return booking
    return Booking.objects.select_related("offer__venue", "stock", "user").get(pk=booking_id)


def _context(booking: Booking) -> dict:
    offer, venue = booking.offer, booking.offer.venue
    limit = booking.cancellation_limit_datetime
    return {
        "booking": booking,
        "offer": offer,
        "venue": venue,
        "stock": booking.stock,
        "beneficiary": booking.user,
        "starts_at": format_datetime(booking.stock.beginning_datetime, venue.timezone),
        "cancellation_limit": format_datetime(limit, venue.timezone),
        # A mail never promises a moment already past (docs/domain/bookings.md#cancellation).
        "can_cancel": limit > timezone.now(),
        "never_cancellable": rules.is_never_cancellable(booking.created_at, limit),
        "cancellation_delay_hours": cancellation_delay(booking.created_at) // datetime.timedelta(hours=1),
        "expires_at": format_datetime(booking.expiration_datetime, venue.timezone),
        "total": format_cents(booking.total_cents, free_label="Gratuit"),
        "qr_code_data": rules.qr_code_data(booking.token),
    }


def _to_each_side(event: str, booking: Booking, context: dict) -> dict[str, Mail]:
    recipients = {BENEFICIARY: booking.user.email, OFFERER: booking.offer.notification_email}
    return {side: Mail(f"{event}_{side}", [recipients[side]], context) for side in SIDES_OF_EVENT[event]}


@register(CONFIRMED)
def booking_confirmed(booking_id: int, booking: Booking | None = None) -> dict[str, Mail]:
    booking = _booking(booking_id, booking)
    return _to_each_side(CONFIRMED, booking, _context(booking))


@register(CANCELLED)
def booking_cancelled(booking_id: int, comment: str = "", booking: Booking | None = None) -> dict[str, Mail]:
    booking = _booking(booking_id, booking)
    context = _context(booking)
    context["reason"] = CancellationReason(booking.cancellation_reason).label if booking.cancellation_reason else ""
    context["comment"] = comment
    return _to_each_side(CANCELLED, booking, context)


@register(DATE_CHANGED)
def booking_date_changed(booking_id: int, booking: Booking | None = None) -> dict[str, Mail]:
    booking = _booking(booking_id, booking)
    context = _context(booking)
    venue = booking.offer.venue
    change = booking.stock.date_changes.order_by("-created_at", "-pk").first()  # the latest, from the history
    context["previous_starts_at"] = format_datetime(change.old_beginning_datetime, venue.timezone) if change else ""
    return _to_each_side(DATE_CHANGED, booking, context)


@register(EXPIRY_REMINDER)
def booking_expiry_reminder(booking_id: int, booking: Booking | None = None) -> Mail:
    booking = _booking(booking_id, booking)
    return Mail(f"{EXPIRY_REMINDER}_{BENEFICIARY}", [booking.user.email], _context(booking))
