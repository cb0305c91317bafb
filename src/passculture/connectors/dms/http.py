"""The real Démarches simplifiées client: the GraphQL API v2 over httpx, with a Bearer token.

Every call is ``POST {DMS_API_URL}`` with ``{"query", "operationName", "variables"}``. GraphQL answers HTTP 200
even when it refuses (an ``errors`` list); HTTP and GraphQL errors are mapped to the typed errors of
``errors.py``. Payloads are parsed by pure functions (``parse_dossier``, ``parse_dossiers_page``) so they can be
tested on recorded answers.
"""

import datetime
import logging
from typing import Any

import httpx
from django.conf import settings

from .base import clamp_page_size, fold_label
from .errors import DmsError, DmsNotFound, DmsRateLimited, DmsUnauthorized, DmsUnavailable
from .types import ACCOUNT_LABEL_FIELD, BIC_FIELD, IBAN_FIELD, DmsState, Dossier, DossierPage

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://www.demarches-simplifiees.fr/api/v2/graphql"
DEFAULT_TIMEOUT = 10.0

DOSSIER_FRAGMENT = """
fragment DossierFields on Dossier {
  id
  number
  state
  dateDepot
  dateDerniereModification
  datePassageEnInstruction
  dateTraitement
  dateDerniereCorrectionEnAttente
  motivation
  demarche { number }
  usager { email }
  demandeur {
    __typename
    ... on PersonneMorale { siret }
    ... on PersonneMoraleIncomplete { siret }
  }
  champs { id label stringValue }
}
"""

LIST_DOSSIERS_QUERY = (
    """
query passCultureDossiers($demarcheNumber: Int!, $updatedSince: ISO8601DateTime, $after: String, $first: Int) {
  demarche(number: $demarcheNumber) {
    number
    dossiers(updatedSince: $updatedSince, after: $after, first: $first, order: ASC) {
      pageInfo { hasNextPage endCursor }
      nodes { ...DossierFields }
    }
  }
}
"""
    + DOSSIER_FRAGMENT
)

GET_DOSSIER_QUERY = (
    """
query passCultureDossier($dossierNumber: Int!) {
  dossier(number: $dossierNumber) { ...DossierFields }
}
"""
    + DOSSIER_FRAGMENT
)

# GraphQL error codes (``errors[].extensions.code``) and the error each one means.
_GRAPHQL_ERRORS: dict[str, type[DmsError]] = {
    "not_found": DmsNotFound,
    "unauthorized": DmsUnauthorized,
    "forbidden": DmsUnauthorized,
}

_FIELDS = {
    fold_label(ACCOUNT_LABEL_FIELD): "account_label",
    fold_label(IBAN_FIELD): "iban",
    fold_label(BIC_FIELD): "bic",
}


def parse_datetime(value: Any) -> datetime.datetime | None:
    """An ISO 8601 date of the API ("2026-01-05T10:00:00+01:00", "…Z"), aware; ``None`` when null."""
    if value is None:
        return None
    parsed = datetime.datetime.fromisoformat(str(value))
    if parsed.tzinfo is None:
        raise ValueError(f"DS date without a time zone: {value!r}")
    return parsed


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _fields(champs: list[dict[str, Any]]) -> dict[str, str]:
    """The bank fields found among the dossier's champs, by attribute name (the first non-empty one wins)."""
    found: dict[str, str] = {}
    for champ in champs or []:
        name = _FIELDS.get(fold_label(_text(champ.get("label"))))
        value = _text(champ.get("stringValue"))
        if name and value and name not in found:
            found[name] = value
    return found


def parse_dossier(node: dict[str, Any]) -> Dossier:
    """Parse a ``Dossier`` node. Raises ``KeyError``/``TypeError``/``ValueError`` on an unexpected shape."""
    demandeur = node.get("demandeur") or {}
    updated_at = parse_datetime(node["dateDerniereModification"])
    if updated_at is None:
        raise ValueError("dossier without dateDerniereModification")
    return Dossier(
        number=int(node["number"]),
        procedure_number=int(node["demarche"]["number"]),
        state=DmsState(node["state"]),
        updated_at=updated_at,
        applicant_siret=_text(demandeur.get("siret")).replace(" ", ""),
        applicant_email=_text((node.get("usager") or {}).get("email")),
        deposited_at=parse_datetime(node.get("dateDepot")),
        instruction_started_at=parse_datetime(node.get("datePassageEnInstruction")),
        processed_at=parse_datetime(node.get("dateTraitement")),
        motivation=_text(node.get("motivation")),
        correction_requested_at=parse_datetime(node.get("dateDerniereCorrectionEnAttente")),
        **_fields(node.get("champs") or []),
    )


def parse_dossiers_page(data: dict[str, Any]) -> DossierPage:
    """Parse the ``data`` of the list query."""
    dossiers = data["demarche"]["dossiers"]
    page_info = dossiers["pageInfo"]
    return DossierPage(
        dossiers=tuple(parse_dossier(node) for node in dossiers["nodes"]),
        has_next_page=bool(page_info["hasNextPage"]),
        end_cursor=page_info.get("endCursor") or None,
    )


def raise_for_graphql_errors(payload: dict[str, Any], operation: str) -> None:
    """Map the ``errors`` of a GraphQL answer to a typed error (the first known code wins)."""
    errors = payload.get("errors")
    if not errors:
        return
    if not isinstance(errors, list):
        raise DmsUnavailable("Démarches simplifiées sent a malformed error list.")
    messages = "; ".join(_text(error.get("message")) for error in errors if isinstance(error, dict))
    for error in errors:
        code = _text(((error or {}).get("extensions") or {}).get("code")) if isinstance(error, dict) else ""
        error_class = _GRAPHQL_ERRORS.get(code)
        if error_class is not None:
            if error_class is DmsUnauthorized:
                logger.error("DMS: %s refused (%s); check DMS_API_TOKEN and its procedures", operation, messages)
            raise error_class(f"{error_class.default_message} ({messages})")
    logger.warning("DMS: GraphQL errors on %s: %s", operation, messages)
    raise DmsUnavailable(f"Démarches simplifiées refused the query: {messages}")


class HttpDmsClient:
    """Client of the Démarches simplifiées GraphQL API v2 (``demarche.dossiers`` and ``dossier``)."""

    is_fake = False

    def __init__(
        self,
        base_url: str | None = None,
        token: str | None = None,
        timeout: float | None = None,
        page_size: int | None = None,
    ):
        self.base_url = base_url or getattr(settings, "DMS_API_URL", None) or DEFAULT_API_URL
        self.token = token if token is not None else (getattr(settings, "DMS_API_TOKEN", "") or "")
        self.timeout = float(timeout or getattr(settings, "DMS_TIMEOUT", None) or DEFAULT_TIMEOUT)
        self.page_size = clamp_page_size(page_size or getattr(settings, "DMS_PAGE_SIZE", None))

    def list_dossiers(
        self, procedure_number: int, updated_since: datetime.datetime | None = None, after: str | None = None
    ) -> DossierPage:
        variables: dict[str, Any] = {"demarcheNumber": int(procedure_number), "first": self.page_size}
        if updated_since is not None:
            variables["updatedSince"] = updated_since.isoformat()
        if after:
            variables["after"] = after
        data = self._execute("passCultureDossiers", LIST_DOSSIERS_QUERY, variables)
        return self._parse(lambda: parse_dossiers_page(data), "passCultureDossiers")

    def get_dossier(self, number: int) -> Dossier:
        data = self._execute("passCultureDossier", GET_DOSSIER_QUERY, {"dossierNumber": int(number)})
        return self._parse(lambda: parse_dossier(data["dossier"]), "passCultureDossier")

    def _execute(self, operation: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        body = {"query": query, "operationName": operation, "variables": variables}
        try:
            with httpx.Client(timeout=httpx.Timeout(self.timeout), headers=headers) as client:
                response = client.post(self.base_url, json=body)
        except httpx.TimeoutException as exc:
            logger.warning("DMS: timeout after %ss on %s", self.timeout, operation)
            raise DmsUnavailable("Démarches simplifiées did not answer in time.") from exc
        except httpx.HTTPError as exc:
            logger.warning("DMS: connection error on %s: %s", operation, exc)
            raise DmsUnavailable(f"Cannot reach Démarches simplifiées: {exc}") from exc
        self._raise_for_status(response, operation)
        try:
            payload = response.json()
        except ValueError as exc:
            logger.warning("DMS: malformed JSON on %s", operation)
            raise DmsUnavailable("Démarches simplifiées sent a malformed response.") from exc
        if not isinstance(payload, dict):
            raise DmsUnavailable("Démarches simplifiées sent an unexpected response.")
        raise_for_graphql_errors(payload, operation)
        data = payload.get("data")
        if not isinstance(data, dict):
            raise DmsUnavailable("Démarches simplifiées sent an answer without data.")
        return data

    @staticmethod
    def _raise_for_status(response: httpx.Response, operation: str) -> None:
        status = response.status_code
        if status == 200:
            return
        if status in (401, 403):
            logger.error("DMS: token refused (HTTP %s) on %s; check DMS_API_TOKEN", status, operation)
            raise DmsUnauthorized(f"Démarches simplifiées refused the API token (HTTP {status}).")
        if status == 429:
            raise DmsRateLimited()
        if status == 404:
            logger.error("DMS: HTTP 404 on %s; check DMS_API_URL", operation)
        else:
            logger.warning("DMS: HTTP %s on %s", status, operation)
        raise DmsUnavailable(f"Démarches simplifiées answered HTTP {status}.")

    @staticmethod
    def _parse(parse, operation: str):
        try:
            return parse()
        except DmsError:
            raise
        except (KeyError, TypeError, AttributeError, ValueError, IndexError) as exc:
            logger.warning("DMS: unexpected payload for %s: %r", operation, exc)
            raise DmsUnavailable("Démarches simplifiées sent an unexpected response.") from exc
