"""How a pro reads a booking's status (docs/domain/bookings.md#follow-up): pure functions, no ORM.

The model has four states; a pro sees five, because a CONFIRMED booking is either still cancellable by the
beneficiary ("réservé") or past its cancellation limit ("confirmé").
"""

import datetime

from passculture.bookings.models import BookingStatus

BOOKED = "booked"
CONFIRMED = "confirmed"
VALIDATED = "validated"
CANCELLED = "cancelled"
REIMBURSED = "reimbursed"

# In the order of a booking's life; the labels are those of the exports ("Statut de la contremarque").
PRO_STATUS_LABELS = {
    BOOKED: "réservé",
    CONFIRMED: "confirmé",
    VALIDATED: "validé",
    CANCELLED: "annulé",
    REIMBURSED: "remboursé",
}
PRO_STATUS_CHOICES = [(code, label.capitalize()) for code, label in PRO_STATUS_LABELS.items()]

_FROM_MODEL = {
    BookingStatus.USED: VALIDATED,
    BookingStatus.CANCELLED: CANCELLED,
    BookingStatus.REIMBURSED: REIMBURSED,
}


def pro_status(status: str, cancellation_limit: datetime.datetime, now: datetime.datetime) -> str:
    """``réservé`` while the beneficiary may still cancel (``now ≤ cancellation_limit``), then ``confirmé``."""
    if status == BookingStatus.CONFIRMED:
        return BOOKED if now <= cancellation_limit else CONFIRMED
    return _FROM_MODEL[status]


def display_status(booking, now: datetime.datetime) -> str:
    """The pro-facing status code of ``booking`` (see ``PRO_STATUS_LABELS`` for its label)."""
    return pro_status(booking.status, booking.cancellation_limit_datetime, now)


def display_status_label(booking, now: datetime.datetime) -> str:
    return PRO_STATUS_LABELS[display_status(booking, now)]


def beneficiary_name(user) -> str:
    """ "Nom et prénom du bénéficiaire"."""
    return f"{user.last_name} {user.first_name}".strip()
