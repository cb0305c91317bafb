"""An in-memory, deterministic Sirene register for development, demos and tests (no I/O).

Any SIREN/SIRET with a valid Luhn key exists: an active, diffusible cultural structure whose name, activity
and address are derived from the number. A few documented numbers are reserved to reproduce each answer of
the real register (see ``docs/connectors.md``).
"""

import hashlib
from dataclasses import dataclass

from stdnum import luhn

from .base import clean_siren, clean_siret
from .errors import SireneError, SireneNotDiffusible, SireneNotFound, SireneRateLimited, SireneUnavailable
from .types import Address, SirenInfo, SiretInfo


def _with_key(prefix: str) -> str:
    return prefix + luhn.calc_check_digit(prefix)


_LA_POSTE_SIREN = "356000000"
_LA_POSTE_HEAD_OFFICE_SIRET = "35600000000048"  # La Poste's SIRETs skip the Luhn key, except its head office


def head_office_siret(siren: str) -> str:
    """The fake register's head office of a SIREN: NIC ``0001`` plus the key making the SIRET Luhn-valid."""
    if siren == _LA_POSTE_SIREN:
        return _LA_POSTE_HEAD_OFFICE_SIRET
    return _with_key(f"{siren}0001")


# --- Reserved numbers (all Luhn-valid) -------------------------------------------------------------------

DEMO_SIREN = "123456782"  # "Cinéma et Librairie Démo", SAS, 59.14Z
DEMO_HEAD_OFFICE_SIRET = "12345678200010"  # 12 Rue de la Paix, 75002 Paris
DEMO_SECONDARY_SIRET = "12345678200028"  # "Librairie Démo Lyon", 3 Place du Marché, 69002 Lyon
DEMO_PENDING_SIREN = "876543216"  # "Théâtre en Attente", Angers: the demo structure awaiting validation
UNKNOWN_SIREN = _with_key("99999999")  # 999999998 → SireneNotFound
CLOSED_SIREN = _with_key("11111111")  # 111111118 → active=False (and all its establishments)
NOT_DIFFUSIBLE_SIREN = _with_key("22222222")  # 222222226 → diffusible=False, name and street withheld
PROTECTED_SIREN = _with_key("33333333")  # 333333334 → SireneNotDiffusible (HTTP 403)
RATE_LIMITED_SIREN = _with_key("44444444")  # 444444442 → SireneRateLimited (HTTP 429)
UNAVAILABLE_SIREN = _with_key("55555555")  # 555555556 → SireneUnavailable (register down)
SOLE_TRADER_SIREN = _with_key("66666666")  # 666666664 → "Jeanne-Marie Le Goff", category 1000
CLOSED_SIRET = _with_key(_with_key("77777777") + "0002")  # 77777777200024: closed secondary establishment
OVERSEAS_SIREN = _with_key("97400000")  # 974000002 → "Librairie du Barachois", Saint-Denis (La Réunion)
OVERSEAS_SIRET = head_office_siret(OVERSEAS_SIREN)  # 97400000200010: 5 Rue de Paris, 97400 Saint-Denis
CORSICA_SIREN = _with_key("20000000")  # 200000008 → "Théâtre du Golfe", Ajaccio
CORSICA_SIRET = head_office_siret(CORSICA_SIREN)  # 20000000800017: 12 Cours Napoléon, 20000 Ajaccio

# SIRENs (and every SIRET starting with them) that raise instead of answering.
_RAISING: dict[str, type[SireneError]] = {
    UNKNOWN_SIREN: SireneNotFound,
    PROTECTED_SIREN: SireneNotDiffusible,
    RATE_LIMITED_SIREN: SireneRateLimited,
    UNAVAILABLE_SIREN: SireneUnavailable,
}


@dataclass(frozen=True)
class _Structure:
    name: str
    legal_category_code: str
    ape_code: str
    address: Address
    active: bool = True
    diffusible: bool = True


@dataclass(frozen=True)
class _Establishment:
    name: str
    ape_code: str
    address: Address
    active: bool = True


_STRUCTURES: dict[str, _Structure] = {
    DEMO_SIREN: _Structure(
        "Cinéma et Librairie Démo", "5710", "59.14Z", Address("12 Rue de la Paix", "75002", "Paris", "75102")
    ),
    DEMO_PENDING_SIREN: _Structure(
        "Théâtre en Attente", "9220", "90.04Z", Address("8 Rue des Lices", "49100", "Angers", "49007")
    ),
    CLOSED_SIREN: _Structure(
        "Ciné-Club des Tilleuls",
        "9220",
        "59.14Z",
        Address("4 Allée des Tilleuls", "44000", "Nantes", "44109"),
        active=False,
    ),
    NOT_DIFFUSIBLE_SIREN: _Structure("", "1000", "90.03A", Address("", "13200", "Arles", "13004"), diffusible=False),
    SOLE_TRADER_SIREN: _Structure(
        "Jeanne-Marie Le Goff", "1000", "47.61Z", Address("7 Rue de Siam", "29200", "Brest", "29019")
    ),
    OVERSEAS_SIREN: _Structure(
        "Librairie du Barachois", "5499", "47.61Z", Address("5 Rue de Paris", "97400", "Saint-Denis", "97411")
    ),
    CORSICA_SIREN: _Structure(
        "Théâtre du Golfe", "9220", "90.04Z", Address("12 Cours Napoléon", "20000", "Ajaccio", "2A004")
    ),
}

_ESTABLISHMENTS: dict[str, _Establishment] = {
    DEMO_SECONDARY_SIRET: _Establishment(
        "Librairie Démo Lyon", "47.61Z", Address("3 Place du Marché", "69002", "Lyon", "69382")
    ),
}
_CLOSED_SIRETS = frozenset({CLOSED_SIRET})

# --- Generated structures --------------------------------------------------------------------------------

# (kind of structure, APE code, legal category code)
_KINDS = (
    ("Librairie", "47.61Z", "5499"),
    ("Cinéma", "59.14Z", "5710"),
    ("Théâtre", "90.04Z", "9220"),
    ("Association culturelle", "94.99Z", "9220"),
    ("Compagnie théâtrale", "90.01Z", "9220"),
    ("Disquaire", "47.63Z", "5499"),
    ("Musée", "91.02Z", "7210"),
    ("Médiathèque", "91.01Z", "7210"),
    ("École de musique", "85.52Z", "9220"),
    ("Salle de concerts", "90.04Z", "5710"),
    ("Festival", "90.01Z", "9220"),
    ("Galerie d'art", "47.78C", "5499"),
)
# (name complement, city, postal code, INSEE code)
_PLACES = (
    ("de Quimper", "Quimper", "29000", "29232"),
    ("d'Arles", "Arles", "13200", "13004"),
    ("du Mans", "Le Mans", "72000", "72181"),
    ("de Nantes", "Nantes", "44000", "44109"),
    ("de Lille", "Lille", "59000", "59350"),
    ("de Besançon", "Besançon", "25000", "25056"),
    ("d'Angers", "Angers", "49000", "49007"),
    ("de Bordeaux", "Bordeaux", "33000", "33063"),
    ("de Rennes", "Rennes", "35000", "35238"),
    ("de Toulouse", "Toulouse", "31000", "31555"),
    ("de Strasbourg", "Strasbourg", "67000", "67482"),
    ("de Montpellier", "Montpellier", "34000", "34172"),
    ("de Grenoble", "Grenoble", "38000", "38185"),
    ("de Dijon", "Dijon", "21000", "21231"),
    ("d'Avignon", "Avignon", "84000", "84007"),
    ("de Clermont-Ferrand", "Clermont-Ferrand", "63000", "63113"),
    ("de Limoges", "Limoges", "87000", "87085"),
    ("de Rouen", "Rouen", "76000", "76540"),
)
_STREETS = (
    "Rue Victor Hugo",
    "Rue de la République",
    "Avenue Jean Jaurès",
    "Place du Théâtre",
    "Rue des Arts",
    "Boulevard Gambetta",
    "Rue Molière",
    "Quai des Lettres",
    "Rue Pasteur",
    "Allée des Tilleuls",
    "Rue du Marché",
    "Avenue Émile Zola",
)


def _digest(number: str) -> bytes:
    return hashlib.sha256(number.encode()).digest()


def _generated_address(seed: str, place_index: int | None = None) -> Address:
    digest = _digest(seed)
    _, city, postal_code, insee_code = _PLACES[digest[0] % len(_PLACES) if place_index is None else place_index]
    street = f"{1 + digest[1] % 120} {_STREETS[digest[2] % len(_STREETS)]}"
    return Address(street, postal_code, city, insee_code)


def _structure(siren: str) -> _Structure:
    known = _STRUCTURES.get(siren)
    if known is not None:
        return known
    digest = _digest(siren)
    kind, ape_code, legal_category_code = _KINDS[digest[0] % len(_KINDS)]
    place_index = digest[1] % len(_PLACES)
    name = f"{kind} {_PLACES[place_index][0]}"
    return _Structure(name, legal_category_code, ape_code, _generated_address(siren, place_index))


def _raise_if_reserved(siren: str, number: str) -> None:
    error = _RAISING.get(siren)
    if error is not None:
        raise error(f"{error.default_message} ({number}, fake register)")


class FakeSireneClient:
    """Deterministic stand-in for ``HttpSireneClient``; same interface, same errors, no network."""

    is_fake = True

    def get_siren(self, siren: str) -> SirenInfo:
        siren = clean_siren(siren)
        _raise_if_reserved(siren, siren)
        structure = _structure(siren)
        return SirenInfo(
            siren=siren,
            name=structure.name,
            legal_category_code=structure.legal_category_code,
            ape_code=structure.ape_code,
            active=structure.active,
            diffusible=structure.diffusible,
            head_office_siret=head_office_siret(siren),
            # Like the real register, the legal unit comes without address: ask get_siret(head_office_siret).
            address=None,
        )

    def get_siret(self, siret: str) -> SiretInfo:
        siret = clean_siret(siret)
        siren = siret[:9]
        _raise_if_reserved(siren, siret)
        structure = _structure(siren)
        is_head_office = siret == head_office_siret(siren)
        establishment = _ESTABLISHMENTS.get(siret)
        if establishment is None:
            address = structure.address if is_head_office else _generated_address(siret)
            if not structure.diffusible:
                address = Address("", address.postal_code, address.city, address.insee_code)
            establishment = _Establishment(structure.name, structure.ape_code, address)
        return SiretInfo(
            siret=siret,
            siren=siren,
            name=establishment.name,
            ape_code=establishment.ape_code,
            legal_category_code=structure.legal_category_code,
            active=structure.active and establishment.active and siret not in _CLOSED_SIRETS,
            diffusible=structure.diffusible,
            is_head_office=is_head_office,
            address=establishment.address,
        )
