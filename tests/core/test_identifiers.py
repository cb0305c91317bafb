"""SIREN/SIRET helpers and the département of a postal code (overseas and Corsica included)."""

import pytest

from passculture.core.identifiers import (
    compact,
    department_from_postal_code,
    format_siren,
    format_siret,
    is_valid_siren,
    is_valid_siret,
)


class TestDepartmentFromPostalCode:
    @pytest.mark.parametrize(
        ("postal_code", "department"),
        [
            ("75002", "75"),
            ("75116", "75"),
            ("01000", "01"),
            ("13200", "13"),
            ("69002", "69"),
            ("97411", "974"),
            ("97400", "974"),
            ("97200", "972"),
            ("97100", "971"),
            ("97300", "973"),
            ("97500", "975"),
            ("97600", "976"),
            ("98800", "988"),
            ("98714", "987"),
            ("20000", "2A"),  # Ajaccio
            ("20190", "2A"),  # last Corse-du-Sud range
            ("20200", "2B"),  # Bastia
            ("20600", "2B"),
            ("75 002", "75"),  # typed with a space
        ],
    )
    def test_table(self, postal_code, department):
        assert department_from_postal_code(postal_code) == department

    @pytest.mark.parametrize("postal_code", ["", "7500", "750021", "ABCDE", "75O02", "2A000"])
    def test_invalid(self, postal_code):
        with pytest.raises(ValueError):
            department_from_postal_code(postal_code)


class TestSirenSiret:
    @pytest.mark.parametrize(
        ("value", "valid"),
        [
            ("123456782", True),
            ("123 456 782", True),
            ("123.456.782", True),
            ("123456789", False),  # bad Luhn key
            ("12345678", False),  # 8 digits
            ("1234567820", False),
            ("", False),
        ],
    )
    def test_siren(self, value, valid):
        assert is_valid_siren(value) is valid

    @pytest.mark.parametrize(
        ("value", "valid"),
        [
            ("12345678200010", True),
            ("123 456 782 00010", True),
            ("12345678200011", False),
            ("1234567820001", False),
            ("35600000000048", True),  # La Poste: checked by sum of digits, not Luhn
        ],
    )
    def test_siret(self, value, valid):
        assert is_valid_siret(value) is valid

    def test_formatting(self):
        assert format_siren("123456782") == "123 456 782"
        assert format_siret("12345678200010") == "123 456 782 00010"
        assert format_siren("12") == "12"
        assert compact(" 123-456.782 ") == "123456782"
