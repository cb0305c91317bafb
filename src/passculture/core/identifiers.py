"""Helpers around French identifiers and product numbers; checksums always come from python-stdnum."""

import re

from stdnum import ean as stdnum_ean
from stdnum import isbn as stdnum_isbn
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

_NON_DIGITS = re.compile(r"[\s.\-]")


def compact(value: str) -> str:
    """Drop the spaces, dots and dashes people type inside numbers."""
    return _NON_DIGITS.sub("", value or "")


def normalise_ean(value: str) -> str | None:
    """The EAN-13 typed (spaces and dashes ignored), or the EAN-13 of an ISBN-10 (a book's older number, as
    printed on books before 2007); ``None`` when it is neither (bad length or check digit)."""
    value = compact(value or "").upper()
    if len(value) == 10 and stdnum_isbn.is_valid(value):
        return stdnum_isbn.to_isbn13(value)
    if len(value) == 13 and value.isdigit() and stdnum_ean.is_valid(value):
        return value
    return None


def is_valid_siren(value: str) -> bool:
    return stdnum_siren.is_valid(compact(value))


def is_valid_siret(value: str) -> bool:
    return stdnum_siret.is_valid(compact(value))


def format_siren(value: str) -> str:
    value = compact(value)
    return f"{value[:3]} {value[3:6]} {value[6:9]}" if len(value) == 9 else value


def format_siret(value: str) -> str:
    value = compact(value)
    return f"{format_siren(value[:9])} {value[9:]}" if len(value) == 14 else value


def department_from_postal_code(postal_code: str) -> str:
    """``75002`` → ``75``; overseas ``97411`` → ``974``; Corsica ``20000`` → ``2A``, ``20200`` → ``2B``."""
    code = compact(postal_code)
    if not re.fullmatch(r"\d{5}", code):
        raise ValueError(f"not a French postal code: {postal_code!r}")
    if code.startswith(("97", "98")):
        return code[:3]
    if code.startswith("20"):
        # Corse-du-Sud: 200xx and 201xx; Haute-Corse: 202xx to 206xx.
        return "2A" if int(code) < 20200 else "2B"
    return code[:2]
