"""The book catalogue import into Product (offers/services/catalogue.py)."""

import datetime
from decimal import Decimal

import pytest

from passculture.offers.models import Offer, Product
from passculture.offers.services.catalogue import ProductLine, import_products
from tests.factories.offers import BookFactory, ProductFactory, StockFactory

pytestmark = pytest.mark.django_db


def line(number=1, ean="9782070612758", **values):
    defaults = {
        "name": "Le Petit Prince", "author": "Antoine de Saint-Exupéry", "price_cents": 890, "support_code": "P",
        "vat_rate": Decimal("5.5"), "csr_code": "1200", "publication_date": datetime.date(1999, 1, 1),
    }  # fmt: skip
    return ProductLine(number=number, ean=ean, **{**defaults, **values})


def test_new_lines_become_products_with_their_eligibility():
    report = import_products([line(), line(2, "9782091897486", name="Maths 3e", csr_code="2701")])

    assert report.created == 2
    book, school = Product.objects.get(ean="9782070612758"), Product.objects.get(ean="9782091897486")
    assert (book.is_eligible, book.price_cents, book.support_code, book.vat_rate) == (True, 890, "P", Decimal("5.5"))
    assert (school.is_eligible, school.ineligibility_reason) == (False, "school_book")
    assert [p.code for p in report.problems] == ["school_book"]


@pytest.mark.parametrize("support", ["BL", "M", "TL"])
def test_a_genuine_book_in_a_large_medium_or_other_book_format_is_eligible(support):
    report = import_products([line(support_code=support)])

    book = Product.objects.get()
    assert (book.is_eligible, book.ineligibility_reason, book.support_code) == (True, "", support)
    assert report.problems == []


def test_a_line_of_another_support_is_kept_as_not_a_book():
    report = import_products([line(ean="9782010000317", name="Le Petit Prince lu par Gérard Philipe",
                                   support_code="CA", vat_rate=Decimal("20"))])  # fmt: skip

    product = Product.objects.get()
    assert (product.is_eligible, product.ineligibility_reason) == (False, "not_a_book")
    assert [p.code for p in report.problems] == ["not_a_book"]


def test_an_unchanged_line_is_not_rewritten_and_a_changed_one_is():
    import_products([line()])
    stamp = Product.objects.get().updated_at

    assert import_products([line()]).unchanged == 1
    assert Product.objects.get().updated_at == stamp
    assert import_products([line(price_cents=990)]).updated == 1
    assert Product.objects.get().price_cents == 990


def test_a_booked_product_that_becomes_ineligible_is_kept_and_its_offers_deactivated():
    product = ProductFactory()
    offer = BookFactory(product=product)
    StockFactory(offer=offer, booked_quantity=1)

    report = import_products([line(is_school=True)])

    product.refresh_from_db()
    offer.refresh_from_db()
    assert Product.objects.filter(pk=product.pk).exists() and not product.is_eligible
    assert not offer.is_active and Offer.objects.filter(pk=offer.pk).exists()
    assert "offers_deactivated" in [p.code for p in report.problems]


def test_the_dry_run_writes_nothing():
    report = import_products([line()], dry_run=True)
    assert report.created == 1 and not Product.objects.exists()
