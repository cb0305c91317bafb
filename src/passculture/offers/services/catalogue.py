"""The book catalogue import into ``Product`` (Titelive daily files; docs/domain/imports.md#titelive).

Lines already parsed by the provider are checked with the book eligibility rules (``eligibility.book_ineligibilities``)
and written by batch: the products of a batch read with one query, new ones inserted with one statement, changed ones
updated with one statement, unchanged ones not rewritten. An ineligible line is kept as an ineligible product (so
that the offer wizard refuses its EAN with the reason); a product that becomes ineligible is never deleted: its
offers are deactivated and, when some of them are booked, the report says so.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from passculture.offers import eligibility
from passculture.offers.models import Offer, Product, Stock
from passculture.offers.services.imports import ImportReport, Outcome, Problem, insert_rows

OFFERS_DEACTIVATED = "offers_deactivated"
MESSAGE_OFFERS_DEACTIVATED = (
    "Ce produit n’est plus éligible ({reason}) : ses offres ont été désactivées, les réservations déjà faites sont "
    "conservées."
)


@dataclass(frozen=True, slots=True)
class ProductLine:
    """A catalogue line, parsed (prices in cents, rates and dates typed)."""

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


PRODUCT_FIELDS = tuple(f.name for f in fields(ProductLine) if f.name not in {"number", "ean"})
WRITTEN_FIELDS = (*PRODUCT_FIELDS, "is_eligible", "ineligibility_reason")


def product_values(line: ProductLine) -> dict:
    """What a line writes on its product, eligibility included (pure)."""
    reason = eligibility.check_book(
        clil_codes=[code for code in line.clil_code.split(",") if code],
        csr_code=line.csr_code or None,
        school_flag=line.is_school,
        support_code=line.support_code or None,
        vat_rate=line.vat_rate,
    )
    values = {name: getattr(line, name) for name in PRODUCT_FIELDS}
    values["name"] = values["name"][:255]
    values["author"] = values["author"][:255]
    values["publisher"] = values["publisher"][:255]
    values["is_eligible"] = reason is None
    values["ineligibility_reason"] = reason.code if reason else ""
    return values


@transaction.atomic
def import_products(lines: Iterable[ProductLine], *, dry_run: bool = False) -> ImportReport:
    """One batch of catalogue lines into ``Product`` (in one transaction); returns what was (or would be) done."""
    report = ImportReport()
    by_ean = {line.ean: line for line in lines}  # the same EAN twice: the last line wins
    existing = {product.ean: product for product in Product.objects.filter(ean__in=list(by_ean))}
    created, changed, newly_ineligible = [], [], []
    for ean, line in by_ean.items():
        values = product_values(line)
        label = f"{line.name} ({ean})"
        product = existing.get(ean)
        if not values["is_eligible"]:
            reason = eligibility.check_product(False, values["ineligibility_reason"])
            assert reason is not None
            report.problems.append(Problem(line.number, ean, label, reason.code, reason.message, warning=True))
        if product is None:
            created.append(Product(ean=ean, **values))
            report.count(Outcome.CREATED, label)
            continue
        if all(getattr(product, name) == value for name, value in values.items()):
            report.count(Outcome.UNCHANGED, label)
            continue
        if product.is_eligible and not values["is_eligible"]:
            newly_ineligible.append((product, line, values["ineligibility_reason"]))
        for name, value in values.items():
            setattr(product, name, value)
        changed.append(product)
        report.count(Outcome.UPDATED, label)
    if newly_ineligible:
        _withdraw(newly_ineligible, report, dry_run)
    if not dry_run:
        insert_rows(Product, created)
        now = timezone.now()
        for product in changed:
            product.updated_at = now
        Product.objects.bulk_update(changed, [*WRITTEN_FIELDS, "updated_at"])
    return report


def _withdraw(found: list[tuple[Product, ProductLine, str]], report: ImportReport, dry_run: bool) -> None:
    """Products that became ineligible: their offers deactivated; the booked ones are kept (and reported)."""
    ids = [product.pk for product, _, _ in found]
    booked = Stock.objects.filter(offer=OuterRef("pk"), booked_quantity__gt=0)
    with_bookings = set(
        Offer.objects.filter(product_id__in=ids).filter(Exists(booked)).values_list("product_id", flat=True)
    )
    for product, line, code in found:
        if product.pk in with_bookings:
            reason = eligibility.PRODUCT_MESSAGES.get(code, code)
            message = MESSAGE_OFFERS_DEACTIVATED.format(reason=reason.rstrip(".").lower())
            report.problems.append(Problem(line.number, product.ean, str(product), OFFERS_DEACTIVATED, message, True))
    if not dry_run:
        Offer.objects.filter(Q(product_id__in=ids), is_active=True).update(is_active=False, updated_at=timezone.now())
