"""The interface every stock-software client implements (the real HTTP client and the in-memory fake)."""

import datetime
from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from .types import StockItem, StockItemProblem, StockPage, StockProviderConfig


@runtime_checkable
class StocksClient(Protocol):
    is_fake: bool
    config: StockProviderConfig

    def knows_siret(self, siret: str) -> bool:
        """True when the provider answers ``200`` on ``GET {base_url}/{siret}``, False on ``404``.

        Other failures raise a ``StocksError`` subclass (unauthorized, unavailable…).
        """
        ...

    def iter_pages(
        self, siret: str, modified_since: datetime.datetime | None = None, after: str = "", *, ahead: int = 0
    ) -> Iterator[StockPage]:
        """Stream the venue's stock page by page (``after`` = last ref of the previous page) until an empty page.

        Pages whose items were all invalid do not stop the stream. ``modified_since`` must be time-zone aware; it
        is sent in UTC. ``after`` starts the stream after that ref (an interrupted run's cursor), not at the first
        page. A failing page raises a ``StocksError`` subclass (pages already yielded stay valid).
        ``ahead``: that many next pages are fetched by a background thread while the caller works on the current
        one (memory bounded by ``ahead`` + 2 pages); 0: each page fetched when asked for.
        """
        ...

    def iter_items(
        self, siret: str, modified_since: datetime.datetime | None = None
    ) -> Iterator[StockItem | StockItemProblem]:
        """The same stream, item by item (valid items and problems, in order)."""
        ...
