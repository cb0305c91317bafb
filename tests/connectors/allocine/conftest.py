"""The `allocine_client` fixture, parametrised over the fake and the HTTP client on recorded payloads."""

import re

import httpx
import pytest
import respx

from passculture.connectors.allocine import fake
from passculture.connectors.allocine.fake import FakeAllocineClient
from passculture.connectors.allocine.http import HttpAllocineClient
from tests.connectors.helpers import load_fixture

BASE_URL = "https://allocine.test/api/query"
API_KEY = "test-allocine-key"
FIXTURES = "passculture.connectors.allocine"

# (theater, cursor) → (HTTP status, recorded body or None for a non-JSON body)
RECORDED: dict[tuple[str, str], tuple[int, str | None]] = {
    (fake.DEMO_THEATER_ID, ""): (200, "programme_demo_page1.json"),
    (fake.DEMO_THEATER_ID, "YXJyYXljb25uZWN0aW9uOjE="): (200, "programme_demo_page2.json"),
    (fake.EMPTY_THEATER_ID, ""): (200, "programme_empty.json"),
    (fake.UNKNOWN_THEATER_ID, ""): (404, "error_not_found.json"),
    (fake.UNAUTHORIZED_THEATER_ID, ""): (401, "error_unauthorized.json"),
    (fake.RATE_LIMITED_THEATER_ID, ""): (429, "error_rate_limited.json"),
    (fake.UNAVAILABLE_THEATER_ID, ""): (503, None),
}


def recorded_response(request: httpx.Request) -> httpx.Response:
    assert request.url.path == "/api/query/movieShowtimeList", f"unexpected request {request.url}"
    key = (request.url.params.get("theater", ""), request.url.params.get("after", ""))
    assert key in RECORDED, f"no recorded payload for {key}: add it to RECORDED"
    status, fixture = RECORDED[key]
    if fixture is None:
        return httpx.Response(status, text="<html><body>Service Unavailable</body></html>")
    return httpx.Response(status, json=load_fixture(FIXTURES, fixture))


@pytest.fixture
def allocine_router():
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        router.get(url__regex=rf"^{re.escape(BASE_URL)}/movieShowtimeList").mock(side_effect=recorded_response)
        yield router


@pytest.fixture
def http_allocine_client() -> HttpAllocineClient:
    return HttpAllocineClient(base_url=BASE_URL, api_key=API_KEY, timeout=2)


@pytest.fixture(params=["fake", "http"])
def allocine_client(request):
    """Each contract test runs twice: against the fake and against the HTTP client on recorded payloads."""
    if request.param == "fake":
        with respx.mock(assert_all_mocked=True) as router:
            request.node.allocine_router = router
            yield FakeAllocineClient()
    else:
        request.node.allocine_router = request.getfixturevalue("allocine_router")
        yield request.getfixturevalue("http_allocine_client")


@pytest.fixture
def allocine_calls(allocine_client, request):
    return lambda: request.node.allocine_router.calls.call_count
