"""The `stocks_client` fixture, parametrised over the fake and the HTTP client on recorded payloads."""

import re

import httpx
import pytest
import respx

from passculture.connectors.stocks import PriceUnit, StockProviderConfig
from passculture.connectors.stocks import fake as stocks_fake
from passculture.connectors.stocks.fake import FakeStocksClient
from passculture.connectors.stocks.http import HttpStocksClient
from tests.connectors.helpers import load_fixture

FIXTURES = "passculture.connectors.stocks"
BASE_URL = "https://stocks.test/api/stocks"  # a provider writing prices in euros
CENTS_BASE_URL = "https://cents.test/v1"  # a provider writing prices in cents
AUTHORIZATION = "Bearer test-stock-key"
LAST_DEMO_REF = "9782253004226"

# (base URL, SIRET, after) → (HTTP status, recorded body or None for a non-JSON body)
RECORDED: dict[tuple[str, str, str], tuple[int, str | None]] = {
    (BASE_URL, stocks_fake.DEMO_SIRET, ""): (200, "stocks_demo.json"),
    (BASE_URL, stocks_fake.DEMO_SIRET, LAST_DEMO_REF): (200, "stocks_empty.json"),
    (CENTS_BASE_URL, stocks_fake.DEMO_SIRET, ""): (200, "stocks_demo_cents.json"),
    (CENTS_BASE_URL, stocks_fake.DEMO_SIRET, LAST_DEMO_REF): (200, "stocks_empty.json"),
    (BASE_URL, stocks_fake.UNKNOWN_SIRET, ""): (404, "error_not_found.json"),
    (BASE_URL, stocks_fake.UNAVAILABLE_SIRET, ""): (503, None),
}
_PATH = re.compile(r"^(https://[^/]+(?:/[^/]+)*)/(\d{14})$")


def recorded_response(request: httpx.Request) -> httpx.Response:
    match = _PATH.match(str(request.url.copy_with(query=None)))
    assert match, f"unexpected request {request.url}"
    base, siret = match.groups()
    params = request.url.params
    if params:  # the existence check (GET {base}/{siret}) sends no parameter
        assert params["limit"] == "1000"
    key = (base, siret, params.get("after", ""))
    assert key in RECORDED, f"no recorded payload for {key}: add it to RECORDED"
    status, fixture = RECORDED[key]
    if fixture is None:
        return httpx.Response(status, text="<html><body>Service Unavailable</body></html>")
    return httpx.Response(status, json=load_fixture(FIXTURES, fixture))


def config(unit: PriceUnit = PriceUnit.EUROS, **overrides) -> StockProviderConfig:
    base_url = CENTS_BASE_URL if unit == PriceUnit.CENTS else BASE_URL
    return StockProviderConfig(
        **{"base_url": base_url, "authorization": AUTHORIZATION, "price_unit": unit, **overrides}
    )


@pytest.fixture
def stocks_router():
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        router.get(url__regex=r"^https://(stocks|cents)\.test/").mock(side_effect=recorded_response)
        yield router


@pytest.fixture(params=["fake", "http"])
def stocks_client_for(request):
    """A factory ``(unit=…) -> client``: each contract test runs against the fake and the HTTP client."""
    if request.param == "fake":
        with respx.mock(assert_all_mocked=True) as router:
            request.node.stocks_router = router
            yield lambda unit=PriceUnit.EUROS: FakeStocksClient(config(unit))
    else:
        request.node.stocks_router = request.getfixturevalue("stocks_router")
        yield lambda unit=PriceUnit.EUROS: HttpStocksClient(config(unit))


@pytest.fixture
def stocks_client(stocks_client_for):
    return stocks_client_for()


@pytest.fixture
def stocks_calls(stocks_client_for, request):
    return lambda: request.node.stocks_router.calls.call_count
