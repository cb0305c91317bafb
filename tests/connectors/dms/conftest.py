"""The `dms_client` fixture, parametrised over the fake and the HTTP client on recorded payloads."""

import datetime
import json

import httpx
import pytest
import respx

from passculture.connectors.dms import fake
from passculture.connectors.dms.fake import FakeDmsClient
from passculture.connectors.dms.http import HttpDmsClient
from tests.connectors.helpers import load_fixture

FIXTURES = "passculture.connectors.dms"
BASE_URL = "https://ds.test/api/v2/graphql"
TOKEN = "test-dms-token"
# The recorded pages were served 3 dossiers at a time; both clients of the contract use that size.
PAGE_SIZE = 3
UPDATED_SINCE = datetime.datetime(2026, 1, 10, tzinfo=fake.PARIS)


def _end_cursor(fixture: str) -> str:
    return load_fixture(FIXTURES, fixture)["data"]["demarche"]["dossiers"]["pageInfo"]["endCursor"]


# dossier number → (HTTP status, recorded body or None for a non-JSON body)
RECORDED_DOSSIERS: dict[int, tuple[int, str | None]] = {
    **{dossier.number: (200, f"dossier_{dossier.number}.json") for dossier in fake.SEED},
    fake.UNKNOWN_DOSSIER: (200, "error_dossier_not_found.json"),
    fake.FORBIDDEN_DOSSIER: (200, "error_hidden_by_permissions.json"),
    fake.RATE_LIMITED_DOSSIER: (429, "error_rate_limited.json"),
    fake.UNAVAILABLE_DOSSIER: (503, None),
}

# procedure number → (HTTP status, recorded body) for the procedures that answer one thing whatever is asked
RECORDED_PROCEDURES: dict[int, tuple[int, str | None]] = {
    fake.EMPTY_PROCEDURE: (200, "dossiers_empty.json"),
    fake.UNKNOWN_PROCEDURE: (200, "error_procedure_not_found.json"),
    fake.FORBIDDEN_PROCEDURE: (200, "error_hidden_by_permissions.json"),
    fake.RATE_LIMITED_PROCEDURE: (429, "error_rate_limited.json"),
    fake.UNAVAILABLE_PROCEDURE: (503, None),
}

# (updatedSince, after) → recorded page of the seeded procedure
RECORDED_PAGES: dict[tuple[str | None, str | None], str] = {
    (None, None): "dossiers_page_1.json",
    (None, _end_cursor("dossiers_page_1.json")): "dossiers_page_2.json",
    (None, _end_cursor("dossiers_page_2.json")): "dossiers_page_3.json",
    (UPDATED_SINCE.isoformat(), None): "dossiers_updated_since_page_1.json",
    (UPDATED_SINCE.isoformat(), _end_cursor("dossiers_updated_since_page_1.json")): (
        "dossiers_updated_since_page_2.json"
    ),
}


def _answer(status: int, fixture: str | None) -> httpx.Response:
    if fixture is None:
        return httpx.Response(status, text="<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>")
    return httpx.Response(status, json=load_fixture(FIXTURES, fixture))


def recorded_response(request: httpx.Request) -> httpx.Response:
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    body = json.loads(request.content)
    variables = body["variables"]
    if body["operationName"] == "passCultureDossier":
        number = variables["dossierNumber"]
        assert number in RECORDED_DOSSIERS, f"no recorded payload for dossier {number}: add it to RECORDED_DOSSIERS"
        return _answer(*RECORDED_DOSSIERS[number])
    assert body["operationName"] == "passCultureDossiers", f"unexpected operation {body['operationName']}"
    assert variables["first"] == PAGE_SIZE
    procedure = variables["demarcheNumber"]
    if procedure in RECORDED_PROCEDURES:
        return _answer(*RECORDED_PROCEDURES[procedure])
    assert procedure == fake.PROCEDURE_NUMBER, f"no recorded payload for procedure {procedure}"
    key = (variables.get("updatedSince"), variables.get("after"))
    assert key in RECORDED_PAGES, f"no recorded page for {key}: add it to RECORDED_PAGES"
    return _answer(200, RECORDED_PAGES[key])


@pytest.fixture
def dms_router():
    """Every request to DS is answered from the recordings above; any other request fails the test."""
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        router.post(BASE_URL, name="dms").mock(side_effect=recorded_response)
        yield router


@pytest.fixture
def http_dms_client() -> HttpDmsClient:
    return HttpDmsClient(base_url=BASE_URL, token=TOKEN, timeout=2, page_size=PAGE_SIZE)


@pytest.fixture(params=["fake", "http"])
def dms_client(request):
    """Each contract test runs twice: against the fake and against the HTTP client on recorded payloads."""
    if request.param == "fake":
        # Nothing is mocked, so any request the fake made would fail the test.
        with respx.mock(assert_all_mocked=True) as router:
            request.node.dms_router = router
            yield FakeDmsClient(page_size=PAGE_SIZE)
    else:
        request.node.dms_router = request.getfixturevalue("dms_router")
        yield request.getfixturevalue("http_dms_client")


@pytest.fixture
def dms_calls(dms_client, request):
    """Number of HTTP requests made so far by the client under test."""
    return lambda: request.node.dms_router.calls.call_count
