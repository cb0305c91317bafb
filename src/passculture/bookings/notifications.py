"""Booking mails: both sides are told of every booking and cancellation (guide step 7).

The services do not send them: once their transaction commits they enqueue
:func:`passculture.bookings.tasks.send_booking_mail`, one task per recipient, which a Celery worker runs (or the
request itself, inline, when no broker is configured). The mail is built here from the booking as the database
holds it, to the booking's beneficiary or to the offer's booking email (DOMAIN §2).
"""

from passculture.bookings import rules
from passculture.bookings.models import Booking, CancellationReason
from passculture.core.dates import format_datetime
from passculture.core.mail import build_message
from passculture.core.money import format_cents

CONFIRMED = "booking_confirmed"
CANCELLED = "booking_cancelled"
EVENTS = (CONFIRMED, CANCELLED)
BENEFICIARY = "beneficiary"
OFFERER = "offerer"
SIDES = (BENEFICIARY, OFFERER)


def booking_mail_send(booking_id: int, event: str, side: str, comment: str = "") -> None:
    """Send the ``event`` mail (``booking_confirmed`` or ``booking_cancelled``) of a booking to one ``side``."""
    if event not in EVENTS or side not in SIDES:
        raise ValueError(f"no booking mail {event!r} to {side!r}")
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
    if event == CANCELLED:
        context["reason"] = CancellationReason(booking.cancellation_reason).label if booking.cancellation_reason else ""
        context["comment"] = comment
    recipient = booking.user.email if side == BENEFICIARY else offer.notification_email
    # Sent at once: the task only runs once the booking's transaction has committed.
    build_message(f"{event}_{side}", [recipient], context).send()
