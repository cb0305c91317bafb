"""The beneficiaries' catalogue: one search query, shared by the catalogue pages and the app API.

Only what :func:`passculture.offers.selectors.visible_offers` lets through is ever returned (approved, active,
structure validated, at least one bookable stock).

On PostgreSQL the text search is PostgreSQL's own full-text search ('french' configuration) over the offer's
name, description, author, performer and EAN, plus the venue's public name; both documents are folded
(lower case, accents removed with ``translate``, so no extension is needed) and backed by GIN expression indexes
created by migration ``offers/0003``. **The SQL of** :data:`OFFER_DOCUMENT_SQL` **and** :data:`VENUE_DOCUMENT_SQL`
**must stay identical to the indexed expressions**, otherwise PostgreSQL silently stops using the indexes
(``tests/offers/test_search.py`` checks the plans). On SQLite, the embedded default, it falls back to
``icontains``.

A place (latitude, longitude, radius) keeps the venues inside a bounding box (indexed) and then within the exact
great-circle distance; national offers (``is_national``) are always included, with no distance.

Counting every match of a broad search would cost as much as reading it all: the total is exact up to
:data:`MAX_COUNTED`, and beyond it the page says "more than …" (``SearchPage.total_is_capped``).
"""

import datetime
import math
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ASin, Cast, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils import timezone

from passculture.offerers.models import OffererStatus, Venue
from passculture.offers.categories import subcategories_of
from passculture.offers.models import Offer, OfferValidation, Stock
from passculture.offers.selectors import bookable_stocks, visible_offers

SORTS = ("relevance", "distance", "date", "price")
DEFAULT_RADIUS_KM = 20
MAX_RADIUS_KM = 500
MAX_PAGE_SIZE = 100
MAX_COUNTED = 1000
# Radii tried in turn (fractions of the radius asked for) to find the nearest offers.
RING_FRACTIONS = (1 / 16, 1 / 4, 1)
MAX_TEXT_LENGTH = 200
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_OF_LATITUDE = 111.2

# Accent folding, the same in Python (queries) and in SQL (documents): lower case, œ/æ ligatures spelt out,
# accented letters replaced one for one (``translate`` is IMMUTABLE, so it may appear in an index).
# Capitals are in the table too, for databases whose ``lower()`` only knows ASCII (LC_CTYPE=C).
_FOLD_FROM = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ"
_FOLD_TO = "aaaaaaceeeeiiiinooooouuuuyy" * 2
_FOLD_TABLE = str.maketrans(_FOLD_FROM, _FOLD_TO)


def fold(text: str) -> str:
    return text.lower().replace("œ", "oe").replace("æ", "ae").translate(_FOLD_TABLE)


def _fold_sql(inner: str) -> str:
    return f"translate(replace(replace(lower({inner}), 'œ', 'oe'), 'æ', 'ae'), '{_FOLD_FROM}', '{_FOLD_TO}')"


# The indexed documents ({name}… are the columns, compiled by Django so that table aliases stay right).
OFFER_DOCUMENT_SQL = "to_tsvector('french'::regconfig, {})".format(
    _fold_sql(
        "{name} || ' ' || {description} || ' ' || coalesce({extra_data} ->> 'author', '') || ' '"
        " || coalesce({extra_data} ->> 'performer', '') || ' ' || coalesce({extra_data} ->> 'ean', '')"
    )
)
VENUE_DOCUMENT_SQL = "to_tsvector('french'::regconfig, {})".format(
    _fold_sql("coalesce(nullif({public_name}, ''), {name})")
)
TS_QUERY_SQL = "websearch_to_tsquery('french'::regconfig, %s)"
# The title alone, indexed too: relevance puts the offers whose title matches first.
NAME_DOCUMENT_SQL = "to_tsvector('french'::regconfig, {})".format(_fold_sql("{name}"))


@dataclass(frozen=True)
class CatalogueItem:
    offer: Offer
    venue: Venue
    distance_km: float | None  # None without a place, and for national offers
    next_beginning: datetime.datetime | None  # first bookable date (None for things)
    min_price_cents: int
    is_duo: bool


@dataclass(frozen=True)
class SearchPage:
    items: list[CatalogueItem]
    total: int  # exact when ``total_is_capped`` is False, else a lower bound (MAX_COUNTED)
    has_next: bool
    page: int
    page_size: int
    total_is_capped: bool = False
    sort: str = "relevance"
    radius_km: float | None = None

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1


class _Sql(Expression):
    """A piece of SQL whose ``{placeholders}`` are model fields compiled by Django (alias-safe) and whose
    ``%s`` are ``params``. PostgreSQL only, except when the template is portable."""

    def __init__(self, template: str, *, output_field, params=(), **fields) -> None:
        super().__init__(output_field=output_field)
        self.template = template
        self.params = list(params)
        self.names = list(fields)
        self.fields = [F(name) if isinstance(name, str) else name for name in fields.values()]

    def get_source_expressions(self):
        return self.fields

    def set_source_expressions(self, exprs):
        self.fields = list(exprs)

    def as_sql(self, compiler, connection):
        compiled = {}
        for name, expression in zip(self.names, self.fields, strict=True):
            sql, params = compiler.compile(expression)
            if params:  # placeholders must stay in the template's order: columns only
                raise ValueError(f"{name} compiles with parameters")
            compiled[name] = sql
        return self.template.format(**compiled), list(self.params)


class _AnyOf(Expression):
    """``column = ANY(ARRAY(subquery))`` on PostgreSQL, ``column IN (subquery)`` elsewhere.

    Unlike ``column IN (subquery)``, the array form is evaluated once (an InitPlan) and stays usable by a
    bitmap index scan when OR-ed with another indexed condition (``is_national OR venue in …``).
    """

    output_field = BooleanField()

    def __init__(self, column: str, queryset: QuerySet) -> None:
        super().__init__(output_field=BooleanField())
        self.column = F(column)
        self.subquery = Subquery(queryset)

    def get_source_expressions(self):
        return [self.column, self.subquery]

    def set_source_expressions(self, exprs):
        self.column, self.subquery = exprs

    def as_sql(self, compiler, connection):
        column_sql, column_params = compiler.compile(self.column)
        subquery_sql, subquery_params = compiler.compile(self.subquery)  # "(SELECT …)"
        if connection.vendor == "postgresql":
            return f"{column_sql} = ANY(ARRAY{subquery_sql})", [*column_params, *subquery_params]
        return f"{column_sql} IN {subquery_sql}", [*column_params, *subquery_params]


class _InList(Expression):
    """``column = ANY(%s)`` with one array parameter on PostgreSQL: unlike ``ANY(ARRAY(subquery))``, the planner
    sees how many values there are and estimates the rows well. ``column IN (…)`` elsewhere."""

    output_field = BooleanField()

    def __init__(self, column: str, values: list[int]) -> None:
        super().__init__(output_field=BooleanField())
        self.column = F(column)
        self.values = list(values)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        column_sql, params = compiler.compile(self.column)
        if connection.vendor == "postgresql":
            return f"{column_sql} = ANY(%s)", [*params, self.values]
        if not self.values:
            return "1 = 0", params
        return f"{column_sql} IN ({', '.join(['%s'] * len(self.values))})", [*params, *self.values]


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def _short_queries():
    """PostgreSQL settings for the catalogue's queries, which take milliseconds, scoped to their transaction:
    no parallel workers and no JIT compilation (starting them costs more than they save), and random reads priced
    as on SSD with the working set in memory (``random_page_cost`` 1.1, the usual production value: at the default
    of 4, the planner reads whole tables rather than follow an index to a few hundred rows)."""
    if not _is_postgresql():
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true),"
            " set_config('random_page_cost', '1.1', true)"
        )
        yield


def haversine_km(latitude_field: str, longitude_field: str, latitude: float, longitude: float) -> Expression:
    """Great-circle distance in km between the fields and a point, with Django's math functions."""
    lat1 = Radians(Cast(latitude_field, FloatField()))
    lng1 = Radians(Cast(longitude_field, FloatField()))
    lat2, lng2 = math.radians(latitude), math.radians(longitude)
    half_dlat = (lat1 - Value(lat2)) / Value(2.0)
    half_dlng = (lng1 - Value(lng2)) / Value(2.0)
    a = Power(Sin(half_dlat), Value(2.0)) + Cos(lat1) * Value(math.cos(lat2)) * Power(Sin(half_dlng), Value(2.0))
    # Rounding may push ``a`` a hair above 1, outside the domain of asin.
    return Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(Least(a, Value(1.0), output_field=FloatField())))


def _box(latitude: float, radius_km: float) -> tuple[float, float]:
    """Half the height and width, in degrees, of the box around a circle of ``radius_km`` at ``latitude``."""
    dlat = radius_km / KM_PER_DEGREE_OF_LATITUDE
    dlng = radius_km / (KM_PER_DEGREE_OF_LATITUDE * max(math.cos(math.radians(latitude)), 0.01))
    return dlat, dlng


def venues_within(latitude: float, longitude: float, radius_km: float) -> QuerySet[Venue]:
    """Venues at most ``radius_km`` away: bounding box (indexed) first, exact distance second."""
    dlat, dlng = _box(latitude, radius_km)
    return (
        Venue.objects.filter(
            latitude__gte=latitude - dlat,
            latitude__lte=latitude + dlat,
            longitude__gte=longitude - dlng,
            longitude__lte=longitude + dlng,
        )
        .annotate(distance_km=haversine_km("latitude", "longitude", latitude, longitude))
        .filter(distance_km__lte=radius_km)
    )


def offer_document_matches(query: str) -> Expression:
    """PostgreSQL: the offer's indexed document matches the (folded) web-search ``query``."""
    return _Sql(
        f"{OFFER_DOCUMENT_SQL} @@ {TS_QUERY_SQL}",
        output_field=BooleanField(),
        params=[query],
        name="name",
        description="description",
        extra_data="extra_data",
    )


def venue_document_matches(query: str) -> Expression:
    """PostgreSQL: the venue's indexed public name matches the (folded) web-search ``query``."""
    return _Sql(
        f"{VENUE_DOCUMENT_SQL} @@ {TS_QUERY_SQL}",
        output_field=BooleanField(),
        params=[query],
        public_name="public_name",
        name="name",
    )


def title_matches(query: str) -> Expression:
    """PostgreSQL: the offer's title (indexed on its own) matches the (folded) web-search ``query``."""
    return _Sql(f"{NAME_DOCUMENT_SQL} @@ {TS_QUERY_SQL}", output_field=BooleanField(), params=[query], name="name")


@dataclass
class _Search:
    """The normalised arguments of a search (and the venues of each ring around its place, once read)."""

    text: str
    category_id: str
    place: tuple[float, float, float] | None  # latitude, longitude, radius (km)
    sort: str
    page: int
    page_size: int
    now: datetime.datetime
    ring_venues: dict[float, list[int]] = field(default_factory=dict)

    @property
    def start(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def by_distance(self) -> bool:
        """Nearest first: asked for, or the relevance of a place without a text."""
        return self.place is not None and (self.sort == "distance" or (self.sort == "relevance" and not self.text))


def _matching(search: _Search) -> tuple[QuerySet[Offer], Q | None]:
    """Visible offers matching the text and the category (not the place), and the condition "the title matches"."""
    offers = visible_offers(search.now)
    if search.category_id:
        subcategories = [s.id for s in subcategories_of(search.category_id, for_pro=False)]
        offers = offers.filter(subcategory_id__in=subcategories)
    if not search.text:
        return offers, None
    if _is_postgresql():
        query = fold(search.text)
        matching_venues = Venue.objects.filter(venue_document_matches(query)).order_by().values("id")
        condition = Q(offer_document_matches(query)) | Q(_AnyOf("venue_id", matching_venues))
        return offers.filter(condition), Q(title_matches(query))
    text = search.text
    condition = (
        Q(name__icontains=text)
        | Q(description__icontains=text)
        | Q(extra_data__author__icontains=text)
        | Q(extra_data__performer__icontains=text)
        | Q(extra_data__ean=text.replace(" ", "").replace("-", ""))
        | Q(venue__public_name__icontains=text)
        | Q(venue__public_name="", venue__name__icontains=text)
    )
    return offers.filter(condition), Q(name__icontains=text)


def _capped_count(offers: QuerySet[Offer]) -> int:
    """How many, counting no further than MAX_COUNTED + 1 (reading stops there)."""
    return offers.order_by().values("pk")[: MAX_COUNTED + 1].count()


def _rings(search: _Search) -> list[float]:
    """Radii tried, smallest first, to find the nearest offers without sorting every offer of a dense city."""
    _, _, radius = search.place
    return [radius * fraction for fraction in RING_FRACTIONS]


def _in_ring(offers: QuerySet[Offer], search: _Search, radius_km: float) -> QuerySet[Offer]:
    """Offers of the venues within ``radius_km`` of the place (ids read once per ring and passed as values)."""
    if radius_km not in search.ring_venues:
        latitude, longitude, _ = search.place
        venues = venues_within(latitude, longitude, radius_km).order_by().values_list("id", flat=True)
        search.ring_venues[radius_km] = list(venues)
    return offers.filter(_InList("venue_id", search.ring_venues[radius_km]))


def _distance(search: _Search) -> Expression:
    if search.place is None:
        return Value(None, output_field=FloatField())
    latitude, longitude, _ = search.place
    return Case(
        When(is_national=True, then=Value(None, output_field=FloatField())),
        default=haversine_km("venue__latitude", "venue__longitude", latitude, longitude),
        output_field=FloatField(),
    )


def _nearest(local: QuerySet[Offer], search: _Search, needed: int) -> tuple[list[int], int]:
    """Ids of the ``needed`` nearest local offers (fewer when the radius holds fewer), and the ring index used.

    Exact: when a ring around the place holds at least ``needed`` offers, every offer outside it is farther than
    all of them. Ties are broken by id, newest first.
    """
    rings = _rings(search)
    for index, radius in enumerate(rings):
        ids = list(
            _in_ring(local, search, radius)
            .annotate(distance_km=_distance(search))
            .order_by("distance_km", "-id")
            .values_list("pk", flat=True)[:needed]
        )
        if len(ids) >= needed or index == len(rings) - 1:
            return ids, index
    raise AssertionError("unreachable")


def _local_count(local: QuerySet[Offer], search: _Search, ring: int = 0) -> int:
    """Local offers within the radius, capped. Counting a small ring first settles dense cities cheaply: when it
    holds more than MAX_COUNTED, so does the whole radius."""
    rings = _rings(search)
    if ring < len(rings) - 1:
        count = _capped_count(_in_ring(local, search, rings[ring]))
        if count > MAX_COUNTED:
            return count
    return _capped_count(_in_ring(local, search, rings[-1]))


def _ordering(search: _Search, title: Q | None) -> tuple[list, dict]:
    """ORDER BY of the requested sort, and the annotations it needs."""
    if search.sort == "date":
        return [F("next_beginning").asc(nulls_last=True), "-id"], {}
    if search.sort == "price":
        return ["min_price_cents", "-id"], {}
    if search.sort == "distance" and search.place is not None:
        return [F("distance_km").asc(nulls_last=True), "-id"], {}
    # Relevance: titles matching the text first, then the nearest (with a place) or the newest.
    then = [F("distance_km").asc(nulls_last=True)] if search.place is not None else []
    if title is None:
        return [*then, "-id"], {}
    title_first = Case(When(title, then=Value(0)), default=Value(1), output_field=IntegerField())
    return ["title_rank", *then, "-id"], {"title_rank": title_first}


def _with_page_data(offers: QuerySet[Offer], search: _Search) -> QuerySet[Offer]:
    stocks = bookable_stocks(search.now)
    return offers.select_related("venue").annotate(
        distance_km=_distance(search),
        next_beginning=Subquery(
            stocks.order_by(F("beginning_datetime").asc(nulls_last=True)).values("beginning_datetime")[:1]
        ),
        min_price_cents=Subquery(stocks.order_by("price_cents").values("price_cents")[:1], output_field=IntegerField()),
    )


def _sorted_page(candidates: QuerySet[Offer], search: _Search, title: Q | None) -> list[Offer]:
    """One page (plus one row, to know whether there is a next page) of ``candidates`` in the requested order."""
    ordering, annotations = _ordering(search, title)
    offers = _with_page_data(candidates, search).annotate(**annotations).order_by(*ordering)
    return list(offers[search.start : search.start + search.page_size + 1])


def _page_of_ids(ids: list[int], search: _Search) -> list[Offer]:
    """The offers of ``ids``, in that order (visibility checked again)."""
    by_id = {offer.pk: offer for offer in _with_page_data(visible_offers(search.now).filter(pk__in=ids), search)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _search_everywhere(search: _Search, matching: QuerySet[Offer], title: Q | None) -> tuple[list[Offer], int]:
    count = _capped_count(matching)
    if count <= MAX_COUNTED or (search.sort == "relevance" and title is None):
        # Every match takes part in the sort (the newest first is read in index order: no window needed).
        return _sorted_page(matching, search, title), count
    # Too many to sort them all: MAX_COUNTED + 1 of them, those whose title matches first, else the newest.
    limit = MAX_COUNTED + 1
    if title is None:
        window = list(matching.order_by("-id").values_list("pk", flat=True)[:limit])
        return _sorted_page(visible_offers(search.now).filter(pk__in=window), search, None), count
    titled = list(matching.filter(title).order_by().values_list("pk", flat=True)[:limit])
    others = []
    if len(titled) < limit:
        others = list(matching.filter(~title).order_by().values_list("pk", flat=True)[: limit - len(titled)])
    if search.sort == "relevance":  # titles first, newest first: known without asking the database
        ordered = sorted(titled, reverse=True) + sorted(others, reverse=True)
        return _page_of_ids(ordered[search.start : search.start + search.page_size + 1], search), count
    return _sorted_page(visible_offers(search.now).filter(pk__in=titled + others), search, None), count


def _near(matching: QuerySet[Offer], search: _Search) -> QuerySet[Offer]:
    """National offers, and those whose venue is within the radius (computed offer by offer: for few offers)."""
    latitude, longitude, radius = search.place
    dlat, dlng = _box(latitude, radius)
    within = Q(
        venue__latitude__gte=latitude - dlat,
        venue__latitude__lte=latitude + dlat,
        venue__longitude__gte=longitude - dlng,
        venue__longitude__lte=longitude + dlng,
        venue_km__lte=radius,
    )
    venue_km = haversine_km("venue__latitude", "venue__longitude", latitude, longitude)
    return matching.alias(venue_km=venue_km).filter(Q(is_national=True) | within)


def _search_near(search: _Search, matching: QuerySet[Offer], title: Q | None) -> tuple[list[Offer], int]:
    if search.text and _capped_count(matching) <= MAX_COUNTED:
        # A text matching few offers in all France: keep those near the place, and sort them all.
        near = _near(matching, search)
        return _sorted_page(near, search, title), _capped_count(near)
    local, national = matching.filter(is_national=False), matching.filter(is_national=True)
    needed = search.start + search.page_size + 1
    if search.by_distance:
        # Nearest first, national offers (no distance) after every local one, newest first.
        ids, ring = _nearest(local, search, needed)
        local_count = len(ids) if len(ids) < needed else _local_count(local, search, ring)
        page_ids = ids[search.start :]
        if len(page_ids) < search.page_size + 1:
            skip = max(0, search.start - len(ids))
            national_ids = national.order_by("-id").values_list("pk", flat=True)
            page_ids += list(national_ids[skip : skip + search.page_size + 1 - len(page_ids)])
        return _page_of_ids(page_ids, search), local_count + _capped_count(national)
    count = _local_count(local, search) + _capped_count(national)
    if count <= MAX_COUNTED:
        return _sorted_page(_in_ring(local, search, search.place[2]) | national, search, title), count
    # Too many to sort them all: the nearest MAX_COUNTED + 1 local offers and as many national ones.
    window, _ = _nearest(local, search, MAX_COUNTED + 1)
    window += list(national.order_by().values_list("pk", flat=True)[: MAX_COUNTED + 1])
    return _sorted_page(visible_offers(search.now).filter(pk__in=window), search, title), count


def search_catalogue(
    *,
    text: str = "",
    category_id: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    radius_km: float | None = None,
    sort: str = "relevance",
    page: int = 1,
    page_size: int = 20,
    now: datetime.datetime | None = None,
) -> SearchPage:
    """One page of the catalogue. Raises ``ValueError`` on arguments a form or a schema should have refused,
    ``UnknownCategory`` on an unknown category."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError("page starts at 1 and page_size is between 1 and 100")
    if (latitude is None) != (longitude is None):
        raise ValueError("latitude and longitude go together")
    place = None
    if latitude is not None:
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValueError("coordinates out of range")
        radius_km = DEFAULT_RADIUS_KM if radius_km is None else radius_km
        if not 0 < radius_km <= MAX_RADIUS_KM:
            raise ValueError(f"radius is between 0 and {MAX_RADIUS_KM} km")
        place = (float(latitude), float(longitude), float(radius_km))
    if sort == "distance" and place is None:
        sort = "relevance"
    search = _Search(
        text=" ".join(text.split())[:MAX_TEXT_LENGTH],
        category_id=category_id,
        place=place,
        sort=sort,
        page=page,
        page_size=page_size,
        now=now or timezone.now(),
    )
    with _short_queries():
        matching, title = _matching(search)
        if place is None:
            rows, count = _search_everywhere(search, matching, title)
        else:
            rows, count = _search_near(search, matching, title)
    items = [
        CatalogueItem(
            offer=offer,
            venue=offer.venue,
            distance_km=offer.distance_km,
            next_beginning=offer.next_beginning,
            min_price_cents=offer.min_price_cents,
            is_duo=offer.is_duo,
        )
        for offer in rows[:page_size]
    ]
    return SearchPage(
        items=items,
        total=min(count, MAX_COUNTED),
        has_next=len(rows) > page_size,
        page=page,
        page_size=page_size,
        total_is_capped=count > MAX_COUNTED,
        sort=sort,
        radius_km=place[2] if place else None,
    )


def released_offers() -> QuerySet[Offer]:
    """Offers published to beneficiaries (approved, active, structure validated), bookable or not."""
    return Offer.objects.filter(
        validation=OfferValidation.APPROVED, is_active=True, venue__offerer__status=OffererStatus.VALIDATED
    )


def catalogue_stocks(offer: Offer) -> list[Stock]:
    """The stocks of an offer that are not deleted, by date then price (bookable or not: callers tell)."""
    return list(
        Stock.objects.filter(offer=offer, is_soft_deleted=False).order_by(
            F("beginning_datetime").asc(nulls_last=True), "price_cents", "id"
        )
    )


def catalogue_offer(offer_id: int, now: datetime.datetime | None = None) -> Offer:
    """A visible offer, with its venue. Raises ``Offer.DoesNotExist`` for an offer beneficiaries may not see
    (the rule of the search: approved, active, structure validated, a bookable stock)."""
    return visible_offers(now or timezone.now()).select_related("venue").get(pk=offer_id)
