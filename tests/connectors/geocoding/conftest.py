"""One ``geocoding_client`` fixture, parametrised over the fake and the HTTP client on recorded payloads."""

import httpx
import pytest
import respx

from passculture.connectors.geocoding.fake import UNAVAILABLE_ADDRESS, UNKNOWN_ADDRESS, FakeGeocodingClient
from passculture.connectors.geocoding.http import HttpGeocodingClient
from tests.connectors.helpers import fold, load_fixture

BASE_URL = "https://geocoder.test"

PARIS_ADDRESS = "12 Rue de la Paix 75002 Paris"
REUNION_ADDRESS = "5 Rue de Paris 97400 Saint-Denis"
CORSICA_ADDRESS = "12 Cours Napoléon 20000 Ajaccio"

# (is a municipality search, folded query) → (HTTP status, recorded body or None for a non-JSON body)
RECORDED: dict[tuple[bool, str], tuple[int, str | None]] = {
    (False, fold(PARIS_ADDRESS)): (200, "housenumber_paris.json"),
    (False, fold(REUNION_ADDRESS)): (200, "housenumber_saint_denis_reunion.json"),
    (False, fold(CORSICA_ADDRESS)): (200, "housenumber_ajaccio.json"),
    (False, fold(UNKNOWN_ADDRESS)): (200, "empty.json"),
    (False, fold(UNAVAILABLE_ADDRESS)): (503, None),
    (True, "lyon"): (200, "municipality_lyon.json"),
    (True, "20000"): (200, "municipality_ajaccio.json"),
    (True, "97400"): (200, "municipality_saint_denis_reunion.json"),
    (True, "introuvable"): (200, "empty.json"),
}


def recorded_response(request: httpx.Request) -> httpx.Response:
    assert request.url.path == "/search/", f"unexpected request {request.url}"
    params = request.url.params
    assert params["limit"] == "1"
    municipality = params.get("type") == "municipality"
    key = (municipality, fold(params["q"]))
    assert key in RECORDED, f"no recorded payload for {key}: add it to RECORDED"
    status, fixture = RECORDED[key]
    if fixture is None:
        return httpx.Response(status, text="<html><body>502 Bad Gateway</body></html>")
    return httpx.Response(status, json=load_fixture("passculture.connectors.geocoding", fixture))


@pytest.fixture
def geocoding_router():
    """Every request to the geocoder is answered from RECORDED; any other request fails the test."""
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        router.get(f"{BASE_URL}/search/", name="search").mock(side_effect=recorded_response)
        yield router


@pytest.fixture
def http_geocoding_client() -> HttpGeocodingClient:
    return HttpGeocodingClient(base_url=BASE_URL, timeout=2)


@pytest.fixture(params=["fake", "http"])
def geocoding_client(request):
    """Each contract test runs twice: against the fake and against the HTTP client on recorded payloads."""
    if request.param == "fake":
        with respx.mock(assert_all_mocked=True) as router:
            request.node.geocoding_router = router
            yield FakeGeocodingClient()
    else:
        request.node.geocoding_router = request.getfixturevalue("geocoding_router")
        yield request.getfixturevalue("http_geocoding_client")


@pytest.fixture
def geocoding_calls(geocoding_client, request):
    """Number of HTTP requests made so far by the client under test."""
    return lambda: request.node.geocoding_router.calls.call_count
