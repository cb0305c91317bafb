"""The catalogue search on PostgreSQL, in plain SQL: the same steps as the ORM version of
:mod:`passculture.offers.search.orm` (which SQLite runs), without its cost.

A search takes milliseconds in PostgreSQL; building and compiling its querysets took Django two to six times as
long (the bookable-stock subqueries, the joins, the annotations of every query). Here each query is a few SQL
fragments put together, and the page's offers and venues are built from one row each.

The visibility rule is the SQL twin of :func:`passculture.offers.selectors.visible_offers` (approved, active,
structure validated, a bookable stock: :func:`passculture.offers.selectors.bookable_stocks`); the page is read
through it again, whatever the earlier queries found. The tests of ``tests/offers/test_search.py`` run on both
databases; the hypothesis test holds each to the Python rule (``rules.is_stock_bookable``), with few offers: it does
not compare the two implementations with each other, nor go past ``MAX_COUNTED``.
"""

# S608: the SQL is put together from this module's constant fragments; every value is a bound parameter.
# ruff: noqa: S608

import math
import re
from functools import cache

from django.db import connection, transaction

from passculture.core.sql import converters, from_row
from passculture.offerers.models import OffererStatus, Venue
from passculture.offers.models import Offer, OfferValidation
from passculture.offers.search.geo import EARTH_RADIUS_KM, bounding_box

# Settings of the search's transaction: no parallel workers and no JIT compilation (starting them costs more than
# these millisecond queries), and random reads priced as on SSD with the working set in memory (``random_page_cost``
# 1.1, the usual production value: at the default of 4, the planner reads whole tables rather than follow an index
# to a few hundred rows).
SETTINGS_SQL = (
    "SELECT set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true),"
    " set_config('random_page_cost', '1.1', true)"
)
OFFER_RELEASED_SQL = f"o.validation = '{OfferValidation.APPROVED}' AND o.is_active"
VENUE_JOIN_SQL = "JOIN offerers_venue v ON v.id = o.venue_id JOIN offerers_offerer r ON r.id = v.offerer_id"
OFFERER_VALIDATED_SQL = f"r.status = '{OffererStatus.VALIDATED}'"
# The same rule without joining the venue and its structure to each offer (two index probes, 8 µs an offer): the
# venues of the structures not validated, read from two small indexes of migration offers/0004. Either one offer at
# a time (few offers: PostgreSQL probes the venue and the partial index of the structures not validated) or all at
# once, hashed (2 to 3 ms): PostgreSQL chooses from its estimate of the offers to read (``NOT EXISTS``); ``NOT IN``
# forces the hash where many offers are read for sure (the newest 1,001, the national offers of a date or price sort).
OFFERER_NOT_VALIDATED_SQL = (
    "FROM offerers_venue v JOIN offerers_offerer r ON r.id = v.offerer_id"
    f" WHERE r.status <> '{OffererStatus.VALIDATED}'"
)
VENUE_OF_VALIDATED_OFFERER_SQL = f"NOT EXISTS (SELECT 1 {OFFERER_NOT_VALIDATED_SQL} AND v.id = o.venue_id)"
VENUE_OF_VALIDATED_OFFERER_HASHED_SQL = f"o.venue_id NOT IN (SELECT v.id {OFFERER_NOT_VALIDATED_SQL})"
# Columns or conditions that read the venue ``v`` (it is joined then).
READS_VENUE = re.compile(r"\bv\.")
# A stock not deleted, open for booking (limit not passed, event not started), with places left.
BOOKABLE_STOCK_SQL = (
    "NOT s.is_soft_deleted AND (s.booking_limit_datetime IS NULL OR s.booking_limit_datetime > %(now)s)"
    " AND (s.beginning_datetime IS NULL OR s.beginning_datetime > %(now)s)"
    " AND (s.quantity IS NULL OR s.quantity > s.booked_quantity)"
)
HAS_BOOKABLE_STOCK_SQL = f"EXISTS (SELECT 1 FROM offers_stock s WHERE s.offer_id = o.id AND {BOOKABLE_STOCK_SQL})"
# Next date and lowest price of the bookable stocks (``b.stocks`` = 0: none is bookable).
STOCKS_SQL = (
    "CROSS JOIN LATERAL (SELECT count(*) AS stocks, min(s.beginning_datetime) AS next_beginning,"
    f" min(s.price_cents) AS min_price_cents FROM offers_stock s WHERE s.offer_id = o.id AND {BOOKABLE_STOCK_SQL}) b"
)
TS_QUERY_SQL = "websearch_to_tsquery('french'::regconfig, catalogue_fold(%(text)s))"
# Same calls as the indexes of migration offers/0003.
OFFER_DOCUMENT_SQL = f"catalogue_offer_document(o.name, o.description, o.extra_data) @@ {TS_QUERY_SQL}"
VENUE_DOCUMENT_SQL = f"catalogue_venue_document(t.public_name, t.name) @@ {TS_QUERY_SQL}"
ANY_FIELD_SQL = (
    f"({OFFER_DOCUMENT_SQL} OR o.venue_id = ANY(ARRAY(SELECT t.id FROM offerers_venue t WHERE {VENUE_DOCUMENT_SQL})))"
)
MAIN_FIELDS_SQL = f"catalogue_main_document(o.name, o.extra_data) @@ {TS_QUERY_SQL}"
# The venues of a ring around the place, and their distance (``ring_venues``); the local offers of those venues.
RING_SQL = "JOIN unnest(%(ring)s::bigint[], %(ring_km)s::float8[]) AS d(venue_id, km) ON d.venue_id = o.venue_id"


def haversine_sql(table: str) -> str:
    """Great-circle distance in km between the venue of alias ``table`` and the place: the operations of
    :func:`passculture.offers.search.haversine_km`, in the same order (the same floats)."""
    lat, lng = f"radians(({table}.latitude)::double precision)", f"radians(({table}.longitude)::double precision)"
    a = (
        f"power(sin((({lat} - %(lat_rad)s) / 2.0)), 2.0)"
        f" + ((cos({lat}) * %(cos_lat)s) * power(sin((({lng} - %(lng_rad)s) / 2.0)), 2.0))"
    )
    return f"(%(diameter)s * asin(sqrt(least(({a}), 1.0))))"


DISTANCE_SQL = f"CASE WHEN o.is_national THEN NULL ELSE {haversine_sql('v')} END"
# A word found everywhere, near a place: the offers of the venues around (one hashed list of ids, read from the
# coordinates index alone, checked on the offer's row before anything else is read) and the national offers; then
# the structure of each one kept (offer by offer: OFFSET 0 keeps PostgreSQL from hashing every venue instead), and
# its distance.
NEAR_SQL = (
    "(o.is_national OR o.venue_id IN (SELECT v.id FROM offerers_venue v WHERE v.latitude BETWEEN %(south)s AND"
    f" %(north)s AND v.longitude BETWEEN %(west)s AND %(east)s AND {haversine_sql('v')} <= %(radius)s))"
    " AND EXISTS (SELECT 1 FROM offerers_venue v JOIN offerers_offerer r ON r.id = v.offerer_id"
    f" WHERE v.id = o.venue_id AND {OFFERER_VALIDATED_SQL} OFFSET 0)"
)
NEAR_DISTANCE_SQL = (
    "CASE WHEN o.is_national THEN NULL ELSE (SELECT"
    f" {haversine_sql('v')} FROM offerers_venue v WHERE v.id = o.venue_id OFFSET 0) END"
)
# The venue ``v`` is within ``%(radius)s`` of the place: bounding box (indexed), then exact distance.
WITHIN_SQL = (
    f"v.latitude BETWEEN %(south)s AND %(north)s AND v.longitude BETWEEN %(west)s AND %(east)s"
    f" AND {haversine_sql('v')} <= %(radius)s"
)
# A few offers (by id), near a place: their venue is joined, the distance computed offer by offer.
NEAR_FEW_SQL = f"(o.is_national OR ({WITHIN_SQL}))"


@cache
def _columns(model) -> tuple[list, str]:
    """The concrete fields of ``model`` and their columns (alias ``o`` or ``v``) in that order."""
    alias = "o" if model is Offer else "v"
    fields = list(model._meta.concrete_fields)
    return fields, ", ".join(f'{alias}."{field.column}"' for field in fields)


@cache
def _converters(model) -> list[tuple[int, list, object]]:
    """What the ORM applies to the values read from the database (JSON documents, …), by column."""
    return converters(model, _columns(model)[0])


def _array(values: list) -> str:
    """An array of numbers as PostgreSQL's text literal, to cast in the SQL (``::bigint[]``, ``::float8[]``): psycopg
    takes 1.5 ms to adapt a list of 1,000 integers, 3 ms for floats; this takes 0.05 ms. ``repr`` of a float gives
    back the same float in PostgreSQL (distances read from it go back unchanged)."""
    return "{" + ",".join(map(repr, values)) + "}"


def _instance(model, values: list):
    return from_row(model, [field.attname for field in _columns(model)[0]], values, _converters(model))


class Search:
    """One search's queries, on one cursor (``search``: the ``_Search`` of passculture.offers.search).

    Every query reads visible offers only: ``o`` released (approved, active) with a bookable stock, and the
    structure of its venue validated (``venues=True``): the venue and its structure joined when the query reads the
    venue (``v``), else the venue checked against the venues of the structures not validated; or checked beforehand
    by the venue list of a ring.
    """

    def __init__(self, cursor, search, category_ids: list[str] | None, max_counted: int, ring_fractions) -> None:
        self.cursor = cursor
        self.search = search
        self.max_counted = max_counted
        self.ring_fractions = ring_fractions
        self.params = {"now": search.now, "text": search.text, "subcategories": category_ids}
        self.base = [OFFER_RELEASED_SQL] + (["o.subcategory_id = ANY(%(subcategories)s)"] if category_ids else [])
        self.venues_by_radius: dict[float, list[tuple[int, float]]] = {}
        if search.place is not None:
            latitude, longitude, _ = search.place
            self.params.update(
                lat_rad=math.radians(latitude),
                lng_rad=math.radians(longitude),
                cos_lat=math.cos(math.radians(latitude)),
                diameter=2 * EARTH_RADIUS_KM,
            )

    # --- SQL -----------------------------------------------------------------------------------------------------

    def _sql(
        self,
        columns: str,
        where: list[str],
        *,
        venues: bool,
        stocks: bool,
        joins: str = "",
        order: str = "",
        many: bool = False,
    ) -> str:
        conditions = [*self.base, *where, "b.stocks > 0" if stocks else HAS_BOOKABLE_STOCK_SQL]
        if venues and READS_VENUE.search(" ".join([columns, *where, joins, order])):
            joins = f"{VENUE_JOIN_SQL} {joins}"
            conditions.append(OFFERER_VALIDATED_SQL)
        elif venues:
            conditions.append(VENUE_OF_VALIDATED_OFFERER_HASHED_SQL if many else VENUE_OF_VALIDATED_OFFERER_SQL)
        stocks_join = STOCKS_SQL if stocks else ""
        return f"SELECT {columns} FROM offers_offer o {joins} {stocks_join} WHERE {' AND '.join(conditions)}"

    def rows(
        self,
        columns: str,
        where: list[str],
        *,
        venues: bool = True,
        joins: str = "",
        order: str = "",
        limit: int | None,
        offset: int = 0,
        many: bool = False,
        **params,
    ) -> list[tuple]:
        """Rows of visible offers matching ``where`` (with ``b``, their bookable stocks, when the columns or the
        order need them). ``many``: hundreds of offers will be read (the structures are checked from one hashed
        list)."""
        stocks = any(column in f"{columns} {order}" for column in ("b.next_beginning", "b.min_price_cents"))
        sql = self._sql(columns, where, venues=venues, stocks=stocks, joins=joins, order=order, many=many)
        sql += f"{' ORDER BY ' + order if order else ''}{'' if limit is None else f' LIMIT {int(limit)}'}"
        sql += f" OFFSET {int(offset)}" if offset else ""
        self.cursor.execute(sql, {**self.params, **params})
        return self.cursor.fetchall()

    def ids(self, where: list[str], **kwargs) -> list[int]:
        return [row[0] for row in self.rows("o.id", where, **kwargs)]

    def first_ids(self, where: list[str], **kwargs) -> list[int]:
        """Ids of the first MAX_COUNTED + 1 offers, in the order the database finds them (it stops there)."""
        return self.ids(where, limit=self.max_counted + 1, **kwargs)

    def capped_count(self, where: list[str], *, cap: int | None = None, **params) -> int:
        """How many, counting no further than ``cap`` (MAX_COUNTED + 1 by default: reading stops there)."""
        sql = self._sql("1", where, venues=True, stocks=False)
        cap = self.max_counted + 1 if cap is None else cap
        self.cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT {int(cap)}) t", {**self.params, **params})
        return self.cursor.fetchone()[0]

    def ordering(self, *, distance: str = DISTANCE_SQL) -> str:
        """ORDER BY of the requested sort; relevance without the main-field matches first (they are put first from
        the ids, or every candidate is one)."""
        sort = self.search.sort
        if sort == "date":
            return "b.next_beginning ASC NULLS LAST, o.id DESC"
        if sort == "price":
            return "b.min_price_cents ASC, o.id DESC"
        near = self.search.place is not None
        if sort == "distance" and near:
            return f"{distance} ASC NULLS LAST, o.id DESC"
        then = [f"{distance} ASC NULLS LAST"] if near else []
        return ", ".join([*then, "o.id DESC"])

    def main_matches(self, ids: list[int]) -> set[int]:
        """Those of ``ids`` that match the text in their main fields (through the index of the main fields)."""
        self.cursor.execute(
            "SELECT o.id FROM offers_offer o WHERE o.id = ANY(%(ids)s::bigint[])"
            f" AND {MAIN_FIELDS_SQL} AND {OFFER_RELEASED_SQL}",
            {**self.params, "ids": _array(ids)},
        )
        return {row[0] for row in self.cursor.fetchall()}

    def page(
        self, where: list[str], *, order: str = "o.id DESC", limit: int | None = None, offset: int = 0, **params
    ) -> list[Offer]:
        """Offers (with their venue, distance, next date and lowest price) of ``where``, in ``order``."""
        offer_fields, offer_columns = _columns(Offer)
        _, venue_columns = _columns(Venue)
        distance = DISTANCE_SQL if self.search.place is not None else "NULL::double precision"
        columns = f"{offer_columns}, {venue_columns}, {distance}, b.next_beginning, b.min_price_cents"
        limit = self.search.page_size + 1 if limit is None else limit
        offers = []
        for row in self.rows(columns, where, order=order, limit=limit, offset=offset, **params):
            row = list(row)
            offer = _instance(Offer, row[: len(offer_fields)])
            offer.venue = _instance(Venue, row[len(offer_fields) : -3])
            offer.distance_km, offer.next_beginning, offer.min_price_cents = row[-3:]
            offers.append(offer)
        return offers

    def sorted_page(self, where: list[str], **params) -> list[Offer]:
        """One page (plus one row, to know whether there is a next page) of ``where`` in the requested order."""
        return self.page(where, order=self.ordering(), offset=self.search.start, **params)

    def page_of_ids(self, ids: list[int]) -> list[Offer]:
        """The offers of ``ids``, in that order (visibility checked again)."""
        if not ids:
            return []
        by_id = {
            offer.pk: offer
            for offer in self.page(["o.id = ANY(%(page_ids)s::bigint[])"], limit=len(ids), page_ids=_array(ids))
        }
        return [by_id[pk] for pk in ids if pk in by_id]

    # --- Places --------------------------------------------------------------------------------------------------

    def rings(self) -> list[float]:
        _, _, radius = self.search.place
        return [radius * fraction for fraction in self.ring_fractions]

    def box(self, radius_km: float) -> dict:
        latitude, longitude, _ = self.search.place
        dlat, dlng = bounding_box(latitude, radius_km)
        return {
            "south": latitude - dlat,
            "north": latitude + dlat,
            "west": longitude - dlng,
            "east": longitude + dlng,
            "radius": radius_km,
        }

    def ring_venues(self, radius_km: float) -> list[tuple[int, float]]:
        """The venues of validated structures within ``radius_km`` of the place, and their distance (read once:
        a smaller ring is taken from a larger one already read)."""
        larger = [radius for radius in self.venues_by_radius if radius >= radius_km]
        if larger:
            venues = [(pk, km) for pk, km in self.venues_by_radius[min(larger)] if km <= radius_km]
        else:
            self.cursor.execute(
                f"SELECT v.id, {haversine_sql('v')} FROM offerers_venue v"
                " JOIN offerers_offerer r ON r.id = v.offerer_id WHERE v.latitude BETWEEN %(south)s AND %(north)s"
                " AND v.longitude BETWEEN %(west)s AND %(east)s"
                f" AND {OFFERER_VALIDATED_SQL} AND {haversine_sql('v')} <= %(radius)s",
                {**self.params, **self.box(radius_km)},
            )
            venues = self.cursor.fetchall()
        self.venues_by_radius[radius_km] = venues
        return venues

    def ring_join(self, venues: list[tuple[int, float]]) -> dict:
        """Arguments of :meth:`rows` for the local offers of ``venues`` (ids, distances), ``d.km`` their distance."""
        ids, kms = [pk for pk, _ in venues], [km for _, km in venues]
        return {
            "where": ["NOT o.is_national"],
            "venues": False,
            "joins": RING_SQL,
            "ring": _array(ids),
            "ring_km": _array(kms),
        }


# --- The steps (those of passculture.offers.search, whose docstring tells why) ----------------------------------


def run(search, category_ids: list[str] | None, *, max_counted: int, ring_fractions) -> tuple[list[Offer], int]:
    """The page's offers (plus one, when there is a next page) and the count (capped at ``max_counted`` + 1)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(SETTINGS_SQL)
        queries = Search(cursor, search, category_ids, max_counted, ring_fractions)
        if search.place is None:
            return _everywhere(queries)
        if search.text:
            return _text_near(queries)
        if search.by_distance:
            return _nearest_first(queries)
        return _sorted_near(queries)


def _everywhere(q: Search) -> tuple[list[Offer], int]:
    search, limit = q.search, q.max_counted + 1
    if not search.text:
        # The newest MAX_COUNTED + 1 (read in index order): the count, and the window the other sorts apply to.
        window = q.ids([], order="o.id DESC", limit=limit, many=True)
        if search.sort == "relevance":
            return q.page_of_ids(window[search.start : search.start + search.page_size + 1]), len(window)
        return q.sorted_page(["o.id = ANY(%(window)s::bigint[])"], window=_array(window)), len(window)
    found = q.first_ids([ANY_FIELD_SQL])
    if len(found) <= q.max_counted and search.sort == "relevance":
        # Main-field matches first, newest first: the order of the ids, once the main-field matches are known.
        main = q.main_matches(found)
        ordered = sorted(found, key=lambda pk: (pk not in main, -pk))
        return q.page_of_ids(ordered[search.start : search.start + search.page_size + 1]), len(found)
    if len(found) <= q.max_counted:
        return q.sorted_page(["o.id = ANY(%(found)s::bigint[])"], found=_array(found)), len(found)
    first = q.first_ids([MAIN_FIELDS_SQL])
    in_first = set(first)
    others = [pk for pk in found if pk not in in_first][: limit - len(first)]
    if search.sort == "relevance":  # main fields first, newest first: known without asking the database
        ordered = sorted(first, reverse=True) + sorted(others, reverse=True)
        return q.page_of_ids(ordered[search.start : search.start + search.page_size + 1]), len(found)
    return q.sorted_page(["o.id = ANY(%(window)s::bigint[])"], window=_array(first + others)), len(found)


def _text_near(q: Search) -> tuple[list[Offer], int]:
    """The offers matching the text, kept when near. A word found in more than MAX_COUNTED offers in all France is
    looked for in the main fields only (titles, authors…): far fewer offers to read."""
    search = q.search
    _, _, radius = search.place
    limit = q.max_counted + 1
    if search.sort in ("relevance", "distance"):
        # The distance of each offer found comes with it: when they are few, the near ones are sorted here.
        rows = q.rows(f"o.id, {DISTANCE_SQL}, o.is_national", [ANY_FIELD_SQL], limit=limit)
        if len(rows) <= q.max_counted:
            near = [(pk, km) for pk, km, national in rows if national or (km is not None and km <= radius)]
            main = set()
            if search.sort == "relevance" and near:
                main = q.main_matches([pk for pk, _ in near])
            near.sort(key=lambda row: (row[0] not in main, row[1] is None, row[1] or 0, -row[0]))
            page_ids = [pk for pk, _ in near[search.start : search.start + search.page_size + 1]]
            return q.page_of_ids(page_ids), len(near)
        found = [row[0] for row in rows]
    else:
        found = q.first_ids([ANY_FIELD_SQL])
    if len(found) <= q.max_counted:
        order = q.ordering()
        ids = q.ids(
            ["o.id = ANY(%(found)s::bigint[])", NEAR_FEW_SQL],
            order=order,
            limit=limit,
            found=_array(found),
            **q.box(radius),
        )
    else:  # every candidate matches in its main fields
        order = q.ordering(distance=NEAR_DISTANCE_SQL)
        ids = q.ids([MAIN_FIELDS_SQL, NEAR_SQL], venues=False, order=order, limit=limit, **q.box(radius))
    return q.page_of_ids(ids[search.start : search.start + search.page_size + 1]), len(ids)


def _nearest_first(q: Search) -> tuple[list[Offer], int]:
    """Nearest first, national offers (no distance) after every local one, newest first. The local offers are read
    by distance ring after ring (each ring reads its outer band only) until one holds the page, at most MAX_COUNTED
    + 1 of them: the page, and the count when there are more than MAX_COUNTED. Otherwise the offers beyond are
    counted (reading stops when the count passes MAX_COUNTED)."""
    search = q.search
    needed = search.start + search.page_size + 1
    fetch = max(needed, q.max_counted + 1)
    rings = q.rings()
    ids, inner = [], -1.0
    for radius in rings:
        band = [(pk, km) for pk, km in q.ring_venues(radius) if km > inner]
        if band:
            ids += q.ids(**q.ring_join(band), order="d.km ASC, o.id DESC", limit=fetch - len(ids))
        inner = radius
        if len(ids) >= needed:
            break
    if len(ids) > q.max_counted or inner == rings[-1]:
        local_count = len(ids)
    else:  # every offer of the ring was read: the others are counted, their venues joined
        beyond = ["NOT o.is_national", WITHIN_SQL, f"{haversine_sql('v')} > %(inner)s"]
        cap = q.max_counted + 1 - len(ids)
        local_count = len(ids) + q.capped_count(beyond, cap=cap, inner=inner, **q.box(rings[-1]))
    page_ids = ids[search.start : needed]
    if len(page_ids) < search.page_size + 1:  # past the local offers (all read: the last ring was used)
        skip = max(0, search.start - len(ids))
        page_ids += q.ids(["o.is_national"], order="o.id DESC", limit=search.page_size + 1 - len(page_ids), offset=skip)
    national_count = q.capped_count(["o.is_national"]) if local_count <= q.max_counted else 0  # else capped anyway
    return q.page_of_ids(page_ids), local_count + national_count


def _sorted_near(q: Search) -> tuple[list[Offer], int]:
    """Date or price: if more than MAX_COUNTED offers are around, the sort applies to those of the smallest ring
    holding more than MAX_COUNTED (the nearest), and to MAX_COUNTED + 1 national offers."""
    search = q.search
    rings = q.rings()
    needed = search.start + search.page_size + 1
    key = "b.next_beginning" if search.sort == "date" else "b.min_price_cents"

    def in_order(rows):
        return sorted(rows, key=lambda row: (row[1] is None, row[1] or 0, -row[0]))

    # The local offers of the middle ring, with their sort key and distance: the counts of the smaller rings too.
    middle = (len(rings) - 1) // 2
    venues = q.ring_venues(rings[middle])
    rows = q.rows(f"o.id, {key}, d.km", **q.ring_join(venues), limit=None)
    counts = [sum(1 for row in rows if row[2] <= radius) for radius in rings[: middle + 1]]
    full = [ring for ring, count in enumerate(counts) if count > q.max_counted]
    ring = full[0] if full else middle
    local_count = counts[ring]
    local = in_order(row[:2] for row in rows if row[2] <= rings[ring])[:needed]
    # Then the outer band of each larger ring in turn (its first rows in the requested order, and how many there
    # are), until a ring holds more than MAX_COUNTED (or the last).
    for index in range(middle + 1, len(rings)):
        if local_count > q.max_counted:
            break
        band = [(pk, km) for pk, km in q.ring_venues(rings[index]) if km > rings[index - 1]]
        if band:
            columns = f"o.id, {key}, count(*) OVER ()"
            rows = q.rows(columns, **q.ring_join(band), order=q.ordering(), limit=needed)
            local_count += rows[0][2] if rows else 0
            local = in_order(local + [row[:2] for row in rows])[:needed]
    # The national offers: all of them, or the first MAX_COUNTED + 1 found (their number is the count). Both parts
    # merged (one query with an OR would read much more).
    national = q.rows(f"o.id, {key}", ["o.is_national"], limit=q.max_counted + 1, many=True)
    page_ids = [pk for pk, _ in in_order(local + national)[search.start : needed]]
    return q.page_of_ids(page_ids), local_count + len(national)
