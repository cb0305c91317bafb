"""The `sirene_client` fixture, parametrised over the fake and the HTTP client on recorded payloads."""

import re

import httpx
import pytest
import respx

from passculture.connectors.sirene import fake
from passculture.connectors.sirene.fake import FakeSireneClient
from passculture.connectors.sirene.http import HttpSireneClient
from tests.connectors.helpers import load_fixture

BASE_URL = "https://sirene.test/api-sirene/3.11"
API_KEY = "test-integration-key"

# A company that the fake does not reserve: the fake generates it, the register answers a recorded SA.
ACTIVE_SIREN = "512345679"
ACTIVE_HEAD_OFFICE_SIRET = "51234567900017"

# number → (HTTP status, recorded body or None for a non-JSON body)
RECORDED: dict[str, tuple[int, str | None]] = {
    # /siren
    fake.DEMO_SIREN: (200, "siren_demo.json"),
    ACTIVE_SIREN: (200, "siren_active_sa.json"),
    fake.CLOSED_SIREN: (200, "siren_closed.json"),
    fake.SOLE_TRADER_SIREN: (200, "siren_sole_trader.json"),
    fake.NOT_DIFFUSIBLE_SIREN: (200, "siren_not_diffusible.json"),
    fake.UNKNOWN_SIREN: (404, "error_not_found.json"),
    fake.PROTECTED_SIREN: (403, "error_not_diffusible.json"),
    fake.RATE_LIMITED_SIREN: (429, "error_rate_limited.json"),
    fake.UNAVAILABLE_SIREN: (503, None),
    # /siret
    fake.DEMO_HEAD_OFFICE_SIRET: (200, "siret_demo_head_office.json"),
    fake.DEMO_SECONDARY_SIRET: (200, "siret_demo_lyon.json"),
    ACTIVE_HEAD_OFFICE_SIRET: (200, "siret_active_head_office.json"),
    fake.CLOSED_SIRET: (200, "siret_closed.json"),
    fake.OVERSEAS_SIRET: (200, "siret_overseas.json"),
    fake.CORSICA_SIRET: (200, "siret_corsica.json"),
    fake.head_office_siret(fake.NOT_DIFFUSIBLE_SIREN): (200, "siret_not_diffusible.json"),
    fake.head_office_siret(fake.UNKNOWN_SIREN): (404, "error_not_found.json"),
    fake.head_office_siret(fake.PROTECTED_SIREN): (403, "error_not_diffusible.json"),
    fake.head_office_siret(fake.RATE_LIMITED_SIREN): (429, "error_rate_limited.json"),
    fake.head_office_siret(fake.UNAVAILABLE_SIREN): (503, None),
}

_PATH = re.compile(r"^/api-sirene/3\.11/(siren|siret)/(\d+)$")


def recorded_response(request: httpx.Request) -> httpx.Response:
    match = _PATH.match(request.url.path)
    assert match, f"unexpected request {request.url}"
    kind, number = match.groups()
    assert len(number) == (9 if kind == "siren" else 14), f"{kind} endpoint called with {number}"
    assert number in RECORDED, f"no recorded payload for {number}: add it to RECORDED"
    status, fixture = RECORDED[number]
    if fixture is None:
        return httpx.Response(status, text="<html><body>Service Unavailable</body></html>")
    return httpx.Response(status, json=load_fixture("passculture.connectors.sirene", fixture))


@pytest.fixture
def sirene_router():
    """Every request to the register is answered from RECORDED; any other request fails the test."""
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        router.get(url__regex=rf"^{re.escape(BASE_URL)}/(siren|siret)/\d+$", name="sirene").mock(
            side_effect=recorded_response
        )
        yield router


@pytest.fixture
def http_sirene_client() -> HttpSireneClient:
    return HttpSireneClient(base_url=BASE_URL, api_key=API_KEY, timeout=2)


@pytest.fixture(params=["fake", "http"])
def sirene_client(request):
    """Each contract test runs twice: against the fake and against the HTTP client on recorded payloads."""
    if request.param == "fake":
        # Nothing is mocked, so any request the fake made would fail the test.
        with respx.mock(assert_all_mocked=True) as router:
            request.node.sirene_router = router
            yield FakeSireneClient()
    else:
        request.node.sirene_router = request.getfixturevalue("sirene_router")
        yield request.getfixturevalue("http_sirene_client")


@pytest.fixture
def sirene_calls(sirene_client, request):
    """Number of HTTP requests made so far by the client under test."""
    return lambda: request.node.sirene_router.calls.call_count
