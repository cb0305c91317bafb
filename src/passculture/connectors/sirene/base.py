"""The interface every Sirene client implements (the real HTTP client and the in-memory fake)."""

from typing import Protocol, runtime_checkable

from stdnum.exceptions import ValidationError
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from .errors import SireneInvalidIdentifier
from .types import SirenInfo, SiretInfo


@runtime_checkable
class SireneClient(Protocol):
    is_fake: bool

    def get_siren(self, siren: str) -> SirenInfo:
        """Return the legal unit. Raises a ``SireneError`` subclass (``SireneInvalidIdentifier`` first)."""
        ...

    def get_siret(self, siret: str) -> SiretInfo:
        """Return the establishment. Raises a ``SireneError`` subclass (``SireneInvalidIdentifier`` first)."""
        ...


def clean_siren(number: str) -> str:
    """Compact and validate a SIREN (9 digits, Luhn key), or raise ``SireneInvalidIdentifier``."""
    try:
        return stdnum_siren.validate(number or "")
    except ValidationError as exc:
        raise SireneInvalidIdentifier(f"Invalid SIREN {number!r}: {exc}") from exc


def clean_siret(number: str) -> str:
    """Compact and validate a SIRET (14 digits, Luhn key, La Poste exception), or raise."""
    try:
        return stdnum_siret.validate(number or "")
    except ValidationError as exc:
        raise SireneInvalidIdentifier(f"Invalid SIRET {number!r}: {exc}") from exc
