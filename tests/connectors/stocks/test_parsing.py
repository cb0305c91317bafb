"""The stock item parser: each refusal with its code, prices in euros or cents, and Hypothesis on any input."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import ean as stdnum_ean

from passculture.connectors.ean import clean_ean13
from passculture.connectors.stocks import ITEM_PROBLEM_MESSAGES, PriceUnit, StockItem, StockItemProblem, parse_item
from passculture.connectors.stocks.parsing import build_page

EAN = "9782070612758"


def code_of(raw, unit=PriceUnit.EUROS):
    parsed = parse_item(raw, 7, unit)
    return parsed.code if isinstance(parsed, StockItemProblem) else "ok"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ({"ref": EAN, "available": 3, "price": 8.7}, "ok"),
        ({"available": 3, "price": 8.7}, "no_ref"),
        ({"ref": "", "available": 3, "price": 8.7}, "no_ref"),
        ({"ref": None, "available": 3, "price": 8.7}, "no_ref"),
        ({"ref": "9782070612759", "available": 3, "price": 8.7}, "invalid_ean"),
        ({"ref": "2070612758", "available": 3, "price": 8.7}, "invalid_ean"),  # an ISBN-10 is not an EAN-13
        ({"ref": "97820706127", "available": 3, "price": 8.7}, "invalid_ean"),
        ({"ref": "livre", "available": 3, "price": 8.7}, "invalid_ean"),
        ({"ref": EAN, "price": 8.7}, "no_available"),
        ({"ref": EAN, "available": None, "price": 8.7}, "no_available"),
        ({"ref": EAN, "available": -1, "price": 8.7}, "negative_available"),
        ({"ref": EAN, "available": "-1", "price": 8.7}, "negative_available"),
        ({"ref": EAN, "available": 2.5, "price": 8.7}, "invalid_available"),
        ({"ref": EAN, "available": "deux", "price": 8.7}, "invalid_available"),
        ({"ref": EAN, "available": True, "price": 8.7}, "invalid_available"),
        ({"ref": EAN, "available": 10**12, "price": 8.7}, "invalid_available"),
        ({"ref": EAN, "available": 3, "price": -1}, "invalid_price"),
        ({"ref": EAN, "available": 3, "price": "gratuit"}, "invalid_price"),
        ({"ref": EAN, "available": 3, "price": [8.7]}, "invalid_price"),
        ({"ref": EAN, "available": 3, "price": float("nan")}, "invalid_price"),
        ({"ref": EAN, "available": 3, "price": 1e30}, "invalid_price"),
        ("9782070612758", "not_an_object"),
        (None, "not_an_object"),
    ],
)
def test_each_refusal_has_its_code(raw, code):
    assert code_of(raw) == code


@pytest.mark.parametrize(
    ("price", "unit", "cents"),
    [
        (8.7, PriceUnit.EUROS, 870),
        (8.5, PriceUnit.EUROS, 850),
        (8, PriceUnit.EUROS, 800),
        ("8,70", PriceUnit.EUROS, 870),
        ("8.70", PriceUnit.EUROS, 870),
        (0.1 + 0.2, PriceUnit.EUROS, 30),
        (870, PriceUnit.CENTS, 870),
        (870.0, PriceUnit.CENTS, 870),
        ("870", PriceUnit.CENTS, 870),
        (None, PriceUnit.EUROS, None),
        (0, PriceUnit.EUROS, None),  # 0: no price, the catalogue's applies
        (0, PriceUnit.CENTS, None),
        ("", PriceUnit.EUROS, None),
    ],
)
def test_prices(price, unit, cents):
    parsed = parse_item({"ref": EAN, "available": 1, "price": price}, 1, unit)

    assert isinstance(parsed, StockItem)
    assert parsed.price_cents == cents


def test_a_missing_price_key_is_no_price():
    assert parse_item({"ref": EAN, "available": 1}, 1).price_cents is None


def test_cents_must_be_whole():
    assert code_of({"ref": EAN, "available": 1, "price": 8.7}, PriceUnit.CENTS) == "invalid_price"


def test_refs_are_compacted_and_quantities_read_from_text():
    parsed = parse_item({"ref": " 978-2-07-061275-8 ", "available": "4", "price": 8.7}, 1)

    assert (parsed.ref, parsed.available) == (EAN, 4)


def test_a_long_value_is_shortened_in_the_message():
    parsed = parse_item({"ref": EAN, "available": "x" * 500, "price": 1}, 1)

    assert len(parsed.message) < 120 and "…" in parsed.message


def test_a_duplicate_ref_in_a_page_the_last_one_wins_in_its_place():
    raws = [
        {"ref": EAN, "available": 1, "price": 8.7},
        {"ref": "9782070360024", "available": 2, "price": 7.9},
        {"ref": EAN, "available": 5, "price": 9.9},
    ]

    page = build_page(raws, 1, 1, "", PriceUnit.EUROS)

    assert [(item.ref, item.available, item.price_cents) for item in page.items] == [
        ("9782070360024", 2, 790),
        (EAN, 5, 990),
    ]
    assert page.duplicates == 1


json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)
valid_eans = st.from_regex(r"[0-9]{12}", fullmatch=True).map(lambda p: p + stdnum_ean.calc_check_digit(p))
item_like = st.fixed_dictionaries(
    {},
    optional={
        "ref": valid_eans | json_scalars,
        "available": st.integers(-5, 10**10) | json_scalars,
        "price": st.floats(-10, 10**6) | st.integers(-10, 10**10) | json_scalars,
    },
)


@settings(max_examples=500, deadline=None)
@given(raw=item_like | json_values, unit=st.sampled_from(PriceUnit))
def test_any_item_is_parsed_or_refused_with_a_known_code(raw, unit):
    parsed = parse_item(raw, 1, unit)

    if isinstance(parsed, StockItem):
        assert clean_ean13(parsed.ref) == parsed.ref
        assert 0 <= parsed.available <= 2**31 - 1
        assert parsed.price_cents is None or 0 < parsed.price_cents <= 2**31 - 1
    else:
        assert parsed.code in ITEM_PROBLEM_MESSAGES
        assert parsed.message and "{value}" not in parsed.message


@settings(max_examples=300, deadline=None)
@given(value=st.text(max_size=20) | st.integers(0, 10**14) | st.from_regex(r"[0-9 -]{13,17}", fullmatch=True))
def test_the_fast_ean_check_agrees_with_python_stdnum(value):
    text = str(value)
    expected = stdnum_ean.is_valid(text) and len(stdnum_ean.compact(text)) == 13

    assert (clean_ean13(value) is not None) == expected
