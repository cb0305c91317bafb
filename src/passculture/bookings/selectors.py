"""Reads of bookings for the pro portal, always scoped to the caller's structures (docs/domain/bookings.md#follow-up).

A structure counts when the user is a VALIDATED member of it; another structure's booking, offer, venue or stock
simply does not exist for the caller.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from passculture.accounts.models import User
from passculture.bookings import display, rules
from passculture.bookings.models import Booking, BookingStatus
from passculture.core.identifiers import compact
from passculture.offerers.selectors import offerers_of, venues_of
from passculture.offers.models import Stock

# What the list, the exports and the tickets read of each booking: one query whatever the number of lines.
BOOKING_RELATED = ("offer__venue", "stock", "user")


def _offerer_ids(user: User):
    return offerers_of(user).order_by().values("pk")


def bookings_of(user: User) -> QuerySet[Booking]:
    """Bookings of the offers of the structures the user is a validated member of."""
    return Booking.objects.filter(offer__venue__offerer_id__in=_offerer_ids(user))


def event_stocks_of(user: User) -> QuerySet[Stock]:
    """Event dates (stocks with a start) of the user's structures, deleted ones included (they keep bookings)."""
    return Stock.objects.filter(
        offer__venue__offerer_id__in=_offerer_ids(user), beginning_datetime__isnull=False
    ).select_related("offer__venue")


def status_q(code: str, now: datetime.datetime) -> Q:
    """The SQL side of ``display.pro_status``."""
    return {
        display.BOOKED: Q(status=BookingStatus.CONFIRMED, cancellation_limit_datetime__gte=now),
        display.CONFIRMED: Q(status=BookingStatus.CONFIRMED, cancellation_limit_datetime__lt=now),
        display.VALIDATED: Q(status=BookingStatus.USED),
        display.CANCELLED: Q(status=BookingStatus.CANCELLED),
        display.REIMBURSED: Q(status=BookingStatus.REIMBURSED),
    }[code]


def _local_days_q(field: str, start: datetime.date | None, end: datetime.date | None, timezones) -> Q:
    """``field`` falls between the days ``start`` and ``end`` (included) in the time zone of each booking's venue."""
    condition = Q(pk__in=[])  # no time zone: nothing matches
    for tz_name in timezones:
        tz = ZoneInfo(tz_name)
        in_tz = Q(offer__venue__timezone=tz_name)
        if start:
            in_tz &= Q(**{f"{field}__gte": datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)})
        if end:
            after = end + datetime.timedelta(days=1)
            in_tz &= Q(**{f"{field}__lt": datetime.datetime.combine(after, datetime.time.min, tzinfo=tz)})
        condition |= in_tz
    return condition


def search_q(search: str) -> Q:
    """A countermark, an EAN, part of the beneficiary's email or name ("Camille Martin"), or of the offer's name
    (names: case and accents ignored)."""
    search = search.strip()
    condition = (
        Q(token=rules.normalize_token(search)) | Q(user__email__icontains=search) | Q(offer__name__fcontains=search)
    )
    digits = compact(search)
    if digits.isdigit():
        condition |= Q(offer__extra_data__ean=digits)
    words = search.split()
    if words:
        name = Q()
        for word in words:
            name &= Q(user__first_name__fcontains=word) | Q(user__last_name__fcontains=word)
        condition |= name
    return condition


def pro_booking_list(
    user: User,
    *,
    venue_id: int | None = None,
    offer_id: int | None = None,
    stock_id: int | None = None,
    event_date: datetime.date | None = None,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    status: str = "",
    search: str = "",
    now: datetime.datetime | None = None,
) -> QuerySet[Booking]:
    """Suivi des réservations: the user's bookings, newest first, with the filters of the page and the exports.

    ``event_date`` and the booking period are days in each venue's time zone; ``status`` is a pro-facing code of
    ``display.PRO_STATUS_LABELS``.
    """
    now = now or timezone.now()
    bookings = bookings_of(user).select_related(*BOOKING_RELATED).order_by("-created_at", "-id")
    if venue_id:
        bookings = bookings.filter(offer__venue_id=venue_id)
    if offer_id:
        bookings = bookings.filter(offer_id=offer_id)
    if stock_id:
        bookings = bookings.filter(stock_id=stock_id)
    if event_date or period_start or period_end:
        timezones = sorted(set(venues_of(user).values_list("timezone", flat=True)))
        if event_date:
            bookings = bookings.filter(_local_days_q("stock__beginning_datetime", event_date, event_date, timezones))
        if period_start or period_end:
            bookings = bookings.filter(_local_days_q("created_at", period_start, period_end, timezones))
    if search.strip():
        bookings = bookings.filter(search_q(search))
    if status:
        bookings = bookings.filter(status_q(status, now))
    return bookings


def booking_counts(bookings: QuerySet[Booking], now: datetime.datetime | None = None) -> dict[str, int]:
    """Bookings per pro-facing status, their total, and the number of places (a duo is 2), in one query."""
    now = now or timezone.now()
    counts = bookings.order_by().aggregate(
        total=Count("pk"),
        places=Sum("quantity"),
        **{code: Count("pk", filter=status_q(code, now)) for code in display.PRO_STATUS_LABELS},
    )
    counts["places"] = counts["places"] or 0
    return counts


def tickets_to_issue(stock: Stock) -> QuerySet[Booking]:
    """The booked, non-cancelled places of an event date, to print every ticket (docs/domain/bookings.md#tickets)."""
    return (
        stock.bookings.exclude(status=BookingStatus.CANCELLED)
        .select_related(*BOOKING_RELATED)
        .order_by("user__last_name", "user__first_name", "token")
    )
