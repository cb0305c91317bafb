"""Pure booking rules: countermarks, cancellation and withdrawal deadlines, the status ladder. No ORM."""

import datetime
import enum
import re
import secrets

from passculture.bookings import errors
from passculture.bookings.models import BookingStatus
from passculture.core.dates import format_datetime
from passculture.core.errors import DomainError
from passculture.core.transitions import StateMachine
from passculture.core.transitions import Transition as StatusChange
from passculture.offerers.models import OffererStatus

# No 0/O, 1/I, 8/9: a countermark is read aloud and typed at a desk (docs/domain/bookings.md#countermark).
TOKEN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ234567"
TOKEN_LENGTH = 6
QR_CODE_PREFIX = "PASSCULTURE:v3;TOKEN:"


def generate_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def normalize_token(typed: str) -> str:
    """Any case, spaces and dashes ignored: ``" ab-c2 34 "`` → ``"ABC234"``."""
    return re.sub(r"[\s\-]", "", typed or "").upper()


def is_well_formed_token(token: str) -> bool:
    return len(token) == TOKEN_LENGTH and all(c in TOKEN_ALPHABET for c in token)


def printable_token(typed: str) -> str:
    """A typed countermark as the audit keeps it: normalised, printable characters only, 20 at most."""
    return "".join(character for character in normalize_token(typed) if character.isprintable())[:20]


def qr_code_data(token: str) -> str:
    return f"{QR_CODE_PREFIX}{token}"


def cancellation_limit(
    booked_at: datetime.datetime, starts_at: datetime.datetime | None, delay: datetime.timedelta
) -> datetime.datetime:
    """``max(booked_at, min(booked_at + delay, starts_at − delay))`` (events); ``booked_at + delay`` otherwise."""
    if starts_at is None:
        return booked_at + delay
    return max(booked_at, min(booked_at + delay, starts_at - delay))


def is_never_cancellable(booked_at: datetime.datetime, limit: datetime.datetime) -> bool:
    """An event booked less than the delay before its start: its limit is the moment it was booked, so the young
    person could never cancel it."""
    return limit <= booked_at


def auto_use_due(starts_at: datetime.datetime, delay: datetime.timedelta, now: datetime.datetime) -> bool:
    """An event booking still unused ``delay`` after the start becomes USED."""
    return now >= starts_at + delay


# --- The status ladder ------------------------------------------------------------------------------------------------
#
# CONFIRMED ──use──▶ USED ──reimburse (finance)──▶ REIMBURSED;  USED ──unuse──▶ CONFIRMED;
# CONFIRMED ──cancel──▶ CANCELLED.
# The services guard every transition with :func:`check`; the pages show a button only if :func:`allows` says so.


class Transition(enum.StrEnum):
    USE = "use"  # the desk or a ticketing software validates the countermark
    UNUSE = "unuse"  # "Invalider" (the API's "keep"): a validated countermark is to validate again
    AUTO_USE = "auto_use"  # an event booking still unused after the event (the job)
    CANCEL_BY_BENEFICIARY = "cancel_by_beneficiary"  # within the cancellation delay
    CANCEL_BY_OFFERER = "cancel_by_offerer"  # any time before it is used
    CANCEL_BY_STAFF = "cancel_by_staff"  # even a used one, never a reimbursed one
    CANCEL_WITH_STOCK = "cancel_with_stock"  # a deleted date or a rejected offer takes its unused bookings
    EXPIRE = "expire"  # a good not collected in time (the job)
    REIMBURSE = "reimburse"  # finance confirmed the payment batch that paid it


# Why a booking in this status refuses a transition that does not start from it: the first thing a person hears.
REFUSED_IN: dict[str, type[DomainError]] = {
    BookingStatus.CANCELLED: errors.AlreadyCancelled,
    BookingStatus.REIMBURSED: errors.AlreadyReimbursed,
    BookingStatus.USED: errors.AlreadyUsed,
    BookingStatus.CONFIRMED: errors.NotUsed,
}

_CONFIRMED, _USED = frozenset({BookingStatus.CONFIRMED}), frozenset({BookingStatus.USED})

# Each transition: the statuses it starts from, the status it leads to.
BOOKING_STATUS = StateMachine(
    StatusChange(Transition.USE, _CONFIRMED, BookingStatus.USED, REFUSED_IN),
    StatusChange(Transition.UNUSE, _USED, BookingStatus.CONFIRMED, REFUSED_IN),
    StatusChange(Transition.AUTO_USE, _CONFIRMED, BookingStatus.USED, REFUSED_IN),
    StatusChange(Transition.CANCEL_BY_BENEFICIARY, _CONFIRMED, BookingStatus.CANCELLED, REFUSED_IN),
    StatusChange(Transition.CANCEL_BY_OFFERER, _CONFIRMED, BookingStatus.CANCELLED, REFUSED_IN),
    StatusChange(Transition.CANCEL_BY_STAFF, _CONFIRMED | _USED, BookingStatus.CANCELLED, REFUSED_IN),
    StatusChange(Transition.CANCEL_WITH_STOCK, _CONFIRMED, BookingStatus.CANCELLED, REFUSED_IN),
    StatusChange(Transition.EXPIRE, _CONFIRMED, BookingStatus.CANCELLED, REFUSED_IN),
    StatusChange(Transition.REIMBURSE, _USED, BookingStatus.REIMBURSED, REFUSED_IN),
)


def allowed_from(transition: Transition) -> frozenset[str]:
    """The statuses ``transition`` starts from (the jobs select their bookings by them)."""
    return BOOKING_STATUS[transition].sources


def leads_to(transition: Transition) -> str:
    target = BOOKING_STATUS[transition].target
    assert target is not None  # every booking transition names its status
    return target


def _too_late_to_cancel(booking, now: datetime.datetime) -> DomainError | None:
    return errors.ConfirmedBooking() if now > booking.cancellation_limit_datetime else None


def _not_at_the_desk(booking, now: datetime.datetime) -> DomainError | None:
    """After the status (docs/domain/bookings.md#refusals): a closed structure, then an event still inside its
    cancellation delay."""
    venue = booking.offer.venue
    if venue.offerer.status == OffererStatus.CLOSED:
        return errors.OffererClosed()
    if booking.stock.beginning_datetime is not None and now < booking.cancellation_limit_datetime:
        return errors.TooEarlyToValidate(date=format_datetime(booking.cancellation_limit_datetime, venue.timezone))
    return None


# What a transition asks beyond the status, checked after it, in this order.
FURTHER_CHECKS = {
    Transition.USE: (_not_at_the_desk,),
    Transition.CANCEL_BY_BENEFICIARY: (_too_late_to_cancel,),
}


def refusal(booking, transition: Transition, now: datetime.datetime) -> DomainError | None:
    """The error refusing ``transition`` of ``booking`` now (the first a person needs to hear), ``None`` if allowed.

    Reads the booking's attributes only: the status first, then the further checks of the transition (the desk
    reads the booking's offer, venue, structure and stock: load them with it)."""
    error = BOOKING_STATUS.refusal(transition, booking.status)
    if error is not None:
        return error
    for further_check in FURTHER_CHECKS.get(transition, ()):
        error = further_check(booking, now)
        if error is not None:
            return error
    return None


def allows(booking, transition: Transition, now: datetime.datetime) -> bool:
    """Whether a page offers the button of ``transition`` (the service still checks, with the row locked)."""
    return refusal(booking, transition, now) is None


def check(booking, transition: Transition, now: datetime.datetime) -> None:
    """Raise the refusal of ``transition``, if any (the services' guard)."""
    error = refusal(booking, transition, now)
    if error is not None:
        raise error


# --- How a pro reads a booking's status (docs/domain/bookings.md#follow-up) -------------------------------------------
#
# The model has four states; a pro sees five, because a CONFIRMED booking is either still cancellable by the
# beneficiary ("réservé") or past its cancellation limit ("confirmé").


class ProStatus(enum.StrEnum):
    BOOKED = "booked"
    CONFIRMED = "confirmed"
    VALIDATED = "validated"
    CANCELLED = "cancelled"
    REIMBURSED = "reimbursed"


# In the order of a booking's life; the labels are those of the exports ("Statut de la contremarque").
PRO_STATUS_LABELS = {
    ProStatus.BOOKED: "réservé",
    ProStatus.CONFIRMED: "confirmé",
    ProStatus.VALIDATED: "validé",
    ProStatus.CANCELLED: "annulé",
    ProStatus.REIMBURSED: "remboursé",
}
PRO_STATUS_CHOICES = [(code.value, label.capitalize()) for code, label in PRO_STATUS_LABELS.items()]

_PRO_STATUS_OF: dict[str, ProStatus] = {
    BookingStatus.USED: ProStatus.VALIDATED,
    BookingStatus.CANCELLED: ProStatus.CANCELLED,
    BookingStatus.REIMBURSED: ProStatus.REIMBURSED,
}


def pro_status(status: str, cancellation_limit: datetime.datetime, now: datetime.datetime) -> ProStatus:
    """``réservé`` while the beneficiary may still cancel (``now ≤ cancellation_limit``), then ``confirmé``."""
    if status == BookingStatus.CONFIRMED:
        return ProStatus.BOOKED if now <= cancellation_limit else ProStatus.CONFIRMED
    return _PRO_STATUS_OF[status]


def display_status(booking, now: datetime.datetime) -> ProStatus:
    """The pro-facing status of ``booking`` (see ``PRO_STATUS_LABELS`` for its label)."""
    return pro_status(booking.status, booking.cancellation_limit_datetime, now)


def display_status_label(booking, now: datetime.datetime) -> str:
    return PRO_STATUS_LABELS[display_status(booking, now)]


def beneficiary_name(user) -> str:
    """ "Nom et prénom du bénéficiaire"."""
    return f"{user.last_name} {user.first_name}".strip()


def quantity_label(quantity: int, *, is_event: bool) -> str:
    """What a booking holds, in the words of its kind: places of an event (``2 places (Duo)``), copies of a thing
    (a book, a record: ``1 exemplaire``)."""
    if is_event:
        return "2 places (Duo)" if quantity == 2 else f"{quantity} place" + ("s" if quantity > 1 else "")
    return f"{quantity} exemplaire" + ("s" if quantity > 1 else "")
