"""The book catalogue import into ``Product`` (Titelive daily files; docs/domain/imports.md#titelive).

Lines already parsed by the provider are checked with the book eligibility rules (``eligibility.check_book``, the
offer wizard's) and written by batch, set-based: the batch is staged in a temporary table (``COPY`` on PostgreSQL,
``executemany`` on SQLite), one query compares it with the products (what is new, changed, unchanged, no longer
eligible), and one ``INSERT … SELECT … ON CONFLICT (ean) DO UPDATE … WHERE`` writes the new products and the
changed ones; unchanged ones are not rewritten (their ``updated_at`` stays). No model instance is built on the way.
An ineligible line is kept as an ineligible product (so that the offer wizard refuses its EAN with the reason); a
product that becomes ineligible is never deleted: its offers are deactivated and, when some of them are booked, the
report says so. The dry run runs the same comparison and writes nothing.
"""

# S608: the SQL is put together from this module's constant table and column names; values are bound.
# ruff: noqa: S608

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from passculture.offers import eligibility
from passculture.offers.models import Offer, Product, Stock
from passculture.offers.services.bulk import stage
from passculture.offers.services.imports import ImportReport, Outcome, Problem

OFFERS_DEACTIVATED = "offers_deactivated"
MESSAGE_OFFERS_DEACTIVATED = (
    "Ce produit n’est plus éligible ({reason}) : ses offres ont été désactivées, les réservations déjà faites sont "
    "conservées."
)
# Lines per batch (one transaction, one staging): big enough that the per-batch statements cost nothing per line,
# small enough that memory stays flat (a batch of parsed lines weighs about 10 MB).
BATCH_SIZE = 20_000
NAME_MAX_LENGTH = 255  # name, author and publisher are cut to their column's length
# An odd rayon or support code too long for its column is cut too (its eligibility is decided on the code as given):
# the line, and its batch, land.
CSR_CODE_MAX_LENGTH = Product._meta.get_field("csr_code").max_length
SUPPORT_CODE_MAX_LENGTH = Product._meta.get_field("support_code").max_length


class ProductLine(NamedTuple):
    """A catalogue line, parsed (prices in cents, rates and dates typed). A ``NamedTuple`` (immutable, cheap to
    build: a daily file has a million lines)."""

    number: int
    ean: str
    name: str
    author: str = ""
    publisher: str = ""
    description: str = ""
    price_cents: int | None = None
    csr_code: str = ""
    clil_code: str = ""  # CLIL themes, comma-separated
    is_school: bool = False
    support_code: str = ""
    vat_rate: Decimal | None = None
    publication_date: datetime.date | None = None
    subcategory_id: str = "LIVRE_PAPIER"


PRODUCT_FIELDS = tuple(name for name in ProductLine._fields if name not in {"number", "ean"})
WRITTEN_FIELDS = (*PRODUCT_FIELDS, "is_eligible", "ineligibility_reason")


@lru_cache(maxsize=4096)
def book_ineligibility(
    clil_code: str, csr_code: str, is_school: bool, support_code: str, vat_rate: Decimal | None
) -> eligibility.Ineligibility | None:
    """The first reason a line's book is not eligible (``eligibility.check_book``, the offer wizard's rule), or
    ``None``. Pure, so memoised on its five inputs: a daily file of a million lines has a few hundred combinations
    of them."""
    return eligibility.check_book(
        clil_codes=[code for code in clil_code.split(",") if code],
        csr_code=csr_code or None,
        school_flag=is_school,
        support_code=support_code or None,
        vat_rate=vat_rate,
    )


def line_ineligibility(line: ProductLine) -> eligibility.Ineligibility | None:
    return book_ineligibility(line.clil_code, line.csr_code, line.is_school, line.support_code, line.vat_rate)


def product_values(line: ProductLine) -> dict:
    """What a line writes on its product, eligibility included (pure)."""
    reason = line_ineligibility(line)
    values = {name: getattr(line, name) for name in PRODUCT_FIELDS}
    values["name"] = values["name"][:NAME_MAX_LENGTH]
    values["author"] = values["author"][:NAME_MAX_LENGTH]
    values["publisher"] = values["publisher"][:NAME_MAX_LENGTH]
    values["is_eligible"] = reason is None
    values["ineligibility_reason"] = reason.code if reason else ""
    return values


STAGE_TABLE = "catalogue_stage"
_COLUMN_TYPES = {
    "seq": "integer",
    "ean": "text",
    "name": "text",
    "author": "text",
    "publisher": "text",
    "description": "text",
    "price_cents": "integer",
    "csr_code": "text",
    "clil_code": "text",
    "is_school": "boolean",
    "support_code": "text",
    "vat_rate": "numeric",
    "publication_date": "date",
    "subcategory_id": "text",
    "is_eligible": "boolean",
    "ineligibility_reason": "text",
}
STAGE_COLUMNS = {name: _COLUMN_TYPES[name] for name in ("seq", "ean", *WRITTEN_FIELDS)}
CREATED, UPDATED, UNCHANGED = 0, 1, 2
OUTCOMES = {CREATED: Outcome.CREATED, UPDATED: Outcome.UPDATED, UNCHANGED: Outcome.UNCHANGED}


def _changed(old: str, new: str) -> str:
    """SQL: a written column differs between the row ``old`` and the row ``new`` (NULLs compared as values)."""
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"{old}.{name} {distinct} {new}.{name}" for name in WRITTEN_FIELDS)


def _outcomes_sql() -> str:
    """The outcome of each staged line whose product exists (the others are new), and the id of that product when it
    is eligible and the line is not.

    Each line looks its product up through the EAN index. On PostgreSQL, ``LATERAL (… OFFSET 0)`` keeps the planner
    from turning the lookups into a hash join, which reads the whole product table for every batch (its statistics
    lag behind a big import, and the table grows by a batch at a time); SQLite always looks each row up."""
    table = Product._meta.db_table
    if connection.vendor == "postgresql":
        products = f"LATERAL (SELECT * FROM {table} p WHERE p.ean = s.ean OFFSET 0) p ON true"
    else:
        products = f"{table} p ON p.ean = s.ean"
    return (
        f"SELECT s.seq, CASE WHEN {_changed('p', 's')} THEN {UPDATED} ELSE {UNCHANGED} END, "
        f"CASE WHEN p.is_eligible AND NOT s.is_eligible THEN p.id END FROM {STAGE_TABLE} s JOIN {products}"
    )


def _upsert_sql(*, skip_unchanged: bool) -> str:
    """New products inserted, changed ones updated, unchanged ones left alone: one statement. The ``WHERE`` of the
    update leaves an unchanged row as it is, but PostgreSQL still locks it: with ``skip_unchanged`` (a batch with
    unchanged lines) they are not even sent to the upsert."""
    table = Product._meta.db_table
    empty_json = "CAST('{}' AS jsonb)" if connection.vendor == "postgresql" else "'{}'"
    columns = ", ".join(WRITTEN_FIELDS)
    assignments = ", ".join(f"{name} = excluded.{name}" for name in (*WRITTEN_FIELDS, "updated_at"))
    # "WHERE true" at least: SQLite's parser needs a WHERE to tell the SELECT's end from the upsert clause.
    lines = (
        f"NOT EXISTS (SELECT 1 FROM {table} p WHERE p.ean = s.ean AND NOT ({_changed('p', 's')}))"
        if skip_unchanged
        else "true"
    )
    return (
        f"INSERT INTO {table} (ean, {columns}, performer, extra_data, updated_at) "
        f"SELECT ean, {columns}, '', {empty_json}, %s FROM {STAGE_TABLE} s WHERE {lines} "
        f"ON CONFLICT (ean) DO UPDATE SET {assignments} WHERE {_changed(table, 'excluded')}"
    )


@transaction.atomic
def import_products(lines: Iterable[ProductLine], *, dry_run: bool = False) -> ImportReport:
    """One batch of catalogue lines into ``Product`` (in one transaction); returns what was (or would be) done."""
    report = ImportReport()
    by_ean = {line.ean: line for line in lines}  # the same EAN twice: the last line wins
    batch = list(by_ean.values())
    if not batch:
        return report
    stage(STAGE_TABLE, STAGE_COLUMNS, _rows(batch, report), binary=True)
    outcomes = [CREATED] * len(batch)  # unless the query finds the product
    newly_ineligible = []
    with connection.cursor() as cursor:
        cursor.execute(_outcomes_sql())
        for seq, outcome, withdrawn_id in cursor.fetchall():
            outcomes[seq] = outcome
            if withdrawn_id is not None:
                newly_ineligible.append((withdrawn_id, batch[seq]))
    _count(report, batch, outcomes)
    if newly_ineligible:
        _withdraw(newly_ineligible, report, dry_run)
    if not dry_run and (report.created or report.updated):
        with connection.cursor() as cursor:
            sql = _upsert_sql(skip_unchanged=report.unchanged > 0)
            cursor.execute(sql, [connection.ops.adapt_datetimefield_value(timezone.now())])
    return report


def _rows(batch: list[ProductLine], report: ImportReport) -> Iterator[tuple]:
    """The staged rows (``STAGE_COLUMNS``: the line's position in the batch, its EAN, then what ``product_values``
    gives, inlined: this runs once per line); the ineligible lines reported as warnings on the way."""
    ineligibility = book_ineligibility
    cut, csr_cut, support_cut = NAME_MAX_LENGTH, CSR_CODE_MAX_LENGTH, SUPPORT_CODE_MAX_LENGTH
    for seq, line in enumerate(batch):
        (
            number, ean, name, author, publisher, description, price_cents, csr_code, clil_code, is_school,
            support_code, vat_rate, publication_date, subcategory_id,
        ) = line  # fmt: skip
        reason = ineligibility(clil_code, csr_code, is_school, support_code, vat_rate)
        if reason is not None:
            product_reason = _product_ineligibility(reason.code)
            report.problems.append(
                Problem(number, ean, _label(line), product_reason.code, product_reason.message, warning=True)
            )
        yield (
            seq, ean, name[:cut], author[:cut], publisher[:cut], description, price_cents, csr_code[:csr_cut],
            clil_code, is_school, support_code[:support_cut], vat_rate, publication_date, subcategory_id,
            reason is None, "" if reason is None else reason.code,
        )  # fmt: skip


@lru_cache(maxsize=64)
def _product_ineligibility(code: str) -> eligibility.Ineligibility:
    """How the offer wizard will word the refusal of an EAN stored as ineligible for ``code``."""
    reason = eligibility.check_product(False, code)
    assert reason is not None
    return reason


def _label(line: ProductLine) -> str:
    return f"{line.name} ({line.ean})"


def _count(report: ImportReport, batch: list[ProductLine], outcomes: list[int]) -> None:
    """The counts of each outcome, and the labels of the first lines of each (the report keeps no more)."""
    totals = {code: outcomes.count(code) for code in OUTCOMES}
    wanted = {code: min(total, report.SAMPLES_PER_OUTCOME) for code, total in totals.items()}
    for position, code in enumerate(outcomes):
        if not any(wanted.values()):
            break
        if wanted[code]:
            wanted[code] -= 1
            report.count(OUTCOMES[code], _label(batch[position]))
    for code, total in totals.items():
        name = OUTCOMES[code]
        setattr(report, name, total)


def _withdraw(found: list[tuple[int, ProductLine]], report: ImportReport, dry_run: bool) -> None:
    """Products that became ineligible: their offers deactivated; the booked ones are kept (and reported)."""
    ids = [product_id for product_id, _ in found]
    booked = Stock.objects.filter(offer=OuterRef("pk"), booked_quantity__gt=0)
    with_bookings = set(
        Offer.objects.filter(product_id__in=ids).filter(Exists(booked)).values_list("product_id", flat=True)
    )
    for product_id, line in found:
        if product_id in with_bookings:
            reason_code = product_values(line)["ineligibility_reason"]
            reason = eligibility.PRODUCT_MESSAGES.get(reason_code, reason_code)
            message = MESSAGE_OFFERS_DEACTIVATED.format(reason=reason.rstrip(".").lower())
            label = f"{line.name[:NAME_MAX_LENGTH]} ({line.ean})"  # str() of the product as the line leaves it
            report.problems.append(Problem(line.number, line.ean, label, OFFERS_DEACTIVATED, message, True))
    if not dry_run:
        Offer.objects.filter(Q(product_id__in=ids), is_active=True).update(is_active=False, updated_at=timezone.now())
