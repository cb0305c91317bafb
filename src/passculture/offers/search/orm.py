"""The beneficiaries' catalogue: one search, shared by the catalogue pages and the app API.

Only what :func:`passculture.offers.selectors.visible_offers` lets through is ever returned (approved, active,
structure validated, at least one bookable stock): every page is read through it.

Text. On PostgreSQL, PostgreSQL's own full-text search ('french' configuration, accents folded without any
extension) over the title, description, author, performer and EAN of the offer and the name of its venue, through
GIN indexes on SQL functions created by migration ``offers/0003`` (the queries call the same functions, so the
indexes apply). The *main fields* (all but the description and the venue) have their own index: relevance puts the
offers matching there first. On SQLite, the embedded default, every word is looked for in the same fields, case
and accents ignored as on PostgreSQL (``__fcontains``).

Place. Latitude, longitude and radius (default 20 km): venues in a bounding box (indexed), then within the exact
great-circle distance (haversine with Django's math functions). National offers are always included, with no
distance.

Bounded work. A search never reads more than it needs for one page and a count capped at :data:`MAX_COUNTED`:

- the total is exact up to MAX_COUNTED; beyond, the page says "more than" (``SearchPage.total_is_capped``);
- nearest first: rings of growing radius around the place (:data:`RING_FRACTIONS`), stopping at the first that
  holds the page (exact: every offer outside a ring is farther than those inside);
- a text near a place: the offers matching the text, kept when near. A word found in more than MAX_COUNTED offers
  of all France is looked for in the main fields only;
- other sorts of more than MAX_COUNTED offers apply to a window of them: without a place, the main-field matches
  first (or the newest); near a place, the offers of the smallest ring holding more than MAX_COUNTED, and
  MAX_COUNTED + 1 national offers.

On PostgreSQL these steps run as plain SQL (:mod:`passculture.offers.search.postgresql`: building the querysets
cost Django more than PostgreSQL took to answer them); the querysets below are the SQLite version.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
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
from django.db.models.fields.json import KT
from django.db.models.functions import ASin, Cast, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils import timezone

from passculture.core.text import FoldedContains
from passculture.offerers.models import OffererStatus, Venue
from passculture.offers.categories import subcategories_of
from passculture.offers.models import Offer, OfferValidation, Stock
from passculture.offers.search import postgresql as search_postgresql
from passculture.offers.search.geo import EARTH_RADIUS_KM, bounding_box
from passculture.offers.selectors import bookable_stocks, visible_offers

SORTS = ("relevance", "distance", "date", "price")
DEFAULT_RADIUS_KM = 20
MAX_RADIUS_KM = 500
MAX_PAGE_SIZE = 100
MAX_COUNTED = 1000
# Radii tried in turn (fractions of the radius asked for) to find the nearest offers.
RING_FRACTIONS = (1 / 16, 1 / 8, 1 / 4, 1 / 2, 1)
MAX_TEXT_LENGTH = 200


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


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


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


def venues_within(latitude: float, longitude: float, radius_km: float) -> QuerySet[Venue]:
    """Venues at most ``radius_km`` away: bounding box (indexed) first, exact distance second."""
    dlat, dlng = bounding_box(latitude, radius_km)
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


def _word_conditions(word: str) -> tuple[Q, Q]:
    """SQLite: one typed word found in any field, and in the main fields; case and accents ignored as on PostgreSQL
    (``__fcontains``, :mod:`passculture.core.text`: SQLite's own LIKE folds ASCII letters only)."""
    main = (
        Q(name__fcontains=word)
        | Q(FoldedContains(KT("extra_data__author"), word))
        | Q(FoldedContains(KT("extra_data__performer"), word))
    )
    any_field = (
        main
        | Q(description__fcontains=word)
        | Q(venue__public_name__fcontains=word)
        | Q(venue__public_name="", venue__name__fcontains=word)
    )
    return any_field, main


def _matching(search: _Search) -> tuple[QuerySet[Offer], Q | None, Q | None]:
    """SQLite: visible offers of the category, and the text conditions: every word matches in any field (title,
    description, author, performer, venue name) or the text is the EAN, and every word matches in the main fields
    (all but the description and the venue)."""
    offers = visible_offers(search.now)
    if search.category_id:
        subcategories = [s.id for s in subcategories_of(search.category_id, for_pro=False)]
        offers = offers.filter(subcategory_id__in=subcategories)
    if not search.text:
        return offers, None, None
    text = search.text
    is_ean = Q(extra_data__ean=text.replace(" ", "").replace("-", ""))
    any_field, main = Q(), Q()
    for word in text.split():
        any_word, main_word = _word_conditions(word)
        any_field &= any_word
        main &= main_word
    return offers, is_ean | any_field, is_ean | main


def _capped_count(offers: QuerySet[Offer]) -> int:
    """How many, counting no further than MAX_COUNTED + 1 (reading stops there)."""
    return offers.order_by().values("pk")[: MAX_COUNTED + 1].count()


def _rings(search: _Search) -> list[float]:
    """Radii tried, smallest first, to find the nearest offers without sorting every offer of a dense city."""
    _, _, radius = search.place
    return [radius * fraction for fraction in RING_FRACTIONS]


def _ring_condition(search: _Search, radius_km: float) -> Q:
    """The venue of the offer is within ``radius_km`` of the place (venue ids read once per ring, passed as values)."""
    if radius_km not in search.ring_venues:
        latitude, longitude, _ = search.place
        venues = venues_within(latitude, longitude, radius_km).order_by().values_list("id", flat=True)
        search.ring_venues[radius_km] = list(venues)
    return Q(venue_id__in=search.ring_venues[radius_km])


def _in_ring(offers: QuerySet[Offer], search: _Search, radius_km: float) -> QuerySet[Offer]:
    return offers.filter(_ring_condition(search, radius_km))


def _distance(search: _Search) -> Expression:
    if search.place is None:
        return Value(None, output_field=FloatField())
    latitude, longitude, _ = search.place
    return Case(
        When(is_national=True, then=Value(None, output_field=FloatField())),
        default=haversine_km("venue__latitude", "venue__longitude", latitude, longitude),
        output_field=FloatField(),
    )


def _nearest(local: QuerySet[Offer], search: _Search, needed: int, fetch: int) -> tuple[list[int], int]:
    """Ids of the nearest local offers, from the smallest ring holding ``needed`` of them (or the whole radius),
    at most ``fetch``; and the index of that ring.

    Exact: when a ring around the place holds at least ``needed`` offers, every offer outside it is farther than
    all of them. Ties are broken by id, newest first.
    """
    rings = _rings(search)
    for index, radius in enumerate(rings):
        ids = list(
            _in_ring(local, search, radius)
            .annotate(distance_km=_distance(search))
            .order_by("distance_km", "-id")
            .values_list("pk", flat=True)[:fetch]
        )
        if len(ids) >= needed or index == len(rings) - 1:
            return ids, index
    raise AssertionError("unreachable")


def _smallest_full_ring(local: QuerySet[Offer], search: _Search) -> tuple[int, int]:
    """The smallest ring holding more than MAX_COUNTED local offers (or the whole radius), and its capped count.

    Counts grow with the radius: a binary search over the rings counts three of them at most.
    """
    rings = _rings(search)
    low, high = 0, len(rings) - 1  # the answer is in [low, high]
    counts = {}
    while low < high:
        middle = (low + high) // 2
        counts[middle] = _capped_count(_in_ring(local, search, rings[middle]))
        if counts[middle] > MAX_COUNTED:
            high = middle
        else:
            low = middle + 1
    if low not in counts:
        counts[low] = _capped_count(_in_ring(local, search, rings[low]))
    return low, counts[low]


def _local_count(local: QuerySet[Offer], search: _Search, ring: int) -> int:
    """Local offers within a ring (by index: -1 for the whole radius), capped at MAX_COUNTED + 1."""
    return _capped_count(_in_ring(local, search, _rings(search)[ring]))


def _ordering(search: _Search, main: Q | None) -> tuple[list, dict]:
    """ORDER BY of the requested sort, and the annotations it needs."""
    if search.sort == "date":
        return [F("next_beginning").asc(nulls_last=True), "-id"], {}
    if search.sort == "price":
        return ["min_price_cents", "-id"], {}
    if search.sort == "distance" and search.place is not None:
        return [F("distance_km").asc(nulls_last=True), "-id"], {}
    # Relevance: offers whose main fields match the text first, then the nearest (with a place) or the newest.
    then = [F("distance_km").asc(nulls_last=True)] if search.place is not None else []
    if main is None:
        return [*then, "-id"], {}
    main_first = Case(When(main, then=Value(0)), default=Value(1), output_field=IntegerField())
    return ["main_rank", *then, "-id"], {"main_rank": main_first}


def _with_page_data(offers: QuerySet[Offer], search: _Search) -> QuerySet[Offer]:
    stocks = bookable_stocks(search.now)
    return offers.select_related("venue").annotate(
        distance_km=_distance(search),
        next_beginning=Subquery(
            stocks.order_by(F("beginning_datetime").asc(nulls_last=True)).values("beginning_datetime")[:1]
        ),
        min_price_cents=Subquery(stocks.order_by("price_cents").values("price_cents")[:1], output_field=IntegerField()),
    )


def _with_sort_keys(offers: QuerySet[Offer], search: _Search) -> QuerySet[Offer]:
    """``sort_key``: the next date or the lowest price (the date and price sorts)."""
    stocks = bookable_stocks(search.now)
    if search.sort == "date":
        first = stocks.order_by(F("beginning_datetime").asc(nulls_last=True)).values("beginning_datetime")[:1]
        return offers.annotate(next_beginning=Subquery(first), sort_key=F("next_beginning"))
    cheapest = stocks.order_by("price_cents").values("price_cents")[:1]
    return offers.annotate(
        min_price_cents=Subquery(cheapest, output_field=IntegerField()), sort_key=F("min_price_cents")
    )


def _sorted_page(candidates: QuerySet[Offer], search: _Search, main: Q | None) -> list[Offer]:
    """One page (plus one row, to know whether there is a next page) of ``candidates`` in the requested order."""
    ordering, annotations = _ordering(search, main)
    offers = _with_page_data(candidates, search).annotate(**annotations).order_by(*ordering)
    return list(offers[search.start : search.start + search.page_size + 1])


def _page_of_ids(ids: list[int], search: _Search) -> list[Offer]:
    """The offers of ``ids``, in that order (visibility checked again)."""
    by_id = {offer.pk: offer for offer in _with_page_data(visible_offers(search.now).filter(pk__in=ids), search)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _search_everywhere(
    search: _Search, offers: QuerySet[Offer], any_field: Q | None, main: Q | None
) -> tuple[list[Offer], int]:
    limit = MAX_COUNTED + 1
    if any_field is None:
        count = _capped_count(offers)
        if count <= MAX_COUNTED or search.sort == "relevance":
            # Every offer takes part in the sort (the newest first is read in index order: no window needed).
            return _sorted_page(offers, search, None), count
        window = list(offers.order_by("-id").values_list("pk", flat=True)[:limit])
        return _sorted_page(visible_offers(search.now).filter(pk__in=window), search, None), count
    # The matches, read once (reading stops after MAX_COUNTED + 1): they give the count, and the candidates.
    found = _first_ids(offers.filter(any_field))
    if len(found) <= MAX_COUNTED:
        return _sorted_page(visible_offers(search.now).filter(pk__in=found), search, main), len(found)
    # Too many to sort them all: main-field matches first, then other matches, MAX_COUNTED + 1 in all.
    first = _first_ids(offers.filter(main))
    in_first = set(first)
    others = [pk for pk in found if pk not in in_first][: limit - len(first)]
    if search.sort == "relevance":  # main fields first, newest first: known without asking the database
        ordered = sorted(first, reverse=True) + sorted(others, reverse=True)
        return _page_of_ids(ordered[search.start : search.start + search.page_size + 1], search), len(found)
    return _sorted_page(visible_offers(search.now).filter(pk__in=first + others), search, None), len(found)


def _first_ids(offers: QuerySet[Offer]) -> list[int]:
    """Ids of the first MAX_COUNTED + 1 offers, in the order the database finds them (it stops there)."""
    return list(offers.order_by().values_list("pk", flat=True)[: MAX_COUNTED + 1])


def _near(matching: QuerySet[Offer], search: _Search) -> QuerySet[Offer]:
    """National offers, and those whose venue is within the radius (computed offer by offer: for few offers)."""
    latitude, longitude, radius = search.place
    dlat, dlng = bounding_box(latitude, radius)
    within = Q(
        venue__latitude__gte=latitude - dlat,
        venue__latitude__lte=latitude + dlat,
        venue__longitude__gte=longitude - dlng,
        venue__longitude__lte=longitude + dlng,
        venue_km__lte=radius,
    )
    venue_km = haversine_km("venue__latitude", "venue__longitude", latitude, longitude)
    return matching.alias(venue_km=venue_km).filter(Q(is_national=True) | within)


def _search_near(
    search: _Search, offers: QuerySet[Offer], any_field: Q | None, main: Q | None
) -> tuple[list[Offer], int]:
    if any_field is not None:
        # Read the offers matching the text, and keep those near the place. A word found in more than MAX_COUNTED
        # offers in all France is looked for in the main fields only (titles, authors…): far fewer offers to read.
        found = _first_ids(offers.filter(any_field))
        few = len(found) <= MAX_COUNTED
        matching = visible_offers(search.now).filter(pk__in=found) if few else offers.filter(main)
        # Sorted once: the first MAX_COUNTED + 1 ids give both the page and the (capped) count.
        ordering, annotations = _ordering(search, main)
        near = _near(matching, search).annotate(distance_km=_distance(search), **annotations)
        if search.sort in ("date", "price"):
            near = _with_sort_keys(near, search)
        ids = list(near.order_by(*ordering).values_list("pk", flat=True)[: MAX_COUNTED + 1])
        return _page_of_ids(ids[search.start : search.start + search.page_size + 1], search), len(ids)
    # No text: the offers of the venues around the place, nearest venues first (rings).
    local, national = offers.filter(is_national=False), offers.filter(is_national=True)
    needed = search.start + search.page_size + 1
    if search.by_distance:
        # Nearest first, national offers (no distance) after every local one, newest first. Up to MAX_COUNTED + 1
        # ids are read from the ring: the page, and the count when the ring holds more than MAX_COUNTED.
        ids, ring = _nearest(local, search, needed, max(needed, MAX_COUNTED + 1))
        last_ring = ring == len(RING_FRACTIONS) - 1
        local_count = len(ids) if len(ids) > MAX_COUNTED or last_ring else _local_count(local, search, -1)
        page_ids = ids[search.start : needed]
        if len(page_ids) < search.page_size + 1:  # past the local offers (all read: the last ring was used)
            skip = max(0, search.start - len(ids))
            national_ids = national.order_by("-id").values_list("pk", flat=True)
            page_ids += list(national_ids[skip : skip + search.page_size + 1 - len(page_ids)])
        national_count = _capped_count(national) if local_count <= MAX_COUNTED else 0  # else capped anyway
        return _page_of_ids(page_ids, search), local_count + national_count
    # Other sorts: if more than MAX_COUNTED offers are around, the sort applies to those of the smallest ring
    # holding more than MAX_COUNTED (the nearest), and to MAX_COUNTED + 1 national offers.
    ring, local_count = _smallest_full_ring(local, search)
    national_count = _capped_count(national)
    if national_count > MAX_COUNTED:
        national = visible_offers(search.now).filter(pk__in=_first_ids(national))
    # The first rows of each part in the requested order, merged (one query with an OR would read much more).
    key, _ = _ordering(search, None)
    rows = []
    for part in (_in_ring(local, search, _rings(search)[ring]), national):
        part = _with_sort_keys(part, search).order_by(*key).values_list("pk", "sort_key")
        rows += list(part[:needed])
    rows.sort(key=lambda row: (row[1] is None, row[1] or 0, -row[0]))
    page_ids = [pk for pk, _ in rows[search.start : needed]]
    return _page_of_ids(page_ids, search), local_count + national_count


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
    if _is_postgresql():
        subcategories = [s.id for s in subcategories_of(category_id, for_pro=False)] if category_id else None
        rows, count = search_postgresql.run(
            search, subcategories, max_counted=MAX_COUNTED, ring_fractions=RING_FRACTIONS
        )
    else:
        offers, any_field, main = _matching(search)
        if place is None:
            rows, count = _search_everywhere(search, offers, any_field, main)
        else:
            rows, count = _search_near(search, offers, any_field, main)
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
