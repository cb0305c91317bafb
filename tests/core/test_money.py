"""Amounts are integer cents; people read and type euros (``12,50 €``)."""

from decimal import Decimal

import pytest

from passculture.core.money import euros_to_cents, format_cents

NBSP = "\u00a0"
NNBSP = "\u202f"


class TestFormatCents:
    @pytest.mark.parametrize(
        ("cents", "expected"),
        [
            (0, f"0,00{NBSP}€"),
            (1, f"0,01{NBSP}€"),
            (99, f"0,99{NBSP}€"),
            (1250, f"12,50{NBSP}€"),
            (100000, f"1{NNBSP}000,00{NBSP}€"),
            (2000000, f"20{NNBSP}000,00{NBSP}€"),
            (2000001, f"20{NNBSP}000,01{NBSP}€"),
            (123456789, f"1{NNBSP}234{NNBSP}567,89{NBSP}€"),
            (-1250, f"-12,50{NBSP}€"),
            (-5, f"-0,05{NBSP}€"),
            (-150000, f"-1{NNBSP}500,00{NBSP}€"),
        ],
    )
    def test_french_typography(self, cents, expected):
        assert format_cents(cents) == expected

    def test_none_is_blank(self):
        assert format_cents(None) == ""

    def test_free_label_only_for_zero(self):
        assert format_cents(0, free_label="Gratuit") == "Gratuit"
        assert format_cents(500, free_label="Gratuit") == f"5,00{NBSP}€"


class TestEurosToCents:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("12,5", 1250),
            ("12.50", 1250),
            ("12", 1200),
            ("0", 0),
            ("0,01", 1),
            (" 7,90 ", 790),
            ("1 234,56 €", 123456),
            (f"1{NBSP}234,56{NBSP}€", 123456),
            (f"1{NNBSP}234,56{NBSP}€", 123456),
            ("12,50€", 1250),
            ("-3,20", -320),
            ("0,005", 1),  # half up, never banker's rounding
            ("0,004", 0),
            (Decimal("12.5"), 1250),
            (15, 1500),
        ],
    )
    def test_parses(self, value, expected):
        assert euros_to_cents(value) == expected

    @pytest.mark.parametrize("garbage", ["", "   ", "abc", "12,50,3", "douze", "€", "NaN", "Infinity", "1e400x"])
    def test_garbage_is_refused(self, garbage):
        with pytest.raises(ValueError):
            euros_to_cents(garbage)

    @pytest.mark.parametrize("cents", [0, 1, 99, 1250, 2000001, 123456789])
    def test_round_trip_with_format(self, cents):
        assert euros_to_cents(format_cents(cents)) == cents
