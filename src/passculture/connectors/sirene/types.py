"""What the rest of the application needs to know from the Sirene register (INSEE)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Address:
    """A postal address; ``street`` is empty when the register withholds it (non-diffusible unit)."""

    street: str
    postal_code: str
    city: str
    insee_code: str = ""


@dataclass(frozen=True)
class SirenInfo:
    """A legal unit (unité légale, "structure"), identified by its SIREN.

    ``address`` is ``None`` for the real register (the legal-unit endpoint has no address): read the head
    office's address with ``get_siret(head_office_siret)``. ``name`` is empty when withheld (non-diffusible).
    """

    siren: str
    name: str
    legal_category_code: str
    ape_code: str
    active: bool
    diffusible: bool
    head_office_siret: str | None
    address: Address | None


@dataclass(frozen=True)
class SiretInfo:
    """An establishment (établissement, "lieu"), identified by its SIRET."""

    siret: str
    siren: str
    name: str
    ape_code: str
    legal_category_code: str
    active: bool
    diffusible: bool
    is_head_office: bool
    address: Address
