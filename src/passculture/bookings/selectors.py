"""Reads of bookings: the pro portal's, always scoped to the caller's structures (docs/domain/bookings.md#follow-up);
a young person's own bookings; the staff pages'; the lifecycle jobs'.

A structure counts when the user is a VALIDATED member of it; another structure's booking, offer, venue or stock
simply does not exist for the caller.
"""

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from passculture.accounts.models import User
from passculture.bookings import errors, rules
from passculture.bookings.models import Booking, BookingStatus
from passculture.core.identifiers import compact
from passculture.core.parameters import get_parameter
from passculture.offerers.selectors import offerers_of, venues_of
from passculture.offers.models import Offer, Stock

# What the list, the exports and the tickets read of each booking: one query whatever the number of lines.
BOOKING_RELATED = ("offer__venue", "stock", "user")


def cancellation_delay(at: datetime.datetime) -> datetime.timedelta:
    """The beneficiary's cancellation delay in force at ``at`` (parameter ``bookings.cancellation_delay_hours``)."""
    return _hours("bookings.cancellation_delay_hours", at)


def cancellation_limits_if_booked(
    stocks: Iterable[Stock], now: datetime.datetime
) -> dict[int, datetime.datetime | None]:
    """By stock id, when a booking made ``now`` could no longer be cancelled; None when it could not be cancelled at
    all (an event starting within the delay)."""
    delay = cancellation_delay(now)
    limits = {stock.pk: rules.cancellation_limit(now, stock.beginning_datetime, delay) for stock in stocks}
    return {pk: None if rules.is_never_cancellable(now, limit) else limit for pk, limit in limits.items()}


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


def offers_of_venues(venue_ids: list[int]) -> QuerySet[Offer]:
    """The offers of these venues (the caller's: see ``offerers.selectors.venues_of``), for a filter of the list."""
    return Offer.objects.filter(venue__in=venue_ids).select_related("venue")


def ticket_dates_of(user: User, *, since: datetime.datetime, venue_id: int | None = None) -> QuerySet[Stock]:
    """The user's event dates not deleted, from ``since`` on, with their booked places (``places``, cancelled
    bookings left out), soonest first."""
    stocks = (
        event_stocks_of(user)
        .filter(is_soft_deleted=False, beginning_datetime__gte=since)
        .annotate(places=Sum("bookings__quantity", filter=~Q(bookings__status=BookingStatus.CANCELLED)))
        .order_by("beginning_datetime", "id")
    )
    if venue_id:
        stocks = stocks.filter(offer__venue_id=venue_id)
    return stocks


def status_q(code: str, now: datetime.datetime) -> Q:
    """The SQL side of ``rules.pro_status``."""
    conditions: dict[str, Q] = {
        rules.ProStatus.BOOKED: Q(status=BookingStatus.CONFIRMED, cancellation_limit_datetime__gte=now),
        rules.ProStatus.CONFIRMED: Q(status=BookingStatus.CONFIRMED, cancellation_limit_datetime__lt=now),
        rules.ProStatus.VALIDATED: Q(status=BookingStatus.USED),
        rules.ProStatus.CANCELLED: Q(status=BookingStatus.CANCELLED),
        rules.ProStatus.REIMBURSED: Q(status=BookingStatus.REIMBURSED),
    }
    return conditions[code]


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
    ``rules.PRO_STATUS_LABELS``.
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
        **{code: Count("pk", filter=status_q(code, now)) for code in rules.PRO_STATUS_LABELS},
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


# --- Counter desk (Guichet) and ticketing API -------------------------------------------------------------------------


def find_by_token(token: str, offerer_ids: Iterable[int]) -> Booking:
    """The booking of a countermark among the caller's structures; another structure's is "unknown", and so is one
    that cannot be a countermark (without a query)."""
    token = rules.normalize_token(token)
    if not rules.is_well_formed_token(token):
        raise errors.UnknownToken(field="token")
    booking = (
        Booking.objects.select_related("offer__venue__offerer", "stock", "user")
        .filter(token=token, offer__venue__offerer_id__in=list(offerer_ids))
        .first()
    )
    if booking is None:
        raise errors.UnknownToken(field="token")
    return booking


# --- A young person's bookings ----------------------------------------------------------------------------------------

BENEFICIARY_RELATED = ("offer__venue", "stock")


def bookings_of_beneficiary(user: User) -> QuerySet[Booking]:
    """The young person's own bookings, newest first, with what a line shows (another's booking does not exist)."""
    return Booking.objects.filter(user=user).select_related(*BENEFICIARY_RELATED).order_by("-created_at", "-id")


def ongoing_q(now: datetime.datetime) -> Q:
    """ "Réservations en cours": booked, neither used nor cancelled, not past its withdrawal date, and not of an event
    that has begun. Every other booking is "terminée"."""
    return (
        Q(status=BookingStatus.CONFIRMED)
        & (Q(expiration_datetime__isnull=True) | Q(expiration_datetime__gt=now))
        & (Q(stock__beginning_datetime__isnull=True) | Q(stock__beginning_datetime__gt=now))
    )


def beneficiary_bookings_split(user: User, now: datetime.datetime) -> tuple[QuerySet[Booking], QuerySet[Booking]]:
    """The young person's bookings "en cours" and "terminées" (:func:`ongoing_q`), newest first."""
    bookings = bookings_of_beneficiary(user)
    condition = ongoing_q(now)
    return bookings.filter(condition), bookings.exclude(condition)


def stock_of_offer_exists(stock_id: int, offer_id: int) -> bool:
    """Whether the stock a form names is one of the offer's (a young person books from the offer page)."""
    return Stock.objects.filter(pk=stock_id, offer_id=offer_id).exists()


# --- Staff pages ------------------------------------------------------------------------------------------------------

STAFF_RELATED = ("offer__venue__offerer", "stock", "user")


def staff_bookings() -> QuerySet[Booking]:
    """Any booking, with what the staff pages show of it."""
    return Booking.objects.select_related(*STAFF_RELATED)


def staff_booking_search(q: str, status: str) -> QuerySet[Booking]:
    """Every booking matching ``q`` (and ``status``), newest first, with what a row shows (one query per page)."""
    bookings = staff_bookings().order_by("-created_at", "-pk")
    if q.strip():
        bookings = bookings.filter(search_q(q))
    if status:
        bookings = bookings.filter(status=status)
    return bookings


def beneficiary_bookings_for_staff(user: User, limit: int) -> list[Booking]:
    """A young person's latest bookings, for their staff page."""
    return list(
        Booking.objects.filter(user=user)
        .select_related("offer__venue__offerer", "stock")
        .order_by("-created_at", "-pk")[:limit]
    )


# --- Lifecycle jobs ---------------------------------------------------------------------------------------------------


def _hours(key: str, at: datetime.datetime) -> datetime.timedelta:
    return datetime.timedelta(hours=get_parameter(key, at=at))


def bookings_to_auto_use(now: datetime.datetime) -> QuerySet[Booking]:
    delay = _hours("bookings.auto_use_delay_hours", now)
    return Booking.objects.filter(
        status__in=rules.allowed_from(rules.Transition.AUTO_USE),
        stock__beginning_datetime__isnull=False,
        stock__beginning_datetime__lte=now - delay,
    )


def bookings_to_expire(now: datetime.datetime) -> QuerySet[Booking]:
    return Booking.objects.filter(status__in=rules.allowed_from(rules.Transition.EXPIRE), expiration_datetime__lte=now)


def bookings_to_remind(now: datetime.datetime) -> QuerySet[Booking]:
    before = datetime.timedelta(days=get_parameter("bookings.expiry_reminder_days"))
    return Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        expiration_datetime__isnull=False,
        expiration_datetime__lte=now + before,
        expiration_datetime__gt=now,
    )
