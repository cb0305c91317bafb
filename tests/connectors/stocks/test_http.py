"""What only the HTTP client does: request shape, paging rules, streaming, transport failures, status mapping."""

import datetime
import json
import threading
import tracemalloc
import zoneinfo
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
import respx
from stdnum import ean

from passculture.connectors.stocks import (
    PriceUnit,
    StockItem,
    StockItemProblem,
    StockProviderConfig,
    StocksMalformedResponse,
    StocksRateLimited,
    StocksSiretUnknown,
    StocksUnauthorized,
    StocksUnavailable,
    get_stocks_client,
)
from passculture.connectors.stocks import fake as stocks_fake
from passculture.connectors.stocks.http import HttpStocksClient
from tests.connectors.helpers import load_fixture

from .conftest import AUTHORIZATION, BASE_URL, FIXTURES, config

SIRET = stocks_fake.DEMO_SIRET
URL = f"{BASE_URL}/{SIRET}"


@pytest.fixture
def router():
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        yield router


def body(name: str) -> dict:
    return load_fixture(FIXTURES, name)


def client(**overrides) -> HttpStocksClient:
    return HttpStocksClient(config(**overrides))


def three_pages(router) -> respx.Route:
    """Three pages of two items (the second all invalid), then the empty page that ends the stream."""
    route = router.get(URL)
    route.side_effect = [
        httpx.Response(200, json=body("stocks_paging_1.json")),
        httpx.Response(200, json=body("stocks_paging_2_all_invalid.json")),
        httpx.Response(200, json=body("stocks_paging_3.json")),
        httpx.Response(200, json=body("stocks_empty.json")),
    ]
    return route


def wait_for(condition, seconds: float = 5.0) -> None:
    waited = threading.Event()
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        waited.wait(0.01)


class TestRequest:
    def test_limit_authorization_and_the_sixty_seconds_timeout(self, router):
        route = router.get(URL).respond(200, json=body("stocks_empty.json"))

        list(
            HttpStocksClient(StockProviderConfig(base_url=BASE_URL + "/", authorization=AUTHORIZATION)).iter_pages(
                SIRET
            )
        )

        request = route.calls.last.request
        assert dict(request.url.params) == {"limit": "1000"}
        assert request.headers["Authorization"] == AUTHORIZATION
        assert request.extensions["timeout"] == {"connect": 60.0, "read": 60.0, "write": 60.0, "pool": 60.0}

    def test_no_authorization_header_when_the_provider_needs_none(self, router):
        route = router.get(URL).respond(200, json=body("stocks_empty.json"))

        list(client(authorization="").iter_pages(SIRET))

        assert "Authorization" not in route.calls.last.request.headers

    def test_modified_since_is_sent_in_utc(self, router):
        route = router.get(URL).respond(200, json=body("stocks_empty.json"))
        paris = zoneinfo.ZoneInfo("Europe/Paris")

        list(client().iter_pages(SIRET, modified_since=datetime.datetime(2026, 7, 14, 2, 30, tzinfo=paris)))

        assert route.calls.last.request.url.params["modifiedSince"] == "2026-07-14T00:30:00Z"

    def test_the_existence_check_is_a_bare_get(self, router):
        route = router.get(URL).respond(200, json=body("stocks_demo.json"))

        assert client().knows_siret(SIRET) is True
        assert dict(route.calls.last.request.url.params) == {}

    def test_the_client_comes_from_settings_and_the_provider_configuration(self, settings):
        settings.STOCKS_BACKEND = "passculture.connectors.stocks.http.HttpStocksClient"
        provider = StockProviderConfig(base_url="https://dialogue.example/stocks", price_unit=PriceUnit.CENTS)

        built = get_stocks_client(provider)

        assert isinstance(built, HttpStocksClient)
        assert built.config is provider


class TestPaging:
    def test_goes_on_past_a_page_of_invalid_items_and_stops_on_an_empty_page(self, router):
        route = three_pages(router)

        pages = list(client(page_size=2).iter_pages(SIRET))

        assert [call.request.url.params.get("after") for call in route.calls] == [
            None,
            "9782070360024",
            "9782070413119",  # the last ref of the all-invalid page
            "9782070612758",
        ]
        assert all(call.request.url.params["limit"] == "2" for call in route.calls)
        assert [len(page.items) for page in pages] == [2, 0, 1]
        assert [problem.code for problem in pages[1].problems] == ["invalid_ean", "negative_available"]

    def test_a_stream_resumed_after_a_cursor_starts_there_with_the_same_modified_since(self, router):
        route = router.get(URL)
        route.side_effect = [
            httpx.Response(200, json=body("stocks_paging_3.json")),
            httpx.Response(200, json=body("stocks_empty.json")),
        ]
        since = datetime.datetime(2026, 12, 1, 3, 0, tzinfo=datetime.UTC)

        pages = list(client(page_size=2).iter_pages(SIRET, modified_since=since, after="9782070413119"))

        assert [dict(call.request.url.params) for call in route.calls] == [
            {"limit": "2", "modifiedSince": "2026-12-01T03:00:00Z", "after": "9782070413119"},
            {"limit": "2", "modifiedSince": "2026-12-01T03:00:00Z", "after": "9782070612758"},
        ]
        assert (pages[0].number, pages[0].after) == (1, "9782070413119")

    def test_a_duplicate_ref_the_last_one_wins(self, router):
        router.get(URL).side_effect = [
            httpx.Response(200, json=body("stocks_paging_3.json")),
            httpx.Response(200, json=body("stocks_empty.json")),
        ]

        [page] = client().iter_pages(SIRET)

        assert [(item.ref, item.available, item.position) for item in page.items] == [("9782070612758", 4, 2)]
        assert page.duplicates == 1

    def test_pages_are_fetched_only_as_they_are_consumed(self, router):
        route = router.get(URL)
        route.side_effect = [
            httpx.Response(200, json=body("stocks_paging_1.json")),
            httpx.Response(200, json=body("stocks_paging_3.json")),
            httpx.Response(200, json=body("stocks_empty.json")),
        ]

        pages = client(page_size=2).iter_pages(SIRET)
        next(pages)

        assert route.call_count == 1

    def test_ahead_the_next_page_is_fetched_while_the_current_one_is_used_and_no_further(self, router):
        route = three_pages(router)

        pages = client(page_size=2).iter_pages(SIRET, ahead=1)
        first = next(pages)
        wait_for(lambda: route.call_count == 3)  # the page queued, and the one waiting for room in the queue
        threading.Event().wait(0.2)

        assert route.call_count == 3
        assert [item.ref for item in first.items] == ["9782012101401", "9782070360024"]
        assert [len(page.items) for page in pages] == [0, 1]  # the same pages, in order
        assert route.call_count == 4

    def test_ahead_the_fetching_thread_stops_when_the_caller_stops(self, router):
        three_pages(router)

        pages = client(page_size=2).iter_pages(SIRET, ahead=1)
        next(pages)
        assert any(thread.name == "stocks-prefetch" for thread in threading.enumerate())
        pages.close()

        assert not any(thread.name == "stocks-prefetch" for thread in threading.enumerate())

    @pytest.mark.parametrize("ahead", [0, 1])  # 1: the failure comes after the page read before it, in order
    def test_a_failing_page_keeps_the_pages_already_read(self, router, ahead):
        router.get(URL).side_effect = [
            httpx.Response(200, json=body("stocks_paging_1.json")),
            httpx.Response(503, text="down"),
        ]
        read = []

        with pytest.raises(StocksUnavailable):
            for page in client(page_size=2).iter_pages(SIRET, ahead=ahead):
                read.append(page)

        assert [item.ref for item in read[0].items] == ["9782012101401", "9782070360024"]

    @pytest.mark.parametrize(
        "stuck_page",
        [
            {"stocks": [{"available": 1, "price": 2}]},  # items without any ref: no cursor to go on with
            {"stocks": [{"ref": "9782070360024", "available": 3, "price": 7.9}]},  # the same last ref again
        ],
    )
    def test_a_paging_that_cannot_advance_is_refused(self, router, stuck_page):
        router.get(URL).side_effect = [
            httpx.Response(200, json=body("stocks_paging_1.json")),
            httpx.Response(200, json=stuck_page),
        ]

        with pytest.raises(StocksMalformedResponse):
            list(client(page_size=2).iter_pages(SIRET))


class TestFailures:
    @pytest.mark.parametrize(
        ("status", "error"),
        [
            (400, StocksUnavailable),
            (401, StocksUnauthorized),
            (403, StocksUnauthorized),
            (404, StocksSiretUnknown),
            (429, StocksRateLimited),
            (500, StocksUnavailable),
            (502, StocksUnavailable),
            (503, StocksUnavailable),
            (504, StocksUnavailable),
        ],
    )
    def test_http_status(self, router, status, error):
        router.get(URL).respond(status, json={"error": "x"})

        with pytest.raises(error):
            list(client().iter_items(SIRET))

    @pytest.mark.parametrize("status", [401, 403, 429, 500, 503])
    def test_the_existence_check_raises_on_anything_but_200_and_404(self, router, status):
        router.get(URL).respond(status)

        with pytest.raises((StocksUnauthorized, StocksRateLimited, StocksUnavailable)):
            client().knows_siret(SIRET)

    def test_the_existence_check_says_no_on_404(self, router):
        router.get(URL).respond(404, json=body("error_not_found.json"))

        assert client().knows_siret(SIRET) is False

    @pytest.mark.parametrize(
        "exception",
        [httpx.ConnectTimeout("t"), httpx.ReadTimeout("t"), httpx.WriteTimeout("t"), httpx.ConnectError("refused")],
    )
    def test_timeouts_and_connection_errors(self, router, exception):
        router.get(URL).mock(side_effect=exception)

        with pytest.raises(StocksUnavailable) as excinfo:
            list(client().iter_items(SIRET))

        assert excinfo.value.code == "unavailable"

    @pytest.mark.parametrize("content", [b"", b"<html>Maintenance</html>", b'{"stocks": [{"ref": "97820', b"\xff\xfe"])
    def test_malformed_json(self, router, content):
        router.get(URL).respond(200, content=content)

        with pytest.raises(StocksMalformedResponse) as excinfo:
            list(client().iter_items(SIRET))

        assert excinfo.value.code == "malformed_response"

    @pytest.mark.parametrize("payload", [[], None, {"items": []}, {"stocks": None}, {"stocks": {"ref": "x"}}, "stocks"])
    def test_unexpected_shape(self, router, payload):
        router.get(URL).respond(200, json=payload)

        with pytest.raises(StocksMalformedResponse):
            list(client().iter_items(SIRET))


class _GeneratedStock(BaseHTTPRequestHandler):
    """A provider serving ``pages`` pages of ``limit`` valid items, generated on the fly."""

    pages = 0

    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)
        after = int(query["after"][0][3:12]) if "after" in query else 0
        limit = int(query["limit"][0])
        start = after + 1 if after else 0
        stop = min(start + limit, self.pages * limit)
        items = []
        for number in range(start, stop):
            prefix = f"978{number:09d}"
            items.append({"ref": prefix + ean.calc_check_digit(prefix), "available": number % 7, "price": 9.9})
        payload = json.dumps({"stocks": items}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def _peak_memory_of_a_sync(pages: int) -> tuple[int, int]:
    handler = type("Handler", (_GeneratedStock,), {"pages": pages})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        provider = StockProviderConfig(base_url=f"http://127.0.0.1:{server.server_port}", page_size=100)
        stocks_client = HttpStocksClient(provider)
        tracemalloc.start()
        count = sum(1 for entry in stocks_client.iter_items(SIRET) if isinstance(entry, StockItem | StockItemProblem))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        server.shutdown()
        server.server_close()
    return count, peak


def test_a_long_stock_is_streamed_in_flat_memory():
    # Past the first pages (the client's and the parser's own set-up), more pages cost no more memory: only one page
    # is held at a time. Keeping 6,000 more items would take more than 1 MB.
    medium_count, medium_peak = _peak_memory_of_a_sync(pages=60)
    large_count, large_peak = _peak_memory_of_a_sync(pages=120)

    assert (medium_count, large_count) == (6_000, 12_000)
    assert large_peak - medium_peak < 512 * 1024
