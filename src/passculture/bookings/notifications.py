"""Booking mails: both sides are told of every booking and cancellation (docs/domain/bookings.md#notifications).

The services do not send them: once their transaction commits they enqueue
:func:`passculture.bookings.tasks.send_booking_mails`, which a Celery worker runs (or the request itself, inline,
when no broker is configured). The mails are built here from the booking as the database holds it, one to the
booking's beneficiary and one to the offer's booking email (docs/domain/offerers.md#venues).
"""

from smtplib import SMTPException

from django.utils import timezone

from passculture.bookings import rules
from passculture.bookings.models import Booking, CancellationReason
from passculture.core.dates import format_datetime
from passculture.core.mail import build_message
from passculture.core.money import format_cents

CONFIRMED = "booking_confirmed"
CANCELLED = "booking_cancelled"
DATE_CHANGED = "booking_date_changed"
BENEFICIARY = "beneficiary"
OFFERER = "offerer"
SIDES = (BENEFICIARY, OFFERER)
# Who is told of each event: the structure changed the date itself.
SIDES_OF_EVENT = {CONFIRMED: SIDES, CANCELLED: SIDES, DATE_CHANGED: (BENEFICIARY,)}


class BookingMailsFailed(Exception):
    """Some mails could not be sent: ``sides`` are the recipients still to be sent to."""

    def __init__(self, sides: list[str], error: Exception) -> None:
        super().__init__(f"booking mails to {', '.join(sides)} not sent: {error}")
        self.sides = sides
        self.error = error


def booking_mails_send(booking_id: int, event: str, sides=SIDES, comment: str = "") -> None:
    """Send the ``event`` mail (``booking_confirmed``, ``booking_cancelled``, ``booking_date_changed``) of a
    booking to each of ``sides``.

    Each side is tried even when another fails; :class:`BookingMailsFailed` then names the sides left to send to
    (a retry never sends a mail twice)."""
    if event not in SIDES_OF_EVENT or not set(sides) <= set(SIDES_OF_EVENT[event]):
        raise ValueError(f"no booking mail {event!r} to {sides!r}")
    booking = Booking.objects.select_related("offer__venue", "stock", "user").get(pk=booking_id)
    offer, venue = booking.offer, booking.offer.venue
    context = {
        "booking": booking,
        "offer": offer,
        "venue": venue,
        "stock": booking.stock,
        "beneficiary": booking.user,
        "starts_at": format_datetime(booking.stock.beginning_datetime, venue.timezone),
        "cancellation_limit": format_datetime(booking.cancellation_limit_datetime, venue.timezone),
        "expires_at": format_datetime(booking.expiration_datetime, venue.timezone),
        "total": format_cents(booking.total_cents, free_label="Gratuit"),
        "qr_code_data": rules.qr_code_data(booking.token),
    }
    if event == DATE_CHANGED:  # the latest change of the date, from the stock's history
        change = booking.stock.date_changes.order_by("-created_at", "-pk").first()
        context["previous_starts_at"] = format_datetime(change.old_beginning_datetime, venue.timezone) if change else ""
        context["can_still_cancel"] = booking.cancellation_limit_datetime >= timezone.now()
    if event == CANCELLED:
        context["reason"] = CancellationReason(booking.cancellation_reason).label if booking.cancellation_reason else ""
        context["comment"] = comment
    recipients = {BENEFICIARY: booking.user.email, OFFERER: offer.notification_email}
    failed, error = [], None
    for side in sides:
        try:
            # Sent at once: the task only runs once the booking's transaction has committed.
            build_message(f"{event}_{side}", [recipients[side]], context).send()
        except (SMTPException, OSError) as exc:
            failed.append(side)
            error = exc
    if failed:
        raise BookingMailsFailed(failed, error)
