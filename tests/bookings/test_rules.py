"""The booking status ladder as data (``bookings.rules``): which transition each status allows, and what refuses it."""

import datetime
from types import SimpleNamespace

import pytest

from passculture.bookings import errors, rules
from passculture.bookings.models import BookingStatus
from passculture.bookings.rules import Transition
from passculture.core.dates import format_datetime
from passculture.offerers.models import OffererStatus

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)
CONFIRMED, USED, REIMBURSED, CANCELLED = (
    BookingStatus.CONFIRMED,
    BookingStatus.USED,
    BookingStatus.REIMBURSED,
    BookingStatus.CANCELLED,
)


def booking(status=CONFIRMED, *, limit=NOW - HOUR, starts=None, offerer_status=OffererStatus.VALIDATED):
    """What the rules read of a booking, no database."""
    offerer = SimpleNamespace(status=offerer_status)
    venue = SimpleNamespace(offerer=offerer, timezone="Europe/Paris")
    return SimpleNamespace(
        status=status,
        cancellation_limit_datetime=limit,
        stock=SimpleNamespace(beginning_datetime=starts),
        offer=SimpleNamespace(venue=venue),
    )


def refused(status, transition, **fields):
    error = rules.refusal(booking(status, **fields), transition, NOW)
    return None if error is None else type(error)


@pytest.mark.parametrize(
    ("transition", "expected"),
    [
        (Transition.USE, {CONFIRMED: None, USED: errors.AlreadyUsed}),
        (Transition.UNUSE, {CONFIRMED: errors.NotUsed, USED: None}),
        (Transition.AUTO_USE, {CONFIRMED: None, USED: errors.AlreadyUsed}),
        (Transition.CANCEL_BY_BENEFICIARY, {CONFIRMED: None, USED: errors.AlreadyUsed}),
        (Transition.CANCEL_BY_OFFERER, {CONFIRMED: None, USED: errors.AlreadyUsed}),
        (Transition.CANCEL_BY_STAFF, {CONFIRMED: None, USED: None}),
        (Transition.CANCEL_WITH_STOCK, {CONFIRMED: None, USED: errors.AlreadyUsed}),
        (Transition.EXPIRE, {CONFIRMED: None, USED: errors.AlreadyUsed}),
    ],
)
def test_each_transition_starts_from_its_statuses(transition, expected):
    limit = NOW + HOUR if transition == Transition.CANCEL_BY_BENEFICIARY else NOW - HOUR
    for status, error in expected.items():
        assert refused(status, transition, limit=limit) is error, status
    # Nothing leaves a cancelled or a reimbursed booking.
    assert refused(CANCELLED, transition) is errors.AlreadyCancelled
    assert refused(REIMBURSED, transition) is errors.AlreadyReimbursed


def test_every_transition_has_its_statuses_and_its_destination():
    assert set(rules.BOOKING_STATUS.transitions) == set(Transition)
    assert set(rules.REFUSED_IN) == set(BookingStatus.values)
    assert rules.leads_to(Transition.USE) == USED and rules.leads_to(Transition.UNUSE) == CONFIRMED


def test_the_beneficiary_may_cancel_until_the_limit_included():
    assert rules.allows(booking(limit=NOW), Transition.CANCEL_BY_BENEFICIARY, NOW)
    assert refused(CONFIRMED, Transition.CANCEL_BY_BENEFICIARY, limit=NOW - HOUR) is errors.ConfirmedBooking
    # The status is told first: a used booking is "already used", not "too late".
    assert refused(USED, Transition.CANCEL_BY_BENEFICIARY, limit=NOW - HOUR) is errors.AlreadyUsed


def test_the_desk_refuses_in_the_order_a_person_needs_to_hear():
    closed = OffererStatus.CLOSED
    assert refused(USED, Transition.USE, offerer_status=closed) is errors.AlreadyUsed
    assert refused(CONFIRMED, Transition.USE, offerer_status=closed, limit=NOW + HOUR) is errors.OffererClosed
    assert refused(CONFIRMED, Transition.USE, starts=NOW + 10 * HOUR, limit=NOW + HOUR) is errors.TooEarlyToValidate
    assert refused(CONFIRMED, Transition.USE, starts=None, limit=NOW + HOUR) is None  # a good: at once
    assert refused(CONFIRMED, Transition.USE, starts=NOW + 10 * HOUR, limit=NOW) is None


def test_too_early_tells_the_date_in_the_venues_time_zone():
    error = rules.refusal(booking(starts=NOW + 10 * HOUR, limit=NOW + HOUR), Transition.USE, NOW)
    assert format_datetime(NOW + HOUR, "Europe/Paris") in error.message


def test_check_raises_the_refusal_and_allows_says_whether_there_is_none():
    with pytest.raises(errors.AlreadyCancelled):
        rules.check(booking(CANCELLED), Transition.CANCEL_BY_STAFF, NOW)
    rules.check(booking(USED), Transition.CANCEL_BY_STAFF, NOW)
    assert rules.allows(booking(USED), Transition.UNUSE, NOW)
    assert not rules.allows(booking(USED), Transition.CANCEL_BY_OFFERER, NOW)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [(" ab-c2 34 ", "ABC234"), ("abc\x00def", "ABCDEF"), ("x" * 40, "X" * 20)],
)
def test_printable_token(typed, kept):
    assert rules.printable_token(typed) == kept


@pytest.mark.parametrize(
    ("quantity", "is_event", "label"),
    [(1, True, "1 place"), (2, True, "2 places (Duo)"), (1, False, "1 exemplaire"), (2, False, "2 exemplaires")],
)
def test_a_booking_holds_places_of_an_event_and_copies_of_a_thing(quantity, is_event, label):
    assert rules.quantity_label(quantity, is_event=is_event) == label
