"""EAN-13 validation shared by the catalogue connectors (Titelive files, stock software).

A catalogue sync reads millions of EANs: the usual form (13 ASCII digits) is checked inline; anything else
(spaces, dashes, other lengths) goes through python-stdnum, the reference.
"""

import re
from typing import Any

from stdnum import ean as stdnum_ean
from stdnum.exceptions import ValidationError

_THIRTEEN_DIGITS = re.compile(rb"[0-9]{13}")
_ZERO = ord("0")


def _has_ean13_check_digit(digits: bytes) -> bool:
    """The GS1 key of 13 ASCII digits: weights 1 and 3 alternating over the first 12 digits."""
    total = sum(digits[0:12:2]) - 6 * _ZERO + 3 * (sum(digits[1:12:2]) - 6 * _ZERO)
    return (10 - total % 10) % 10 == digits[12] - _ZERO


def clean_ean13(value: Any) -> str | None:
    """An EAN-13 with a valid check digit (spaces and dashes removed), or ``None`` (also for EAN-8, UPC…)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value)
    if len(text) == 13 and text.isascii():
        digits = text.encode("ascii")
        if _THIRTEEN_DIGITS.fullmatch(digits):
            return text if _has_ean13_check_digit(digits) else None
    try:
        number = stdnum_ean.validate(text)
    except ValidationError:
        return None
    return number if len(number) == 13 else None
