"""EAN-13 validation shared by the catalogue connectors (Titelive files, stock software)."""

from typing import Any

from stdnum import ean as stdnum_ean
from stdnum.exceptions import ValidationError


def clean_ean13(value: Any) -> str | None:
    """An EAN-13 with a valid check digit (spaces and dashes removed), or ``None`` (also for EAN-8, UPC…)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    try:
        number = stdnum_ean.validate(str(value))
    except ValidationError:
        return None
    return number if len(number) == 13 else None
