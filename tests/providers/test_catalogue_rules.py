"""The mapping of a Titelive line to the product it describes (providers/rules.py)."""

from passculture.connectors.titelive import CatalogueLine
from passculture.offers.services.catalogue import ProductLine
from passculture.providers import rules

# ProductLine's field → the CatalogueLine field it copies (same name when absent).
SOURCES = {"number": "line_number", "name": "title", "author": "authors", "description": "summary",
           "is_school": "is_school_book"}  # fmt: skip


def test_each_field_of_a_catalogue_line_goes_to_its_product_field():
    """Every field holds a value of its own, so that two fields swapped cannot go unnoticed."""
    line = CatalogueLine._make(f"<{name}>" for name in CatalogueLine._fields)._replace(
        clil_codes=("3435", "3436"), not_yet_published=False
    )

    product_line = rules.product_line(line)

    copied = {
        name: getattr(product_line, name) for name in ProductLine._fields if name not in {"clil_code", "subcategory_id"}
    }
    assert copied == {name: f"<{SOURCES.get(name, name)}>" for name in copied}
    assert (product_line.clil_code, product_line.subcategory_id) == ("3435,3436", "LIVRE_PAPIER")


def test_a_line_not_yet_published_describes_no_product():
    line = CatalogueLine(line_number=1, ean="9782070360024", title="xxx", authors="xxx", price_cents=0)

    assert rules.product_line(line._replace(not_yet_published=True)) is None
