"""The mapping of a Titelive line to the product it describes (providers/rules.py)."""

import datetime
from decimal import Decimal

from passculture.connectors.titelive import CatalogueLine
from passculture.offers.services.catalogue import ProductLine
from passculture.providers import rules


def test_each_field_of_a_catalogue_line_goes_to_its_product_field():
    line = CatalogueLine(
        line_number=7,
        ean="9782070360024",
        title="L'Étranger",
        authors="Albert Camus",
        price_cents=790,
        isbn="2070360024",
        publisher="GALLIMARD",
        distributor="SODIS",
        collection="Folio",
        csr_code="1100",
        csr_label="Littérature",
        clil_codes=("3435", "3436"),
        publication_date=datetime.date(1972, 1, 7),
        support_code="P",
        vat_rate=Decimal("5.50"),
        is_school_book=True,
        summary="Édition de poche",
    )

    assert rules.product_line(line) == ProductLine(
        number=7,
        ean="9782070360024",
        name="L'Étranger",
        author="Albert Camus",
        publisher="GALLIMARD",
        description="Édition de poche",
        price_cents=790,
        csr_code="1100",
        clil_code="3435,3436",
        is_school=True,
        support_code="P",
        vat_rate=Decimal("5.50"),
        publication_date=datetime.date(1972, 1, 7),
        subcategory_id="LIVRE_PAPIER",
    )


def test_a_line_not_yet_published_describes_no_product():
    line = CatalogueLine(line_number=1, ean="9782070360024", title="xxx", authors="xxx", price_cents=0)

    assert rules.product_line(line._replace(not_yet_published=True)) is None
