"""Reads of offers, always scoped to the caller (pro side) or to what may be shown (beneficiary side)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from passculture.accounts.models import User
from passculture.connectors.geocoding import AddressNotFound, GeocodingError, get_geocoding_client
from passculture.core.audit import audit_trail
from passculture.core.identifiers import normalise_ean
from passculture.core.models import AuditLogEntry
from passculture.core.parameters import get_parameter
from passculture.offerers.models import OffererStatus
from passculture.offerers.selectors import offerers_of, validated_members, venues_of
from passculture.offers import errors, rules
from passculture.offers.models import Offer, OfferStatus, OfferValidation, OfferValidationRule, Product, Stock


def _live_stocks(now: datetime.datetime) -> QuerySet[Stock]:
    """Stocks not deleted, still open for booking (limit not passed, event not started)."""
    return Stock.objects.filter(offer=OuterRef("pk"), is_soft_deleted=False).exclude(
        Q(booking_limit_datetime__lte=now) | Q(beginning_datetime__lte=now)
    )


def bookable_stocks(now: datetime.datetime) -> QuerySet[Stock]:
    """Live stocks with places left (``quantity`` null means unlimited)."""
    return _live_stocks(now).filter(Q(quantity__isnull=True) | Q(quantity__gt=F("booked_quantity")))


def with_status(offers: QuerySet[Offer], now: datetime.datetime | None = None) -> QuerySet[Offer]:
    """Annotate ``status`` as the pro sees it (the SQL twin of :func:`passculture.offers.rules.offer_status`)."""
    now = now or timezone.now()
    return offers.annotate(
        has_live_stock=Exists(_live_stocks(now)),
        has_bookable_stock=Exists(bookable_stocks(now)),
        status=Case(
            When(validation=OfferValidation.REJECTED, then=Value(OfferStatus.REJECTED)),
            When(validation=OfferValidation.PENDING, then=Value(OfferStatus.PENDING)),
            When(validation=OfferValidation.DRAFT, then=Value(OfferStatus.DRAFT)),
            When(is_active=False, then=Value(OfferStatus.INACTIVE)),
            When(has_live_stock=False, then=Value(OfferStatus.EXPIRED)),
            When(has_bookable_stock=False, then=Value(OfferStatus.SOLD_OUT)),
            default=Value(OfferStatus.ACTIVE),
            output_field=CharField(),
        ),
    )


def offers_of(user: User) -> QuerySet[Offer]:
    """Offers of the structures the user is a validated member of."""
    return Offer.objects.filter(venue__offerer__in=offerers_of(user)).select_related("venue", "venue__offerer")


def pro_offer_list(
    user: User,
    *,
    text: str = "",
    venue_id: int | None = None,
    category_id: str = "",
    status: str = "",
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> QuerySet[Offer]:
    """The pro offers list with its filters; one query per page whatever the number of offers."""
    from passculture.offers.categories import subcategories_of

    offers = with_status(offers_of(user))
    text = text.strip()
    if text:
        ean = normalise_ean(text)
        offers = offers.filter(extra_data__ean=ean) if ean else offers.filter(name__fcontains=text)
    if venue_id:
        offers = offers.filter(venue_id=venue_id)
    if category_id:
        offers = offers.filter(subcategory_id__in=[s.id for s in subcategories_of(category_id, for_pro=False)])
    if status:
        offers = offers.filter(status=status)  # type: ignore[misc]  # the annotation of with_status
    if period_start or period_end:
        offers = offers.filter(_dated_within(user, period_start, period_end))
    return offers.order_by("-created_at", "-id")


def with_live_stocks(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """Prefetch each offer's stocks not deleted, as ``offer.live_stocks`` (one query for the page)."""
    return offers.prefetch_related(
        Prefetch("stocks", queryset=Stock.objects.filter(is_soft_deleted=False), to_attr="live_stocks")
    )


def pro_offer_status_counts(user: User, **filters) -> dict[str, int]:
    """How many offers of the pro list have each status under the other filters (``status`` ignored), and their
    ``total``: one query, each offer's status computed once."""
    offers = pro_offer_list(user, **{**filters, "status": ""})
    by_status = dict(offers.order_by().values_list("status").annotate(offers=Count("pk")))  # type: ignore[misc]
    counts = {status.value: by_status.get(status.value, 0) for status in OfferStatus}
    counts["total"] = sum(by_status.values())
    return counts


def stocks_of(user: User) -> QuerySet[Stock]:
    """The stocks not deleted of the offers of the user's structures."""
    return Stock.objects.filter(offer__in=offers_of(user), is_soft_deleted=False)


def _dated_within(user: User, first_day: datetime.date | None, last_day: datetime.date | None) -> Q:
    """Offers with a date between the two days (included) as the venue's clock reads them: one evening in
    Réunion is the afternoon in Paris. One set of bounds per time zone of the user's venues (usually one)."""
    zones = venues_of(user).order_by().values_list("timezone", flat=True).distinct()
    condition = Q(pk__in=[])
    for zone in zones:
        dated = Stock.objects.filter(offer=OuterRef("pk"), is_soft_deleted=False)
        if first_day:
            dated = dated.filter(beginning_datetime__gte=_midnight(first_day, zone))
        if last_day:
            dated = dated.filter(beginning_datetime__lt=_midnight(last_day + datetime.timedelta(days=1), zone))
        condition |= Q(venue__timezone=zone) & Exists(dated)  # type: ignore[assignment]  # a Q at run time
    return condition


def _midnight(day: datetime.date, zone: str) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZoneInfo(zone))


def visible_offers(now: datetime.datetime | None = None) -> QuerySet[Offer]:
    """What beneficiaries may see and book: approved, active, structure validated, one bookable stock.

    The catalogue search on PostgreSQL has an SQL twin of this rule (``passculture.offers.search.postgresql``):
    change both together."""
    now = now or timezone.now()
    return Offer.objects.filter(
        validation=OfferValidation.APPROVED,
        is_active=True,
        venue__offerer__status=OffererStatus.VALIDATED,
    ).filter(Exists(bookable_stocks(now)))


MAX_PRICE_PARAMETER = "offers.max_price_cents"


def dates_at_price(
    offer_id: int, price_cents: int, starts: Iterable[datetime.datetime], *, except_stock_id: int | None = None
) -> list[datetime.datetime]:
    """Which of ``starts`` the offer already has as a live date at ``price_cents`` (a duplicate for the young)."""
    found = Stock.objects.filter(
        offer_id=offer_id, is_soft_deleted=False, price_cents=price_cents, beginning_datetime__in=list(starts)
    )
    if except_stock_id is not None:
        found = found.exclude(pk=except_stock_id)
    return sorted(start for start in found.values_list("beginning_datetime", flat=True) if start is not None)


def deposit_caps(at: datetime.datetime | None = None) -> rules.DepositCaps:
    """The credit of a young person granted now and its caps (parameters of the beneficiaries' deposits)."""
    return rules.DepositCaps(
        total_cents=get_parameter("beneficiaries.deposit_amount_cents", at=at, default=None),
        physical_cents=get_parameter("beneficiaries.physical_cap_cents", at=at, default=None),
        digital_cents=get_parameter("beneficiaries.digital_cap_cents", at=at, default=None),
    )


def price_warnings(offer: Offer, price_cents: int, stock: Stock | None = None) -> list[str]:
    """What the pro confirms before ``price_cents`` is saved on a new stock of ``offer`` or on ``stock``."""
    return rules.price_warnings(
        price_cents,
        cap=offer.subcategory.cap_for(is_digital=offer.venue.is_virtual),
        caps=deposit_caps(),
        old_price_cents=stock.price_cents if stock is not None else None,
        booked=stock.booked_quantity if stock is not None else 0,
    )


def max_price_cents(at: datetime.datetime | None = None) -> int | None:
    """The highest price of a thing (a parameter), ``None`` when there is none."""
    return get_parameter(MAX_PRICE_PARAMETER, at=at, default=None)


def find_product(ean: str) -> Product | None:
    """The catalogue product of an EAN (or ISBN-10), to pre-fill a book's title and author."""
    code = normalise_ean(ean)
    return Product.objects.filter(ean=code).first() if code else None


def review_rule_matches(offer: Offer, stocks: Iterable[Stock] | None = None) -> list[rules.RuleMatch]:
    """The active review rules that send ``offer`` to manual review if it is published now.

    Publication decides with it and the back office shows it, so both read the same inputs: the highest price of
    the live stocks (``stocks``, default read from the database; deleted ones are ignored) and how many offers of
    the structure were already published (drafts and the offer itself do not count)."""
    if stocks is None:
        stocks = offer.stocks.filter(is_soft_deleted=False)
    offerer_offer_count = (
        Offer.objects.filter(venue__offerer_id=offer.venue.offerer_id)
        .exclude(pk=offer.pk)
        .exclude(validation=OfferValidation.DRAFT)
        .count()
    )
    return rules.matching_validation_rules(
        OfferValidationRule.objects.filter(is_active=True),
        name=offer.name,
        description=offer.description,
        subcategory_id=offer.subcategory_id,
        max_price_cents=max((stock.price_cents for stock in stocks if not stock.is_soft_deleted), default=0),
        offerer_offer_count=offerer_offer_count,
    )


# --- Back office (staff only; callers check ``is_staff``) ---------------------------------------------------

PUBLISHED_ACTION = "offer.published"


def _published_at() -> Subquery:
    """When the offer was last published (its audit entry): the moment it entered the review queue."""
    entries = AuditLogEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Offer),
        target_id=Cast(OuterRef("pk"), CharField()),
        action=PUBLISHED_ACTION,
    ).order_by("-created_at")
    return Subquery(entries.values("created_at")[:1])


def _max_price() -> Subquery:
    stocks = (
        Stock.objects.filter(offer=OuterRef("pk"), is_soft_deleted=False)
        .order_by()
        .values("offer")
        .annotate(top=Max("price_cents"))
        .values("top")
    )
    return Subquery(stocks[:1])


def pending_offers(*, category_id: str = "", offerer_name: str = "") -> QuerySet[Offer]:
    """Offers awaiting review, oldest submission first, with their structure and highest price (no N+1);
    optionally of one category, or of structures whose name contains ``offerer_name``."""
    from passculture.offers.categories import subcategories_of

    offers = (
        Offer.objects.filter(validation=OfferValidation.PENDING)
        .select_related("venue__offerer")
        .annotate(submitted_at=Coalesce(_published_at(), F("created_at")), max_price_cents=_max_price())
        .order_by("submitted_at", "pk")
    )
    if category_id:
        offers = offers.filter(subcategory_id__in=[s.id for s in subcategories_of(category_id, for_pro=False)])
    if offerer_name.strip():
        offers = offers.filter(venue__offerer__name__fcontains=offerer_name.strip())
    return offers


def pending_offers_summary() -> dict:
    """How many offers await review (``total``) and the oldest submission (``oldest``, None when none)."""
    return pending_offers().order_by().aggregate(total=Count("pk"), oldest=Min("submitted_at"))


def offers_for_staff() -> QuerySet[Offer]:
    """Every offer, with its venue, structure and product (the review page)."""
    return Offer.objects.select_related("venue__offerer", "product")


def last_publication(offer: Offer) -> AuditLogEntry | None:
    """The audit entry of the offer's last publication (what the review rules said then), if any."""
    return audit_trail(offer).filter(action=PUBLISHED_ACTION).select_related(None).order_by("-created_at").first()


def publisher(offer: Offer) -> User | None:
    """The pro who last published the offer (its audit trail), while still an active, validated member of its
    structure: the person the review's outcome concerns (``docs/domain/offers.md#review``)."""
    entry = last_publication(offer)
    if entry is None or entry.actor_id is None:
        return None
    return (
        User.objects.filter(pk=entry.actor_id, is_active=True)
        .filter(pk__in=validated_members(offer.venue.offerer).values("pk"))
        .first()
    )


def validation_rules() -> QuerySet[OfferValidationRule]:
    """The review rules, active ones first."""
    return OfferValidationRule.objects.order_by("-is_active", "kind", "name", "pk")


# --- The place a catalogue search is around -----------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float


def locate_place(query: str) -> Place:
    """The municipality a young person typed (a postal code or a city name), located by the geocoding connector;
    refusals on the ``place`` field."""
    try:
        found = get_geocoding_client().search_municipality(query)
    except AddressNotFound:
        raise errors.PlaceNotFound(field="place") from None
    except GeocodingError:
        raise errors.PlaceSearchUnavailable(field="place") from None
    label = f"{found.city} ({found.postal_code})" if found.postal_code else found.city
    return Place(label=label, latitude=found.latitude, longitude=found.longitude)
