"""The real stock-software client: the polling protocol over httpx (one connection for every page).

``GET {base_url}/{siret}?limit=1000[&after=<last ref>][&modifiedSince=<ISO-8601 UTC>]`` →
``{"stocks": [{"ref": "<EAN13>", "available": <int>, "price": <number>}]}``.
"""

import logging
from typing import Any

import httpx

from .errors import (
    StocksError,
    StocksMalformedResponse,
    StocksRateLimited,
    StocksSiretUnknown,
    StocksUnauthorized,
    StocksUnavailable,
)
from .polling import PollingStocksClient, clean_siret

logger = logging.getLogger(__name__)


def parse_stocks_payload(payload: Any) -> list[Any]:
    """The raw items of a page; ``StocksMalformedResponse`` unless the body is ``{"stocks": [...]}``."""
    if not isinstance(payload, dict) or not isinstance(payload.get("stocks"), list):
        raise StocksMalformedResponse('The stock software did not answer {"stocks": [...]}.')
    return payload["stocks"]


class HttpStocksClient(PollingStocksClient):
    is_fake = False

    @property
    def base_url(self) -> str:
        return self.config.base_url.rstrip("/")

    def _client(self) -> httpx.Client:
        headers = {"Accept": "application/json"}
        if self.config.authorization:
            headers["Authorization"] = self.config.authorization
        return httpx.Client(timeout=httpx.Timeout(self.config.timeout), headers=headers)

    def _session(self) -> httpx.Client:
        return self._client()

    def knows_siret(self, siret: str) -> bool:
        siret = clean_siret(siret)
        with self._client() as client:
            response = self._request(client, siret, {})
        if response.status_code == 404:
            return False
        self._raise_for_status(response, siret)
        return True

    def _fetch(self, session: httpx.Client, siret: str, params: dict[str, str]) -> list[Any]:
        response = self._request(session, siret, params)
        self._raise_for_status(response, siret)
        try:
            payload = response.json()
        except ValueError as exc:
            logger.warning("Stocks %s: malformed JSON for %s", self.config.name or self.base_url, siret)
            raise StocksMalformedResponse("The stock software sent malformed JSON.") from exc
        return parse_stocks_payload(payload)

    def _request(self, client: httpx.Client, siret: str, params: dict[str, str]) -> httpx.Response:
        url = f"{self.base_url}/{siret}"
        try:
            return client.get(url, params=params)
        except httpx.TimeoutException as exc:
            logger.warning("Stocks: timeout after %ss on %s", self.config.timeout, url)
            raise StocksUnavailable(f"The stock software did not answer within {self.config.timeout:g} s.") from exc
        except httpx.HTTPError as exc:
            logger.warning("Stocks: connection error on %s: %s", url, exc)
            raise StocksUnavailable(f"Cannot reach the stock software: {exc}") from exc

    @staticmethod
    def _raise_for_status(response: httpx.Response, siret: str) -> None:
        status = response.status_code
        if status == 200:
            return
        error: type[StocksError]
        if status == 404:
            error = StocksSiretUnknown
        elif status in (401, 403):
            error = StocksUnauthorized
        elif status == 429:
            error = StocksRateLimited
        else:
            error = StocksUnavailable
        logger.warning("Stocks: HTTP %s for %s", status, siret)
        raise error(f"The stock software answered HTTP {status} for {siret}.")
