"""What only the HTTP client does: request shape, transport failures, status mapping, payload parsing."""

import httpx
import pytest
import respx

from passculture.connectors.geocoding import AddressNotFound, GeocodingUnavailable
from passculture.connectors.geocoding.http import (
    DEFAULT_API_URL,
    HttpGeocodingClient,
    parse_feature_collection,
)
from tests.connectors.helpers import load_fixture

from .conftest import BASE_URL, PARIS_ADDRESS

FIXTURES = "passculture.connectors.geocoding"
SEARCH_URL = f"{BASE_URL}/search/"


@pytest.fixture
def router():
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        yield router


class TestRequest:
    def test_geocode_parameters(self, router, http_geocoding_client):
        route = router.get(SEARCH_URL).respond(200, json=load_fixture(FIXTURES, "housenumber_paris.json"))

        http_geocoding_client.geocode("  12 Rue de la Paix   75002 Paris ", " 75002 ")

        params = route.calls.last.request.url.params
        assert params["q"] == PARIS_ADDRESS
        assert params["limit"] == "1"
        assert params["postcode"] == "75002"
        assert "type" not in params

    def test_geocode_without_postal_code(self, router, http_geocoding_client):
        route = router.get(SEARCH_URL).respond(200, json=load_fixture(FIXTURES, "housenumber_paris.json"))

        http_geocoding_client.geocode(PARIS_ADDRESS)

        assert "postcode" not in route.calls.last.request.url.params

    def test_municipality_by_name(self, router, http_geocoding_client):
        route = router.get(SEARCH_URL).respond(200, json=load_fixture(FIXTURES, "municipality_lyon.json"))

        http_geocoding_client.search_municipality("Lyon")

        params = route.calls.last.request.url.params
        assert params["type"] == "municipality"
        assert params["q"] == "Lyon"
        assert "postcode" not in params

    def test_municipality_by_postal_code_filters_on_it(self, router, http_geocoding_client):
        route = router.get(SEARCH_URL).respond(200, json=load_fixture(FIXTURES, "municipality_ajaccio.json"))

        http_geocoding_client.search_municipality("20000")

        params = route.calls.last.request.url.params
        assert params["type"] == "municipality"
        assert params["postcode"] == "20000"

    def test_long_queries_are_cut_to_what_the_api_accepts(self, router, http_geocoding_client):
        route = router.get(SEARCH_URL).respond(200, json=load_fixture(FIXTURES, "housenumber_paris.json"))

        http_geocoding_client.geocode("12 Rue de la Paix " + "x" * 300)

        assert len(route.calls.last.request.url.params["q"]) <= 200

    def test_explicit_timeout(self, router, http_geocoding_client):
        route = router.get(SEARCH_URL).respond(200, json=load_fixture(FIXTURES, "housenumber_paris.json"))

        http_geocoding_client.geocode(PARIS_ADDRESS)

        assert route.calls.last.request.extensions["timeout"]["read"] == 2.0

    def test_defaults_come_from_settings(self, settings):
        settings.GEOCODING_API_URL = "https://ban.example/"
        settings.GEOCODING_TIMEOUT = 3

        client = HttpGeocodingClient()

        assert client.base_url == "https://ban.example"
        assert client.timeout == 3.0

    def test_builtin_defaults(self, settings):
        del settings.GEOCODING_API_URL
        del settings.GEOCODING_TIMEOUT

        client = HttpGeocodingClient()

        assert client.base_url == DEFAULT_API_URL
        assert client.timeout == 5.0


class TestFailures:
    @pytest.mark.parametrize(
        "exception",
        [
            httpx.ConnectTimeout("connect timeout"),
            httpx.ReadTimeout("read timeout"),
            httpx.ConnectError("connection refused"),
            httpx.RemoteProtocolError("server disconnected"),
        ],
    )
    def test_transport_errors_mean_unavailable(self, router, http_geocoding_client, exception):
        router.get(SEARCH_URL).mock(side_effect=exception)

        with pytest.raises(GeocodingUnavailable):
            http_geocoding_client.geocode(PARIS_ADDRESS)

    @pytest.mark.parametrize("status", [429, 500, 502, 503, 504, 404])
    def test_error_statuses_mean_unavailable(self, router, http_geocoding_client, status):
        router.get(SEARCH_URL).respond(status, text="error")

        with pytest.raises(GeocodingUnavailable):
            http_geocoding_client.search_municipality("Lyon")

    def test_rejected_query_means_not_found(self, router, http_geocoding_client):
        router.get(SEARCH_URL).respond(400, json=load_fixture(FIXTURES, "error_bad_query.json"))

        with pytest.raises(AddressNotFound):
            http_geocoding_client.geocode("!!! rue")

    @pytest.mark.parametrize(
        "response",
        [
            httpx.Response(200, text="<html>maintenance</html>"),
            httpx.Response(200, text='{"features": ['),
            httpx.Response(200, json={"type": "FeatureCollection"}),
            httpx.Response(200, json={"features": [{"type": "Feature", "properties": {}}]}),
            httpx.Response(200, json={"features": [{"geometry": {"coordinates": []}, "properties": {}}]}),
            httpx.Response(200, json=[1, 2]),
        ],
    )
    def test_malformed_payload_means_unavailable(self, router, http_geocoding_client, response):
        router.get(SEARCH_URL).mock(return_value=response)

        with pytest.raises(GeocodingUnavailable):
            http_geocoding_client.geocode(PARIS_ADDRESS)


class TestParsing:
    def test_housenumber(self):
        found = parse_feature_collection(load_fixture(FIXTURES, "housenumber_paris.json"))

        assert found.label == "12 Rue de la Paix 75002 Paris"
        assert found.street == "12 Rue de la Paix"
        assert (found.latitude, found.longitude) == (48.869082, 2.331573)
        assert found.score == pytest.approx(0.9645, abs=1e-4)

    def test_street(self):
        found = parse_feature_collection(load_fixture(FIXTURES, "street_lyon.json"))

        assert found.street == "Rue de la République"
        assert found.citycode == "69382"
        assert found.postal_code == "69002"

    def test_municipality_has_no_street(self):
        found = parse_feature_collection(load_fixture(FIXTURES, "municipality_lyon.json"))

        assert found.street == ""
        assert found.label == "Lyon"

    def test_no_feature(self):
        with pytest.raises(AddressNotFound):
            parse_feature_collection(load_fixture(FIXTURES, "empty.json"))
