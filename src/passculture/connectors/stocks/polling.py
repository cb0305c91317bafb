"""The polling loop shared by the HTTP client and the fake: pages with ``after`` until an empty page.

Subclasses only fetch one page's raw items (``_fetch``); paging, parsing and the stop rules live here once.
"""

import datetime
import queue
import re
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import Any, TypeVar, cast

from .errors import StocksMalformedResponse, StocksSiretUnknown
from .parsing import build_page
from .types import StockItem, StockItemProblem, StockPage, StockProviderConfig

_SIRET = re.compile(r"\d{14}")
# A guard against a provider whose cursor never ends (1,000 pages of 1,000 items = 1,000,000 items per 1,000).
MAX_PAGES = 100_000


def clean_siret(siret: str) -> str:
    """14 digits (spaces removed), or ``StocksSiretUnknown`` before any call."""
    compact = "".join(str(siret or "").split())
    if not _SIRET.fullmatch(compact):
        raise StocksSiretUnknown(f"{siret!r} is not a SIRET.")
    return compact


def format_modified_since(value: datetime.datetime) -> str:
    """ISO-8601 in UTC with a ``Z`` (``2026-12-04T09:30:00Z``); a naive datetime is refused (ambiguous)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("modified_since must be time-zone aware")
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class PollingStocksClient:
    """``iter_pages`` / ``iter_items`` over ``_fetch(session, siret, params) -> list`` (the page's raw items)."""

    is_fake = False

    def __init__(self, config: StockProviderConfig) -> None:
        self.config = config

    def _session(self) -> AbstractContextManager[Any]:
        """What ``_fetch`` reuses from one page to the next (the HTTP client keeps its connection open)."""
        return nullcontext()

    def _fetch(self, session: Any, siret: str, params: dict[str, str]) -> list[Any]:
        raise NotImplementedError

    def iter_pages(
        self, siret: str, modified_since: datetime.datetime | None = None, after: str = "", *, ahead: int = 0
    ) -> Iterator[StockPage]:
        """The pages in order from the one after ``after`` (the first page when empty), each fetched when asked for;
        ``ahead``: up to that many next pages fetched and parsed by a background thread while the caller works on the
        current one (an error is raised where the page it prevented would have been)."""
        siret = clean_siret(siret)
        yield from prefetched(self._pages(siret, modified_since, after), ahead)

    def _pages(self, siret: str, modified_since: datetime.datetime | None, after: str) -> Iterator[StockPage]:
        base_params = {"limit": str(self.config.page_size)}
        if modified_since is not None:
            base_params["modifiedSince"] = format_modified_since(modified_since)
        position = 1
        with self._session() as session:
            for number in range(1, MAX_PAGES + 1):
                params = {**base_params, "after": after} if after else base_params
                raws = self._fetch(session, siret, params)
                if not raws:
                    return
                page = build_page(raws, number, position, after, self.config.price_unit)
                position += len(raws)
                yield page
                if not page.next_after or page.next_after == after:
                    raise StocksMalformedResponse(
                        f"The stock software's paging cannot advance after page {number} (after={after!r})."
                    )
                after = page.next_after
        raise StocksMalformedResponse(f"The stock software sent more than {MAX_PAGES} pages.")

    def iter_items(
        self, siret: str, modified_since: datetime.datetime | None = None
    ) -> Iterator[StockItem | StockItemProblem]:
        for page in self.iter_pages(siret, modified_since):
            entries: list[StockItem | StockItemProblem] = [*page.items, *page.problems]
            entries.sort(key=lambda entry: entry.position)
            yield from entries


_DONE = object()
T = TypeVar("T")


def prefetched(source: Iterator[T], ahead: int) -> Iterator[T]:
    """``source``'s values in order, produced by a thread up to ``ahead`` values in advance. Its exception comes
    out in its place; when the consumer stops early (an error, ``close``), the thread stops at its next value."""
    if ahead < 1:
        yield from source
        return
    values: queue.Queue = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def put(entry: tuple[bool, object]) -> bool:
        while not stop.is_set():
            try:
                values.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for value in source:
                if not put((True, value)):
                    return
            put((True, _DONE))
        except BaseException as error:  # handed over to the consumer, raised there
            put((False, error))
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=produce, name="stocks-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            ok, value = values.get()
            if not ok:
                assert isinstance(value, BaseException)
                raise value
            if value is _DONE:
                return
            yield cast(T, value)
    finally:
        stop.set()
        thread.join()
