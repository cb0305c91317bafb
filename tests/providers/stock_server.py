"""A stock software on respx, for the sync tests: the polling protocol over a list of items, every request recorded.

``StockServer(router, items)`` answers ``GET {BASE_URL}/{SIRET}?limit=…[&after=…][&modifiedSince=…]`` with the items
after ``after`` (sorted by ref), ``limit`` at a time; ``fail_once(after, status)`` makes the request for the page
after that ref fail once. ``services.stocks_client`` is patched to the real HTTP client on this server.
"""

from typing import Any

import httpx

from passculture.connectors.stocks import StockProviderConfig
from passculture.connectors.stocks.http import HttpStocksClient
from passculture.providers import services

BASE_URL = "https://stocks.example.net/api"


def ean(number: int) -> str:
    """A valid EAN-13 of a French book, one per number."""
    body = f"978{number:09d}"
    total = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(body))
    return body + str(-total % 10)


class StockServer:
    def __init__(self, router, monkeypatch, siret: str, items: list[dict[str, Any]], page_size: int = 1000) -> None:
        self.items = sorted(items, key=lambda item: item["ref"])
        self.requests: list[dict[str, str]] = []
        self.failures: dict[str, int] = {}
        router.get(f"{BASE_URL}/{siret}").mock(side_effect=self.respond)
        config = StockProviderConfig(base_url=BASE_URL, name="Titelive (Dialogue)", page_size=page_size)
        monkeypatch.setattr(services, "stocks_client", lambda provider: HttpStocksClient(config))

    def fail_once(self, after: str, status: int = 503) -> None:
        self.failures[after] = status

    def respond(self, request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        self.requests.append(params)
        after = params.get("after", "")
        if after in self.failures:
            return httpx.Response(self.failures.pop(after), text="<html>Service Unavailable</html>")
        page = [item for item in self.items if item["ref"] > after][: int(params["limit"])]
        return httpx.Response(200, json={"stocks": page})

    def taken(self) -> list[dict[str, str]]:
        """The requests made since the last call (and forget them)."""
        requests, self.requests = self.requests, []
        return requests
