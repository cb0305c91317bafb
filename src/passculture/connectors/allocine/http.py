"""The real Allociné client: ``movieShowtimeList`` over httpx, with a Bearer key.

``GET {base}/movieShowtimeList?theater=<id>[&after=<cursor>]`` answers
``{"movieShowtimeList": {"totalCount": n, "pageInfo": {"hasNextPage": …, "endCursor": …}, "edges": [...]}}``;
pages are followed with ``after`` while ``hasNextPage`` is true. HTTP errors, timeouts and malformed JSON raise
a coded ``AllocineError``; no programme is returned until every page is read.
"""

import logging
from typing import Any

import httpx
from django.conf import settings

from .base import clean_theater_id
from .errors import (
    AllocineError,
    AllocineMalformedResponse,
    AllocineRateLimited,
    AllocineTheaterNotFound,
    AllocineUnauthorized,
    AllocineUnavailable,
)
from .parsing import read_programme
from .types import TheaterProgramme

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://graph-api-proxy.allocine.fr/api/query"
DEFAULT_TIMEOUT = 30.0


class HttpAllocineClient:
    is_fake = False

    def __init__(self, base_url: str | None = None, api_key: str | None = None, timeout: float | None = None):
        self.base_url = (base_url or getattr(settings, "ALLOCINE_API_URL", None) or DEFAULT_API_URL).rstrip("/")
        self.api_key = api_key if api_key is not None else (getattr(settings, "ALLOCINE_API_KEY", "") or "")
        self.timeout = float(timeout or getattr(settings, "ALLOCINE_TIMEOUT", None) or DEFAULT_TIMEOUT)

    def get_programme(self, theater_id: str) -> TheaterProgramme:
        theater_id = clean_theater_id(theater_id)
        headers = {"Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        with httpx.Client(timeout=httpx.Timeout(self.timeout), headers=headers) as client:
            return read_programme(theater_id, lambda cursor: self._get_page(client, theater_id, cursor))

    def _get_page(self, client: httpx.Client, theater_id: str, cursor: str) -> Any:
        params = {"theater": theater_id}
        if cursor:
            params["after"] = cursor
        url = f"{self.base_url}/movieShowtimeList"
        try:
            response = client.get(url, params=params)
        except httpx.TimeoutException as exc:
            logger.warning("Allociné: timeout after %ss for theater %s", self.timeout, theater_id)
            raise AllocineUnavailable(f"Allociné did not answer within {self.timeout:g} s.") from exc
        except httpx.HTTPError as exc:
            logger.warning("Allociné: connection error for theater %s: %s", theater_id, exc)
            raise AllocineUnavailable(f"Cannot reach Allociné: {exc}") from exc
        self._raise_for_status(response, theater_id)
        try:
            return response.json()
        except ValueError as exc:
            logger.warning("Allociné: malformed JSON for theater %s", theater_id)
            raise AllocineMalformedResponse("Allociné sent malformed JSON.") from exc

    @staticmethod
    def _raise_for_status(response: httpx.Response, theater_id: str) -> None:
        status = response.status_code
        if status == 200:
            return
        error: type[AllocineError]
        if status == 404:
            error = AllocineTheaterNotFound
        elif status in (401, 403):
            logger.error("Allociné: key refused (HTTP %s); check ALLOCINE_API_KEY", status)
            error = AllocineUnauthorized
        elif status == 429:
            error = AllocineRateLimited
        else:
            logger.warning("Allociné: HTTP %s for theater %s", status, theater_id)
            error = AllocineUnavailable
        raise error(f"Allociné answered HTTP {status} for theater {theater_id}.")
