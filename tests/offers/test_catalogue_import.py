"""The book catalogue import into Product (offers/services/catalogue.py)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from passculture.offers.eligibility import check_book
from passculture.offers.models import Offer, Product
from passculture.offers.services.catalogue import ProductLine, import_products, line_ineligibility
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


def test_a_batch_mixing_new_changed_and_unchanged_lines_rewrites_only_what_changed():
    import_products([line(1, "9782070612758"), line(2, "9782070360024", name="L'Étranger")])
    stamps = dict(Product.objects.values_list("ean", "updated_at"))

    report = import_products(
        [
            line(1, "9782070612758"),  # unchanged
            line(2, "9782070360024", name="L'Étranger", vat_rate=Decimal("5.50")),  # unchanged: 5.5 % stored as 5.50
            line(3, "9782070368228", name="1984"),  # new
            line(
                4, "9782070360024", name="L'Étranger", publication_date=None
            ),  # changed (the last line of an EAN wins)
        ]
    )

    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    assert [outcome for outcome, _ in report.samples] == ["unchanged", "updated", "created"]
    after = {product.ean: product for product in Product.objects.all()}
    assert after["9782070612758"].updated_at == stamps["9782070612758"]
    assert after["9782070360024"].updated_at > stamps["9782070360024"]
    assert after["9782070360024"].publication_date is None
    assert (after["9782070368228"].name, after["9782070368228"].extra_data, after["9782070368228"].performer) == (
        "1984",
        {},
        "",
    )


def test_long_names_are_cut_to_their_column_and_not_rewritten_the_next_time():
    long = "Roman " * 60

    import_products([line(name=long, author=long, publisher=long)])

    product = Product.objects.get()
    assert (len(product.name), len(product.author), len(product.publisher)) == (255, 255, 255)
    assert import_products([line(name=long, author=long, publisher=long)]).unchanged == 1


def test_overlong_codes_are_cut_to_their_column_and_the_batch_lands():
    """A line with an odd rayon or support code too long for its column loses neither itself nor the batch: the
    eligibility is decided on the code as given (an unknown support is not a book), the stored code is cut."""
    report = import_products([
        line(),
        line(2, "9782091897486", support_code="TOOLONG"),
        line(3, "9782010000317", csr_code="123456789012"),
    ])  # fmt: skip

    assert report.created == 3
    odd_support, odd_rayon = Product.objects.get(ean="9782091897486"), Product.objects.get(ean="9782010000317")
    odd = (odd_support.support_code, odd_support.is_eligible, odd_support.ineligibility_reason)
    assert odd == ("TOOL", False, "not_a_book")
    assert (odd_rayon.csr_code, odd_rayon.is_eligible) == ("12345678", True)
    assert import_products([line(2, "9782091897486", support_code="TOOLONG")]).unchanged == 1


def test_each_outcome_keeps_the_first_twenty_lines_as_samples_and_counts_all():
    eans = [f"978207{number:06d}" for number in range(30)]
    eans = [ean + str(-sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(ean)) % 10) for ean in eans]

    report = import_products([line(number, ean, name=f"Livre {number}") for number, ean in enumerate(eans, start=1)])

    assert report.created == 30
    assert report.samples == [("created", f"Livre {number} ({ean})") for number, ean in enumerate(eans[:20], start=1)]


def test_the_dry_run_counts_changes_and_withdrawals_without_writing():
    product = ProductFactory()
    offer = BookFactory(product=product)
    StockFactory(offer=offer, booked_quantity=1)

    report = import_products([line(is_school=True), line(2, "9782070360024")], dry_run=True)

    assert (report.created, report.updated) == (1, 1)
    assert [p.code for p in report.problems] == ["school_book", "offers_deactivated"]
    product.refresh_from_db()
    offer.refresh_from_db()
    assert product.is_eligible and offer.is_active and Product.objects.count() == 1


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"csr_code": "2701"},
        {"clil_code": "3435,3013"},
        {"is_school": True},
        {"support_code": "R", "vat_rate": Decimal("2.10")},
        {"support_code": "R", "vat_rate": Decimal("5.5")},
        {"support_code": "CA"},
        {"support_code": "", "csr_code": ""},
    ],
)
def test_the_memoised_rule_is_the_offer_wizards(values):
    product_line = line(**values)
    expected = check_book(
        clil_codes=[code for code in product_line.clil_code.split(",") if code],
        csr_code=product_line.csr_code or None,
        school_flag=product_line.is_school,
        support_code=product_line.support_code or None,
        vat_rate=product_line.vat_rate,
    )

    assert line_ineligibility(product_line) == expected
    assert line_ineligibility(product_line) == expected  # from the memo
    report = import_products([product_line])
    assert Product.objects.get().ineligibility_reason == (expected.code if expected else "")
    assert [p.code for p in report.problems] == ([expected.code] if expected else [])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's pattern index only")
def test_products_are_indexed_by_ean_once():
    """No ``varchar_pattern_ops`` copy of the EAN's unique index for the import to maintain: nothing searches by the
    start of an EAN."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'offers_product' AND indexdef LIKE '%(ean%'")
        definitions = [definition for (definition,) in cursor.fetchall()]

    assert len(definitions) == 1 and "UNIQUE" in definitions[0]
