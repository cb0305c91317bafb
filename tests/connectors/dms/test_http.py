"""What only the HTTP client does: request shape, transport failures, status mapping, payload parsing."""

import copy
import datetime
import json

import httpx
import pytest
import respx

from passculture.connectors.dms import DmsNotFound, DmsRateLimited, DmsState, DmsUnauthorized, DmsUnavailable, fake
from passculture.connectors.dms.http import (
    DEFAULT_API_URL,
    HttpDmsClient,
    parse_datetime,
    parse_dossier,
    parse_dossiers_page,
)
from tests.connectors.helpers import load_fixture

from .conftest import BASE_URL, FIXTURES, TOKEN


@pytest.fixture
def router():
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        yield router


def dossier_node(number: int = fake.ACCEPTED_DOSSIER) -> dict:
    return copy.deepcopy(load_fixture(FIXTURES, f"dossier_{number}.json")["data"]["dossier"])


class TestRequest:
    def test_dossier_query(self, router, http_dms_client):
        route = router.post(BASE_URL).respond(200, json=load_fixture(FIXTURES, "dossier_2000001.json"))

        http_dms_client.get_dossier(fake.ACCEPTED_DOSSIER)

        request = route.calls.last.request
        body = json.loads(request.content)
        assert request.method == "POST"
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        assert request.headers["Content-Type"] == "application/json"
        assert body["operationName"] == "passCultureDossier"
        assert body["variables"] == {"dossierNumber": fake.ACCEPTED_DOSSIER}
        assert "dossier(number: $dossierNumber)" in body["query"]
        assert "dateDerniereModification" in body["query"]

    def test_list_query_sends_the_date_the_cursor_and_the_page_size(self, router, http_dms_client):
        route = router.post(BASE_URL).respond(200, json=load_fixture(FIXTURES, "dossiers_empty.json"))
        since = datetime.datetime(2026, 1, 10, 8, 30, tzinfo=datetime.UTC)

        http_dms_client.list_dossiers(fake.PROCEDURE_NUMBER, updated_since=since, after="abc")

        body = json.loads(route.calls.last.request.content)
        assert body["operationName"] == "passCultureDossiers"
        assert body["variables"] == {
            "demarcheNumber": fake.PROCEDURE_NUMBER,
            "first": 3,
            "updatedSince": "2026-01-10T08:30:00+00:00",
            "after": "abc",
        }
        assert "pageInfo { hasNextPage endCursor }" in body["query"]

    def test_no_token_no_authorization_header(self, router):
        route = router.post(BASE_URL).respond(200, json=load_fixture(FIXTURES, "dossier_2000001.json"))

        HttpDmsClient(base_url=BASE_URL, token="").get_dossier(fake.ACCEPTED_DOSSIER)

        assert "Authorization" not in route.calls.last.request.headers

    def test_settings_are_read_when_built(self, router, settings):
        settings.DMS_API_URL = "https://ds.example.org/api/v2/graphql"
        settings.DMS_API_TOKEN = "from-settings"
        settings.DMS_TIMEOUT = 7
        settings.DMS_PAGE_SIZE = 500
        route = router.post(settings.DMS_API_URL).respond(200, json=load_fixture(FIXTURES, "dossiers_empty.json"))

        client = HttpDmsClient()
        client.list_dossiers(fake.EMPTY_PROCEDURE)

        assert client.timeout == 7.0
        assert route.calls.last.request.headers["Authorization"] == "Bearer from-settings"
        assert json.loads(route.calls.last.request.content)["variables"]["first"] == 100  # DS serves 100 at most

    def test_default_url_is_the_public_api(self, settings):
        del settings.DMS_API_URL

        assert (
            HttpDmsClient(token="t").base_url
            == DEFAULT_API_URL
            == ("https://www.demarches-simplifiees.fr/api/v2/graphql")
        )


class TestTransportFailures:
    @pytest.mark.parametrize(
        "exception", [httpx.ReadTimeout("slow"), httpx.ConnectTimeout("slow"), httpx.ConnectError("refused")]
    )
    def test_timeouts_and_connection_errors_are_unavailable(self, router, http_dms_client, exception):
        router.post(BASE_URL).mock(side_effect=exception)

        with pytest.raises(DmsUnavailable):
            http_dms_client.get_dossier(fake.ACCEPTED_DOSSIER)
        with pytest.raises(DmsUnavailable):
            http_dms_client.list_dossiers(fake.PROCEDURE_NUMBER)


class TestStatuses:
    @pytest.mark.parametrize("status", [401, 403])
    def test_refused_token(self, router, http_dms_client, status, caplog):
        router.post(BASE_URL).respond(status, json=load_fixture(FIXTURES, "error_invalid_token.json"))

        with pytest.raises(DmsUnauthorized) as raised:
            http_dms_client.get_dossier(fake.ACCEPTED_DOSSIER)
        assert raised.value.code == "unauthorized"
        assert "DMS_API_TOKEN" in caplog.text

    def test_rate_limited(self, router, http_dms_client):
        router.post(BASE_URL).respond(429, json=load_fixture(FIXTURES, "error_rate_limited.json"))

        with pytest.raises(DmsRateLimited):
            http_dms_client.list_dossiers(fake.PROCEDURE_NUMBER)

    def test_wrong_url_is_unavailable_and_logged(self, router, http_dms_client, caplog):
        router.post(BASE_URL).respond(404, text="Not Found")

        with pytest.raises(DmsUnavailable):
            http_dms_client.get_dossier(fake.ACCEPTED_DOSSIER)
        assert "DMS_API_URL" in caplog.text

    @pytest.mark.parametrize("status", [500, 502, 503, 504, 400])
    def test_server_errors_are_unavailable(self, router, http_dms_client, status):
        router.post(BASE_URL).respond(status, text="<html>Bad Gateway</html>")

        with pytest.raises(DmsUnavailable):
            http_dms_client.get_dossier(fake.ACCEPTED_DOSSIER)


class TestGraphQLErrors:
    def test_not_found_dossier(self, router, http_dms_client):
        router.post(BASE_URL).respond(200, json=load_fixture(FIXTURES, "error_dossier_not_found.json"))

        with pytest.raises(DmsNotFound, match="Dossier not found"):
            http_dms_client.get_dossier(fake.UNKNOWN_DOSSIER)

    def test_hidden_by_permissions(self, router, http_dms_client):
        router.post(BASE_URL).respond(200, json=load_fixture(FIXTURES, "error_hidden_by_permissions.json"))

        with pytest.raises(DmsUnauthorized):
            http_dms_client.list_dossiers(fake.FORBIDDEN_PROCEDURE)

    def test_any_other_graphql_error_is_unavailable_with_its_message(self, router, http_dms_client):
        router.post(BASE_URL).respond(200, json=load_fixture(FIXTURES, "error_undefined_field.json"))

        with pytest.raises(DmsUnavailable, match="doesn't exist on type 'Dossier'"):
            http_dms_client.get_dossier(fake.ACCEPTED_DOSSIER)


class TestMalformedAnswers:
    @pytest.mark.parametrize(
        "response",
        [
            httpx.Response(200, text="{not json"),
            httpx.Response(200, text="<html>maintenance</html>"),
            httpx.Response(200, json=[1, 2]),
            httpx.Response(200, json={"data": None}),
            httpx.Response(200, json={"errors": "boom"}),
            httpx.Response(200, json={"data": {"dossier": None}}),
        ],
        ids=["broken-json", "html", "list", "no-data", "errors-not-a-list", "null-dossier"],
    )
    def test_unexpected_bodies_are_unavailable(self, router, http_dms_client, response):
        router.post(BASE_URL).mock(return_value=response)

        with pytest.raises(DmsUnavailable):
            http_dms_client.get_dossier(fake.ACCEPTED_DOSSIER)

    def test_dossier_without_state(self, router, http_dms_client):
        router.post(BASE_URL).respond(200, json=load_fixture(FIXTURES, "dossier_malformed_without_state.json"))

        with pytest.raises(DmsUnavailable):
            http_dms_client.get_dossier(fake.ACCEPTED_DOSSIER)

    def test_page_without_page_info(self, router, http_dms_client):
        router.post(BASE_URL).respond(200, json=load_fixture(FIXTURES, "dossiers_malformed_without_page_info.json"))

        with pytest.raises(DmsUnavailable):
            http_dms_client.list_dossiers(fake.PROCEDURE_NUMBER)


class TestParsing:
    def test_unknown_state_is_refused(self):
        node = dossier_node()
        node["state"] = "en_attente"

        with pytest.raises(ValueError):
            parse_dossier(node)

    def test_a_date_without_time_zone_is_refused(self):
        with pytest.raises(ValueError):
            parse_datetime("2026-01-08T16:45:00")

    def test_utc_dates(self):
        assert parse_datetime("2026-01-08T15:45:00.123Z") == datetime.datetime(
            2026, 1, 8, 15, 45, 0, 123000, tzinfo=datetime.UTC
        )

    def test_missing_fields_come_back_empty(self):
        node = dossier_node()
        node["champs"] = [{"id": "x", "label": "Autre question", "stringValue": "oui"}]
        node.pop("motivation")
        node.pop("usager")
        node["demandeur"] = None

        dossier = parse_dossier(node)

        assert (dossier.account_label, dossier.iban, dossier.bic) == ("", "", "")
        assert (dossier.applicant_siret, dossier.applicant_email, dossier.motivation) == ("", "", "")
        assert dossier.state is DmsState.ACCEPTE

    def test_first_non_empty_field_wins_and_siret_is_compacted(self):
        node = dossier_node()
        node["champs"] = [
            {"id": "a", "label": "IBAN", "stringValue": None},
            {"id": "b", "label": "iban*", "stringValue": "  FR76 1 "},
            {"id": "c", "label": "Iban", "stringValue": "FR76 2"},
        ]
        node["demandeur"] = {"__typename": "PersonneMoraleIncomplete", "siret": "123 456 782 00010"}

        dossier = parse_dossier(node)

        assert dossier.iban == "FR76 1"
        assert dossier.applicant_siret == "12345678200010"

    def test_last_page(self):
        page = parse_dossiers_page(load_fixture(FIXTURES, "dossiers_page_3.json")["data"])

        assert page.has_next_page is False
        assert len(page.dossiers) == 2
