"""The contract every geocoding client honours, run against the fake and the HTTP client (recorded)."""

import pytest

from passculture.connectors.geocoding import (
    AddressNotFound,
    GeocodedAddress,
    GeocodingError,
    GeocodingUnavailable,
)
from passculture.connectors.geocoding.fake import UNAVAILABLE_ADDRESS, UNKNOWN_ADDRESS
from tests.connectors.helpers import fold

from .conftest import CORSICA_ADDRESS, PARIS_ADDRESS, REUNION_ADDRESS

# Street-level points of the fake lie within ~1 km of the town centre; the real ones are exact.
TOLERANCE = 0.05


def assert_near(found: GeocodedAddress, latitude: float, longitude: float) -> None:
    assert abs(found.latitude - latitude) < TOLERANCE, found
    assert abs(found.longitude - longitude) < TOLERANCE, found


class TestGeocode:
    @pytest.mark.parametrize("postal_code", ["75002", None])
    def test_street_address(self, geocoding_client, postal_code):
        found = geocoding_client.geocode(PARIS_ADDRESS, postal_code)

        assert isinstance(found, GeocodedAddress)
        assert fold(found.street) == fold("12 Rue de la Paix")
        assert found.postal_code == "75002"
        assert found.city == "Paris"
        assert found.citycode == "75102"
        assert "75002" in found.label and fold(found.label).startswith("12 rue de la paix")
        assert_near(found, 48.869, 2.332)
        assert 0.5 < found.score <= 1

    def test_overseas_address(self, geocoding_client):
        found = geocoding_client.geocode(REUNION_ADDRESS, "97400")

        assert found.postal_code == "97400"
        assert found.city == "Saint-Denis"
        assert found.citycode == "97411"
        assert_near(found, -20.88, 55.45)

    def test_corsican_address(self, geocoding_client):
        found = geocoding_client.geocode(CORSICA_ADDRESS, "20000")

        assert fold(found.street) == fold("12 Cours Napoléon")
        assert found.citycode == "2A004"
        assert found.city == "Ajaccio"
        assert_near(found, 41.92, 8.74)

    def test_not_found(self, geocoding_client):
        with pytest.raises(AddressNotFound) as excinfo:
            geocoding_client.geocode(UNKNOWN_ADDRESS)

        assert excinfo.value.code == "not_found"
        assert isinstance(excinfo.value, GeocodingError)

    def test_unavailable(self, geocoding_client):
        with pytest.raises(GeocodingUnavailable) as excinfo:
            geocoding_client.geocode(UNAVAILABLE_ADDRESS)

        assert excinfo.value.code == "unavailable"

    @pytest.mark.parametrize("query", ["", "  ", "ab", "  a ", "-- rue", "   12"])
    def test_unusable_query_makes_no_call(self, geocoding_client, geocoding_calls, query):
        with pytest.raises(AddressNotFound):
            geocoding_client.geocode(query)

        assert geocoding_calls() == 0


class TestSearchMunicipality:
    def test_by_name(self, geocoding_client):
        found = geocoding_client.search_municipality("Lyon")

        assert found.city == "Lyon"
        assert found.citycode == "69123"
        assert found.postal_code == "69001"
        assert found.street == ""
        assert found.label == "Lyon"
        assert_near(found, 45.76, 4.835)

    def test_by_postal_code_in_corsica(self, geocoding_client):
        found = geocoding_client.search_municipality("20000")

        assert found.city == "Ajaccio"
        assert found.citycode == "2A004"
        assert found.street == ""
        assert_near(found, 41.919, 8.739)

    def test_by_postal_code_overseas(self, geocoding_client):
        found = geocoding_client.search_municipality("97400")

        assert found.city == "Saint-Denis"
        assert found.citycode == "97411"
        assert_near(found, -20.882, 55.448)

    def test_not_found(self, geocoding_client):
        with pytest.raises(AddressNotFound):
            geocoding_client.search_municipality("Introuvable")

    @pytest.mark.parametrize("query", ["", "x", "  "])
    def test_unusable_query_makes_no_call(self, geocoding_client, geocoding_calls, query):
        with pytest.raises(AddressNotFound):
            geocoding_client.search_municipality(query)

        assert geocoding_calls() == 0
