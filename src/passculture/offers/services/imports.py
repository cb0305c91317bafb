"""Catalogue imports into offers and stocks: one set-based path for every provider (docs/domain/imports.md#import-path).

A provider (Allociné, a bookstore's stock software, the push API) turns what it reads into :class:`ImportLine`
values; :class:`ImportRun` checks each line with the pure eligibility rules of the offer wizard, then writes a batch
of lines with a few statements (products, offers and stocks read at once; new rows inserted at once; changed stocks
staged — ``COPY`` on PostgreSQL, ``executemany`` on SQLite — and updated by one ``UPDATE … FROM``). Unchanged rows
are not rewritten. The same path computes the dry run (``dry_run=True``): the report of what would happen, nothing
written.

A sync is not a pro edit: it never touches ``Stock.edited_fields`` and never overwrites a field listed there. It acts
as the provider (a label in the audit trail, not a user): one audit entry per run, written by :meth:`ImportRun.finish`.
"""

# S608: the staging SQL is put together from this module's constant table and column names; values are bound.
# ruff: noqa: S608

import datetime
import functools
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from passculture.core.audit import log_action
from passculture.core.dates import format_datetime
from passculture.core.errors import DomainError
from passculture.offerers.models import Venue
from passculture.offers import eligibility, rules, selectors
from passculture.offers.categories import get_subcategory
from passculture.offers.eligibility import Ineligibility
from passculture.offers.models import Offer, OfferValidation, Product, Stock
from passculture.offers.services.bulk import insert_new, update_stocks
from passculture.offers.services.bulk import insert_rows as insert_rows  # catalogue.py's import

NAME_MAX_LENGTH = 90
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class ImportLine:
    """One stock as a provider describes it, already parsed (one line of a file, one item or showtime of an API)."""

    number: int  # line or item number at the provider, for the report
    offer_key: str  # Offer.id_at_provider
    stock_key: str  # Stock.id_at_provider (a thing's single stock: usually the offer's key)
    subcategory_id: str
    name: str = ""  # empty: the catalogue product's title
    name_suffix: str = ""  # kept whole when a long name is shortened (" - VF")
    ean: str = ""  # a product of the catalogue (books): only known, eligible products are imported
    price_cents: int | None = None  # None or 0 with an EAN: the catalogue price
    available: int | None = None  # what the provider can still sell; None: unlimited
    beginning: datetime.datetime | None = None  # events
    booking_limit: datetime.datetime | None = None
    is_duo: bool = False
    description: str = ""
    extra_data: Mapping[str, Any] = field(default_factory=dict)
    # Showtimes: checked with the cinema rules when the provider gives them (Allociné).
    projection: tuple[str, ...] | None = None
    experience: tuple[str, ...] | None = None
    movie_type: str | None = None


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED = "refused"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Problem:
    """A refused line (``warning=False``), or something the pro should know about an imported one."""

    number: int
    key: str
    label: str
    code: str
    message: str
    warning: bool = False


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    skipped: int = 0
    removed: int = 0
    offers_created: int = 0
    problems: list[Problem] = field(default_factory=list)
    # What a preview shows: (outcome, label) of the first lines of each outcome.
    samples: list[tuple[str, str]] = field(default_factory=list)

    COUNTS = ("created", "updated", "unchanged", "refused", "skipped", "removed", "offers_created")
    SAMPLES_PER_OUTCOME = 20

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.COUNTS}

    def count(self, outcome: str, label: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        if getattr(self, outcome) <= self.SAMPLES_PER_OUTCOME:  # the first lines of each outcome
            self.samples.append((outcome, label))

    def merge(self, other: "ImportReport") -> None:
        kept = Counter(kind for kind, _ in self.samples)
        for outcome, label in other.samples:
            if kept[outcome] < self.SAMPLES_PER_OUTCOME:
                self.samples.append((outcome, label))
                kept[outcome] += 1
        for name in self.COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.problems.extend(other.problems)


# --- Pure checks -----------------------------------------------------------------------------------------------------

UNKNOWN_PRODUCT = Ineligibility("unknown_product", "Cet EAN est inconnu du catalogue du pass Culture.")
NO_PRICE = Ineligibility("no_price", "Aucun prix n’est indiqué, ni par le fournisseur ni par le catalogue.")
OFFER_REJECTED = Ineligibility(
    "offer_rejected", "Cette offre a été refusée par l’équipe du pass Culture : elle n’est plus importée."
)
BEGINNING_REQUIRED = Ineligibility("beginning_required", "Une séance ou un événement doit avoir une date.")
TITLE_SHORTENED = "title_shortened"
MESSAGE_TITLE_SHORTENED = "Le titre dépasse {limit} caractères : il a été raccourci en « {name} »."
VANISHED_BOOKED = "vanished_booked"
MESSAGE_VANISHED_BOOKED = (
    "Cette date n’est plus proposée par le fournisseur mais a des réservations : elle est conservée."
)
NOT_AVAILABLE = "not_available"


def shorten(name: str, limit: int = NAME_MAX_LENGTH) -> str:
    """A title cut to ``limit`` characters, ending with "…" when it was cut."""
    name = " ".join(name.split())
    return name if len(name) <= limit else name[: limit - 1].rstrip() + ELLIPSIS


def _from_error(error: DomainError) -> Ineligibility:
    return Ineligibility(error.code, error.message)


def line_refusal(
    line: ImportLine,
    *,
    product: "Product | CatalogueProduct | None",
    price_cents: int | None,
    venue_is_virtual: bool,
    max_price_cents: int | None,
) -> Ineligibility | None:
    """Why the line cannot be imported (the wizard's own eligibility rules), or ``None``. Pure: no database."""
    subcategory = get_subcategory(line.subcategory_id)
    if line.ean:
        if product is None:
            return UNKNOWN_PRODUCT
        if (reason := product.ineligibility) is not None:
            return reason
    reason = shape_refusal(
        line.subcategory_id, line.name, line.is_duo, line.projection, line.experience, line.movie_type,
        venue_is_virtual,
    )  # fmt: skip
    if reason is not None:
        return reason
    if price_cents is None:
        return NO_PRICE
    problems = rules.price_quantity_errors(price_cents, line.available)
    if problems:
        return _from_error(problems[0])
    if subcategory.is_event:
        if line.beginning is None:
            return BEGINNING_REQUIRED
    else:
        return eligibility.check_price(price_cents, max_price_cents)
    return None


@functools.lru_cache(maxsize=4096)
def shape_refusal(
    subcategory_id: str,
    name: str,
    is_duo: bool,
    projection: tuple[str, ...] | None,
    experience: tuple[str, ...] | None,
    movie_type: str | None,
    venue_is_virtual: bool,
) -> Ineligibility | None:
    """The rules that depend only on what a line is (its subcategory, title, showtime, Duo) and on the venue, not on
    its price or quantity: decided once per shape of line (pure rules, memoised), not once per line."""
    subcategory = get_subcategory(subcategory_id)
    if projection is not None or experience is not None or movie_type is not None:
        showtime = eligibility.check_movie_showtime(projection, experience, movie_type)
    else:
        showtime = eligibility.check_showtime_title(subcategory.id, name)
    reason = eligibility.first_ineligibility(
        eligibility.check_subcategory_selectable(subcategory, by_staff=False), showtime
    )
    if reason is not None:
        return reason
    placement = rules.placement_error(subcategory, venue_is_virtual=venue_is_virtual, url="", is_duo=is_duo)
    if placement is not None:
        return _from_error(placement)
    return None


def stock_values(line: ImportLine, price_cents: int, existing: Mapping[str, Any] | None) -> dict[str, Any]:
    """The stock a line asks for: quantity = available + places already booked; the pro's edits kept."""
    booked = existing["booked_quantity"] if existing else 0
    wanted: dict[str, Any] = {
        "price_cents": price_cents,
        "quantity": None if line.available is None else line.available + booked,
        "booking_limit_datetime": line.booking_limit or line.beginning,
    }
    if existing:
        for name in existing["edited_fields"] or ():
            if name in wanted:
                wanted[name] = existing[name]
        if wanted["quantity"] is not None and wanted["quantity"] < booked:
            wanted["quantity"] = booked
    return wanted


# --- Reads ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CatalogueProduct:
    """What an import needs of a catalogue product (a row, no model instance): its eligibility decided once."""

    pk: int
    ean: str
    name: str
    price_cents: int | None
    ineligibility: Ineligibility | None


PRODUCT_READ_COLUMNS = ("id", "ean", "name", "price_cents", "is_eligible", "ineligibility_reason")
OFFER_OWNED_FIELDS = ("name", "description", "is_duo", "subcategory_id", "extra_data", "product_id")
STOCK_COLUMNS = ("price_cents", "quantity", "booking_limit_datetime")
OFFER_READ_COLUMNS = ("id", "id_at_provider", "venue_id", "validation", *OFFER_OWNED_FIELDS)
STOCK_READ_COLUMNS = (
    "id", "id_at_provider", "offer_id", "booked_quantity", "edited_fields", "is_soft_deleted", "beginning_datetime",
    *STOCK_COLUMNS,
)  # fmt: skip


@functools.cache
def _select_by_keys(table: str, columns: tuple[str, ...], key: str) -> str:
    """One statement per table, its text built once: the keys travel as one array parameter (PostgreSQL), joined to
    the table rather than ``key = ANY(%s)``: one probe of the unique index per key whatever the table's statistics
    (a table never analysed yet, filling during a venue's first sync, made ``ANY`` scan it whole)."""
    selected = ", ".join(f"t.{name}" for name in columns)
    return f"SELECT {selected} FROM unnest(%s::text[]) AS k(key) JOIN {table} AS t ON t.{key} = k.key"


@functools.cache
def _json_columns(model: type[models.Model], columns: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(i for i, name in enumerate(columns) if isinstance(model._meta.get_field(name), models.JSONField))


def _rows_by_keys(model: type[models.Model], columns: tuple[str, ...], key: str, keys: Iterable[str]) -> list:
    """Tuples of ``columns`` of the rows whose ``key`` is among ``keys``: one raw statement on PostgreSQL (no model
    instances, no placeholder per key), the ORM's ``values_list`` elsewhere."""
    keys = list(keys)
    if not keys:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_select_by_keys(model._meta.db_table, columns, key), [keys])
            rows = cursor.fetchall()
        # Django has psycopg hand JSON over as text (its fields decode it): decoded here the same way.
        json_columns = _json_columns(model, columns)
        if not json_columns:
            return rows
        loads, decoded = json.loads, []
        for row in rows:
            values = list(row)
            for i in json_columns:
                values[i] = loads(values[i])
            decoded.append(values)
        return decoded
    return list(model._default_manager.filter(**{f"{key}__in": keys}).values_list(*columns))


def read_rows(model: type[models.Model], columns: tuple[str, ...], keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The rows (as dicts of ``columns``) whose provider key is among ``keys``, by that key."""
    return {
        row[1]: dict(zip(columns, row, strict=True)) for row in _rows_by_keys(model, columns, "id_at_provider", keys)
    }


HAND_TYPED_COLUMNS = ("id", "product__ean", "venue_id", "validation", *OFFER_OWNED_FIELDS)
HAND_TYPED_SQL = (
    f"SELECT {', '.join(f'o.{name}' for name in OFFER_READ_COLUMNS if name != 'id_at_provider')}, p.ean "
    "FROM unnest(%s::text[]) AS k(ean) JOIN offers_product AS p ON p.ean = k.ean "
    "JOIN offers_offer AS o ON o.product_id = p.id "
    "WHERE o.venue_id = %s AND o.id_at_provider IS NULL AND o.validation <> %s"
)


def hand_typed_offers(venue_id: int, eans: list[str]) -> list[dict[str, Any]]:
    """The venue's offers typed by hand (no provider key), not rejected, of these EANs: one raw statement on
    PostgreSQL, the ORM elsewhere; each row a dict of ``HAND_TYPED_COLUMNS``."""
    if connection.vendor != "postgresql":
        rows = Offer.objects.filter(venue_id=venue_id, id_at_provider__isnull=True, product__ean__in=eans).exclude(
            validation=OfferValidation.REJECTED
        )
        return list(rows.values(*HAND_TYPED_COLUMNS))
    with connection.cursor() as cursor:
        cursor.execute(HAND_TYPED_SQL, [eans, venue_id, OfferValidation.REJECTED.value])
        found = cursor.fetchall()
    columns = [name for name in OFFER_READ_COLUMNS if name != "id_at_provider"] + ["product__ean"]
    return [
        {**row, "extra_data": json.loads(row["extra_data"])}
        for row in (dict(zip(columns, values, strict=True)) for values in found)
    ]


def read_products(eans: Iterable[str]) -> dict[str, CatalogueProduct]:
    """The catalogue products of ``eans``, by EAN, each with its eligibility (decided once per distinct reason)."""
    verdicts: dict[tuple[bool, str], Ineligibility | None] = {}
    products = {}
    for pk, ean, name, price_cents, is_eligible, reason in _rows_by_keys(Product, PRODUCT_READ_COLUMNS, "ean", eans):
        if (is_eligible, reason) not in verdicts:
            verdicts[is_eligible, reason] = eligibility.check_product(is_eligible, reason)
        products[ean] = CatalogueProduct(pk, ean, name, price_cents, verdicts[is_eligible, reason])
    return products


# --- The run ---------------------------------------------------------------------------------------------------------


class ImportRun:
    """One import of a provider's lines into a venue. Feed batches with :meth:`add`, then call :meth:`finish`.

    ``full=True``: the lines are everything the provider offers at the venue (Allociné), so its future dated stocks
    that were not seen vanished at the provider: removed when unbooked, kept and reported when booked."""

    def __init__(
        self, venue: Venue, provider_code: str, actor: str, *, dry_run: bool = False, full: bool = False
    ) -> None:
        self.venue, self.provider_code, self.actor = venue, provider_code, actor
        self.dry_run, self.full = dry_run, full
        self.report = ImportReport()
        self.now = timezone.now()
        self.max_price_cents = selectors.max_price_cents(self.now)
        self._seen_stock_keys: set[str] = set()
        self._planned_offers: set[str] = set()  # dry run: offers a previous batch would have created
        self._adopted_stocks: dict[int, str] = {}  # stocks typed by hand that take the provider's key

    def add(self, lines: Iterable[ImportLine]) -> ImportReport:
        """Import one batch (in the caller's transaction, or in one of its own); returns the batch's report."""
        with transaction.atomic():
            batch = self._batch(lines)
        self.report.merge(batch)
        return batch

    def _batch(self, lines: Iterable[ImportLine]) -> ImportReport:
        report = ImportReport()
        by_key: dict[str, ImportLine] = {}
        for line in lines:  # the same stock twice in a batch: the last one wins
            by_key.pop(line.stock_key, None)
            by_key[line.stock_key] = line
        products = read_products({line.ean for line in by_key.values() if line.ean})
        offers = read_rows(Offer, OFFER_READ_COLUMNS, {line.offer_key for line in by_key.values()})
        stocks = read_rows(Stock, STOCK_READ_COLUMNS, list(by_key))
        self._adopt(by_key, offers, stocks)
        new_offers: dict[str, dict[str, Any]] = {}
        changed_offers: dict[int, Offer] = {}
        new_stocks: list[tuple[dict[str, Any] | None, dict[str, Any]]] = []
        changed_stocks: list[tuple[int, dict[str, Any]]] = []
        for line in by_key.values():
            label = self._label(line, products.get(line.ean))
            outcome = self._plan_line(
                line, label, report, products, offers, stocks, new_offers, changed_offers, new_stocks, changed_stocks
            )
            report.count(outcome, label)
        if self.dry_run:
            self._planned_offers.update(new_offers)
            self._adopted_stocks.clear()
        else:
            self._write(new_offers, changed_offers, new_stocks, changed_stocks)
        report.offers_created = len(new_offers)
        return report

    def _adopt(self, by_key: dict[str, ImportLine], offers: dict, stocks: dict) -> None:
        """A book the pro typed by hand before linking the venue becomes the provider's (one offer per venue and EAN):
        its offer and its stock are found by EAN and take the provider's keys."""
        eans = {line.ean: line for line in by_key.values() if line.ean and line.offer_key not in offers}
        if not eans:
            return
        adopted: dict[int, ImportLine] = {}
        for row in hand_typed_offers(self.venue.pk, list(eans)):
            line = eans[row.pop("product__ean")]
            if line.offer_key not in offers:
                offers[line.offer_key] = {**row, "adopted": True}
                adopted[row["id"]] = line
        hand_stocks = Stock.objects.filter(offer_id__in=list(adopted), id_at_provider__isnull=True)
        columns = ("id", "offer_id", "booked_quantity", "edited_fields", "is_soft_deleted", "beginning_datetime")
        for row in hand_stocks.filter(is_soft_deleted=False).values(*columns, *STOCK_COLUMNS):
            line = adopted[row["offer_id"]]
            if line.stock_key not in stocks:
                stocks[line.stock_key] = {**row, "id_at_provider": None, "adopted": True}
                self._adopted_stocks[row["id"]] = line.stock_key

    def _label(self, line: ImportLine, product: CatalogueProduct | None) -> str:
        name = (line.name or (product.name if product else line.ean)) + line.name_suffix
        if line.beginning is not None:
            return f"{name} — {format_datetime(line.beginning, self.venue.timezone)}"
        return f"{name} ({line.ean})" if line.ean else name

    def _plan_line(
        self, line, label, report, products, offers, stocks, new_offers, changed_offers, new_stocks, changed_stocks
    ) -> str:
        product = products.get(line.ean) if line.ean else None
        price = line.price_cents
        if line.ean and not price and product is not None and product.price_cents:
            price = product.price_cents
        reason = line_refusal(
            line, product=product, price_cents=price, venue_is_virtual=self.venue.is_virtual,
            max_price_cents=self.max_price_cents,
        )  # fmt: skip
        existing_offer = offers.get(line.offer_key)
        if reason is None and existing_offer is not None:
            if existing_offer["venue_id"] != self.venue.pk:
                reason = Ineligibility("other_venue", "Cet identifiant est déjà celui d’une offre d’un autre lieu.")
            elif existing_offer["validation"] == OfferValidation.REJECTED:
                reason = OFFER_REJECTED
        if reason is not None:
            report.problems.append(Problem(line.number, line.stock_key, label, reason.code, reason.message))
            return Outcome.REFUSED
        assert price is not None  # line_refusal refuses a line without a price
        if line.beginning is not None and line.beginning <= self.now:
            return Outcome.SKIPPED  # a showtime already started: nothing to sell
        base = " ".join((line.name or (product.name if product else "")).split())
        name = shorten(base, NAME_MAX_LENGTH - len(line.name_suffix)) + line.name_suffix
        existing_stock = stocks.get(line.stock_key)
        planned = line.offer_key in new_offers or line.offer_key in self._planned_offers
        if existing_offer is None and not planned and line.available == 0:
            return Outcome.SKIPPED  # created once the provider has something to sell
        if self.full:  # only a full run looks for vanished stocks: a stock sync keeps no key per line (flat memory)
            self._seen_stock_keys.add(line.stock_key)
        if name != base + line.name_suffix:
            message = MESSAGE_TITLE_SHORTENED.format(limit=NAME_MAX_LENGTH, name=name)
            report.problems.append(Problem(line.number, line.stock_key, label, TITLE_SHORTENED, message, True))
        offer_fields = {
            "name": name,
            "description": line.description,
            "is_duo": line.is_duo,
            "subcategory_id": line.subcategory_id,
            "extra_data": {**({"ean": line.ean} if line.ean else {}), **line.extra_data},
            "product_id": product.pk if product else None,
        }
        offer_changed = False
        if existing_offer is None:
            offer = new_offers.get(line.offer_key)
            if offer is None and line.offer_key not in self._planned_offers:
                offer = {"id_at_provider": line.offer_key, **offer_fields}  # the run's venue, approved: _write
                new_offers[line.offer_key] = offer
        else:
            offer = None
            differs = any(existing_offer[name] != value for name, value in offer_fields.items())
            if differs or existing_offer.get("adopted"):
                offer_changed = existing_offer["id"] not in changed_offers
                changed_offers[existing_offer["id"]] = Offer(
                    id=existing_offer["id"], id_at_provider=line.offer_key, provider_code=self.provider_code,
                    **offer_fields,
                )  # fmt: skip
        wanted = stock_values(line, price, existing_stock)
        if existing_stock is None:
            stock = {"id_at_provider": line.stock_key, "beginning_datetime": line.beginning, **wanted}
            if existing_offer is not None:
                stock["offer_id"] = existing_offer["id"]
            new_stocks.append((offer, stock))
            return Outcome.CREATED
        if existing_stock.get("adopted") and not any(existing_stock[k] != v for k, v in wanted.items()):
            return Outcome.UPDATED
        if existing_stock["is_soft_deleted"]:
            return Outcome.UPDATED if offer_changed else Outcome.UNCHANGED  # deleted by the pro: left deleted
        if any(existing_stock[name] != value for name, value in wanted.items()):
            changed_stocks.append((existing_stock["id"], wanted))
            return Outcome.UPDATED
        return Outcome.UPDATED if offer_changed else Outcome.UNCHANGED

    def _write(self, new_offers, changed_offers, new_stocks, changed_stocks) -> None:
        if new_offers:
            constant = {
                "venue_id": self.venue.pk, "provider_code": self.provider_code, "validation": OfferValidation.APPROVED,
                "validated_at": self.now, "is_active": True,
            }  # fmt: skip
            ids = insert_new(Offer, list(new_offers.values()), constant, with_ids=True)
            for offer, pk in zip(new_offers.values(), ids, strict=True):
                offer["id"] = pk
        if changed_offers:
            for offer in changed_offers.values():
                offer.updated_at = self.now
            fields = [*OFFER_OWNED_FIELDS, "id_at_provider", "provider_code", "updated_at"]
            Offer.objects.bulk_update(changed_offers.values(), fields)
        if new_stocks:
            for offer, stock in new_stocks:
                if offer is not None:
                    stock["offer_id"] = offer["id"]
            insert_new(Stock, [stock for _, stock in new_stocks])
        if changed_stocks:
            update_stocks(changed_stocks, self.now)
        for stock_id, key in self._adopted_stocks.items():  # once per book typed by hand, at its first sync
            Stock.objects.filter(pk=stock_id).update(id_at_provider=key)
        self._adopted_stocks.clear()

    def finish(self) -> ImportReport:
        """Vanished future stocks (``full`` runs), then the run's audit entry. Returns the whole run's report."""
        with transaction.atomic():
            if self.full:
                self._vanished()
            if not self.dry_run:
                data = {"provider": self.provider_code, **self.report.counts()}
                log_action(self.actor, "offers.imported", self.venue, data)
        return self.report

    def _vanished(self) -> None:
        rows = (
            Stock.objects.filter(
                offer__venue=self.venue, offer__provider_code=self.provider_code, id_at_provider__isnull=False,
                beginning_datetime__gt=self.now, is_soft_deleted=False,
            )
            .exclude(id_at_provider__in=self._seen_stock_keys)
            .values_list("id", "id_at_provider", "booked_quantity", "offer__name", "beginning_datetime")
        )  # fmt: skip
        unbooked = []
        for stock_id, key, booked, name, beginning in rows:
            if booked:
                label = f"{name} — {format_datetime(beginning, self.venue.timezone)}"
                problem = Problem(0, key or "", label, VANISHED_BOOKED, MESSAGE_VANISHED_BOOKED, True)
                self.report.problems.append(problem)
            else:
                unbooked.append(stock_id)
        if unbooked and not self.dry_run:
            Stock.objects.filter(pk__in=unbooked, booked_quantity=0).update(is_soft_deleted=True, updated_at=self.now)
        self.report.removed += len(unbooked)


def stream(lines: Iterable[ImportLine], run: ImportRun, batch_size: int = 1000) -> ImportReport:
    """Feed ``lines`` to ``run`` by batches of ``batch_size`` and finish it: the whole import in one call."""
    batch: list[ImportLine] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= batch_size:
            run.add(batch)
            batch = []
    if batch:
        run.add(batch)
    return run.finish()
