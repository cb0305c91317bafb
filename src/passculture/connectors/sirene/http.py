"""The real Sirene client: INSEE's API Sirene 3.11 over httpx.

HTTP errors are mapped to the typed errors of ``errors.py``; payloads are parsed by pure functions
(``parse_siren_payload`` / ``parse_siret_payload``) so they can be tested on recorded responses.
"""

import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
from django.conf import settings

from .base import clean_siren, clean_siret
from .errors import (
    SireneError,
    SireneInvalidIdentifier,
    SireneNotDiffusible,
    SireneNotFound,
    SireneRateLimited,
    SireneUnavailable,
)
from .types import Address, SirenInfo, SiretInfo

logger = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_API_URL = "https://api.insee.fr/api-sirene/3.11"
DEFAULT_TIMEOUT = 5.0
API_KEY_HEADER = "X-INSEE-Api-Key-Integration"

# The register replaces withheld fields of partially diffusible units with this marker.
NOT_DIFFUSED = "[ND]"

# Street types (typeVoie) used by the register, expanded for display. Unknown codes are kept as they are.
STREET_TYPES = {
    "ALL": "Allée",
    "AV": "Avenue",
    "BD": "Boulevard",
    "CAR": "Carrefour",
    "CHE": "Chemin",
    "CHS": "Chaussée",
    "CITE": "Cité",
    "COR": "Corniche",
    "CRS": "Cours",
    "DOM": "Domaine",
    "DSC": "Descente",
    "ECA": "Écart",
    "ESP": "Esplanade",
    "FG": "Faubourg",
    "GR": "Grande Rue",
    "HAM": "Hameau",
    "HLE": "Halle",
    "IMP": "Impasse",
    "LD": "Lieu-dit",
    "LOT": "Lotissement",
    "MAR": "Marché",
    "MTE": "Montée",
    "PAS": "Passage",
    "PL": "Place",
    "PLN": "Plaine",
    "PLT": "Plateau",
    "PRO": "Promenade",
    "PRV": "Parvis",
    "QUA": "Quartier",
    "QUAI": "Quai",
    "RES": "Résidence",
    "RLE": "Ruelle",
    "ROC": "Rocade",
    "RPT": "Rond-point",
    "RTE": "Route",
    "RUE": "Rue",
    "SEN": "Sentier",
    "SQ": "Square",
    "TPL": "Terre-plein",
    "TRA": "Traverse",
    "VLA": "Villa",
    "VLGE": "Village",
    "VOIE": "Voie",
    "ZA": "Zone artisanale",
    "ZAC": "ZAC",
    "ZI": "Zone industrielle",
    "ZONE": "Zone",
}

# Repetition index of a street number (indiceRepetition): 12 B → "12 bis".
REPETITION_INDEXES = {"B": "bis", "T": "ter", "Q": "quater", "C": "quinquies"}

# Words kept in lower case inside place names ("Rue de la Paix", "Aix-en-Provence").
PLACE_PARTICLES = frozenset(
    {
        "de",
        "du",
        "des",
        "d",
        "la",
        "le",
        "les",
        "l",
        "et",
        "en",
        "sur",
        "sous",
        "aux",
        "au",
        "à",
        "lès",
        "lez",
    }
)
# Inside personal names only the nobiliary particles are lower case ("Charles de Gaulle", "Le Goff").
NAME_PARTICLES = frozenset({"de", "du", "des", "d"})

_ROMAN_NUMERAL = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ARRONDISSEMENT = re.compile(r"^(PARIS|LYON|MARSEILLE)\s+\d+.*$", re.IGNORECASE)


def french_title(text: str, particles: frozenset[str] = PLACE_PARTICLES, capitalize_first: bool = True) -> str:
    """Title-case an upper-case register label the French way.

    ``"DE LA PAIX"`` → ``"de la Paix"`` (after a street type), ``"AIX-EN-PROVENCE"`` → ``"Aix-en-Provence"``,
    ``"PLACE DE L'HOTEL DE VILLE"`` → ``"Place de l'Hotel de Ville"``, ``"LOUIS XIV"`` → ``"Louis XIV"``.
    """
    first = True

    def fix(match: re.Match[str]) -> str:
        nonlocal first
        word = match.group(0)
        is_first, first = first, False
        if len(word) > 1 and word.isupper() and _ROMAN_NUMERAL.match(word):
            return word
        lower = word.lower()
        if lower in particles and not (is_first and capitalize_first):
            return lower
        return lower[:1].upper() + lower[1:]

    return _WORD.sub(fix, " ".join(text.split()))


def _text(data: dict[str, Any] | None, key: str) -> str:
    """A string field, stripped; empty when missing, null or withheld (``[ND]``)."""
    if not data:
        return ""
    value = data.get(key)
    if value is None:
        return ""
    value = str(value).strip()
    return "" if value == NOT_DIFFUSED else value


def _current_period(periods: list[dict[str, Any]]) -> dict[str, Any]:
    """The current period is the one without an end date (the API lists it first)."""
    if not periods:
        return {}
    return next((period for period in periods if period.get("dateFin") is None), periods[0])


def _person_name(unit: dict[str, Any]) -> str:
    first_name = _text(unit, "prenomUsuelUniteLegale") or _text(unit, "prenom1UniteLegale")
    last_name = _text(unit, "nomUniteLegale")
    return french_title(f"{first_name} {last_name}".strip(), particles=NAME_PARTICLES)


def _legal_unit_name(unit: dict[str, Any], period: dict[str, Any]) -> str:
    """Company name as registered; for a sole trader (no denomination), "<first name> <last name>"."""
    denomination = _text(period, "denominationUniteLegale") or _text(unit, "denominationUniteLegale")
    if denomination:
        return denomination
    # /siren keeps the first names at the top level and the last name in the period; /siret has them all
    # in its flat "uniteLegale" block.
    return _person_name({**unit, **{key: value for key, value in period.items() if value is not None}})


def _city(address: dict[str, Any]) -> str:
    city = _text(address, "libelleCommuneEtablissement") or _text(address, "libelleCommuneEtrangerEtablissement")
    # "PARIS 2" → "Paris": the postal code already tells the arrondissement.
    city = _ARRONDISSEMENT.sub(lambda m: m.group(1), city)
    return french_title(city)


def _street(address: dict[str, Any]) -> str:
    number = _text(address, "numeroVoieEtablissement")
    repetition = _text(address, "indiceRepetitionEtablissement").upper()
    street_type = _text(address, "typeVoieEtablissement").upper()
    label = _text(address, "libelleVoieEtablissement")
    parts = []
    if number:
        parts.append(number.lstrip("0") or number)
    if repetition:
        parts.append(REPETITION_INDEXES.get(repetition, repetition.lower()))
    if street_type:
        parts.append(STREET_TYPES.get(street_type) or french_title(street_type))
    if label:
        parts.append(french_title(label, capitalize_first=not street_type))
    return " ".join(parts)


def parse_address(address: dict[str, Any] | None) -> Address:
    address = address or {}
    return Address(
        street=_street(address),
        postal_code=_text(address, "codePostalEtablissement"),
        city=_city(address),
        insee_code=_text(address, "codeCommuneEtablissement"),
    )


def parse_siren_payload(payload: dict[str, Any]) -> SirenInfo:
    """Parse the body of ``GET /siren/{siren}``. Raises ``KeyError``/``TypeError`` on an unexpected shape."""
    unit = payload["uniteLegale"]
    siren = str(unit["siren"])
    period = _current_period(unit.get("periodesUniteLegale") or [])
    nic = _text(period, "nicSiegeUniteLegale") or _text(unit, "nicSiegeUniteLegale")
    return SirenInfo(
        siren=siren,
        name=_legal_unit_name(unit, period),
        legal_category_code=_text(period, "categorieJuridiqueUniteLegale")
        or _text(unit, "categorieJuridiqueUniteLegale"),
        ape_code=_text(period, "activitePrincipaleUniteLegale") or _text(unit, "activitePrincipaleUniteLegale"),
        active=(_text(period, "etatAdministratifUniteLegale") or _text(unit, "etatAdministratifUniteLegale")) == "A",
        diffusible=_text(unit, "statutDiffusionUniteLegale") == "O",
        head_office_siret=f"{siren}{nic}" if nic else None,
        address=None,
    )


def parse_siret_payload(payload: dict[str, Any]) -> SiretInfo:
    """Parse the body of ``GET /siret/{siret}``. Raises ``KeyError``/``TypeError`` on an unexpected shape."""
    establishment = payload["etablissement"]
    unit = establishment.get("uniteLegale") or {}
    period = _current_period(establishment.get("periodesEtablissement") or [])
    name = (
        _text(period, "enseigne1Etablissement")
        or _text(period, "denominationUsuelleEtablissement")
        or _legal_unit_name(unit, {})
    )
    return SiretInfo(
        siret=str(establishment["siret"]),
        siren=str(establishment["siren"]),
        name=name,
        ape_code=_text(period, "activitePrincipaleEtablissement") or _text(unit, "activitePrincipaleUniteLegale"),
        legal_category_code=_text(unit, "categorieJuridiqueUniteLegale"),
        active=_text(period, "etatAdministratifEtablissement") == "A",
        diffusible=_text(establishment, "statutDiffusionEtablissement") == "O",
        is_head_office=bool(establishment.get("etablissementSiege")),
        address=parse_address(establishment.get("adresseEtablissement")),
    )


class HttpSireneClient:
    """Client of INSEE's API Sirene 3.11 (``GET /siren/{siren}``, ``GET /siret/{siret}``)."""

    is_fake = False

    def __init__(self, base_url: str | None = None, api_key: str | None = None, timeout: float | None = None):
        self.base_url = (base_url or getattr(settings, "SIRENE_API_URL", None) or DEFAULT_API_URL).rstrip("/")
        self.api_key = api_key if api_key is not None else (getattr(settings, "SIRENE_API_KEY", "") or "")
        self.timeout = float(timeout or getattr(settings, "SIRENE_TIMEOUT", None) or DEFAULT_TIMEOUT)

    def get_siren(self, siren: str) -> SirenInfo:
        siren = clean_siren(siren)
        payload = self._get(f"/siren/{siren}", siren)
        return self._parse(parse_siren_payload, payload, siren)

    def get_siret(self, siret: str) -> SiretInfo:
        siret = clean_siret(siret)
        payload = self._get(f"/siret/{siret}", siret)
        return self._parse(parse_siret_payload, payload, siret)

    def _get(self, path: str, number: str) -> dict[str, Any]:
        headers = {"Accept": "application/json"}
        if self.api_key:
            headers[API_KEY_HEADER] = self.api_key
        try:
            with httpx.Client(timeout=httpx.Timeout(self.timeout), headers=headers) as client:
                response = client.get(f"{self.base_url}{path}")
        except httpx.TimeoutException as exc:
            logger.warning("Sirene: timeout after %ss on %s", self.timeout, path)
            raise SireneUnavailable("The Sirene register did not answer in time.") from exc
        except httpx.HTTPError as exc:
            logger.warning("Sirene: connection error on %s: %s", path, exc)
            raise SireneUnavailable(f"Cannot reach the Sirene register: {exc}") from exc
        self._raise_for_status(response, number)
        try:
            payload = response.json()
        except ValueError as exc:
            logger.warning("Sirene: malformed JSON on %s", path)
            raise SireneUnavailable("The Sirene register sent a malformed response.") from exc
        if not isinstance(payload, dict):
            raise SireneUnavailable("The Sirene register sent an unexpected response.")
        return payload

    @staticmethod
    def _raise_for_status(response: httpx.Response, number: str) -> None:
        status = response.status_code
        if status == 200:
            return
        if status == 404 or 300 <= status < 400:
            # 301: the unit was merged into another one (duplicate); the number itself is no longer valid.
            raise SireneNotFound(f"{number} is unknown to the Sirene register.")
        if status == 403:
            raise SireneNotDiffusible(f"The Sirene register does not disclose {number}.")
        if status == 429:
            raise SireneRateLimited()
        if status == 400:
            raise SireneInvalidIdentifier(f"The Sirene register rejected {number} as invalid.")
        if status in (401, 407):
            logger.error("Sirene: authentication refused (HTTP %s); check SIRENE_API_KEY", status)
        else:
            logger.warning("Sirene: HTTP %s for %s", status, number)
        raise SireneUnavailable(f"The Sirene register answered HTTP {status}.")

    @staticmethod
    def _parse(parser: Callable[[dict[str, Any]], T], payload: dict[str, Any], number: str) -> T:
        try:
            return parser(payload)
        except SireneError:
            raise
        except (KeyError, TypeError, AttributeError, ValueError, IndexError) as exc:
            logger.warning("Sirene: unexpected payload for %s: %r", number, exc)
            raise SireneUnavailable("The Sirene register sent an unexpected response.") from exc
