"""What only the fake promises: deterministic, nearby points; every département; the reserved queries."""

import math

import pytest

from passculture.connectors import is_fake
from passculture.connectors.geocoding import AddressNotFound
from passculture.connectors.geocoding.fake import FakeGeocodingClient, department_of


@pytest.fixture
def client():
    return FakeGeocodingClient()


def distance_km(a, b) -> float:
    lat = math.radians((a.latitude + b.latitude) / 2)
    dy = (a.latitude - b.latitude) * 111.2
    dx = (a.longitude - b.longitude) * 111.2 * math.cos(lat)
    return math.hypot(dx, dy)


def test_is_fake():
    assert is_fake(FakeGeocodingClient())


def test_deterministic(client):
    assert client.geocode("3 Place du Marché", "69002") == FakeGeocodingClient().geocode("3 Place du Marché", "69002")


def test_different_addresses_of_a_town_are_different_but_nearby(client):
    first = client.geocode("3 Place du Marché", "69002")
    second = client.geocode("10 Rue de la République", "69002")
    centre = client.search_municipality("Lyon")

    assert (first.latitude, first.longitude) != (second.latitude, second.longitude)
    assert distance_km(first, second) < 3
    assert distance_km(first, centre) < 1.5


def test_address_case_and_spacing_do_not_move_the_point(client):
    a = client.geocode("3 place du marché", "69002")
    b = client.geocode("3  Place du Marche", "69002")

    assert (a.latitude, a.longitude) == (b.latitude, b.longitude)


@pytest.mark.parametrize(
    ("query", "city", "citycode", "latitude", "longitude"),
    [
        ("97400", "Saint-Denis", "97411", -20.88, 55.45),
        ("97200", "Fort-de-France", "97209", 14.62, -61.06),
        ("97110", "Pointe-à-Pitre", "97120", 16.24, -61.53),
        ("97300", "Cayenne", "97302", 4.94, -52.33),
        ("97600", "Mamoudzou", "97611", -12.78, 45.23),
        ("98800", "Nouméa", "98818", -22.28, 166.46),
        ("98714", "Papeete", "98735", -17.54, -149.57),
        ("20000", "Ajaccio", "2A004", 41.92, 8.74),
        ("20200", "Bastia", "2B033", 42.70, 9.45),
        ("Fort-de-France", "Fort-de-France", "97209", 14.62, -61.06),
        ("pointe a pitre", "Pointe-à-Pitre", "97120", 16.24, -61.53),
        ("Bastia", "Bastia", "2B033", 42.70, 9.45),
        ("Saint-Étienne", "Saint-Étienne", "42218", 45.44, 4.39),
        ("75011", "Paris", "75111", 48.86, 2.38),
        ("75116", "Paris", "75116", 48.86, 2.26),
        ("13008", "Marseille", "13208", 43.30, 5.37),
        ("69003", "Lyon", "69383", 45.76, 4.84),
    ],
)
def test_known_municipalities(client, query, city, citycode, latitude, longitude):
    found = client.search_municipality(query)

    assert (found.city, found.citycode) == (city, citycode)
    assert found.latitude == pytest.approx(latitude, abs=0.02)
    assert found.longitude == pytest.approx(longitude, abs=0.02)


def test_unknown_postal_code_of_a_real_department_lands_near_its_prefecture(client):
    prefecture = client.search_municipality("Quimper")

    named = client.geocode("3 rue du Port 29900 Concarneau")
    unnamed = client.geocode("3 rue du Port", "29900")

    assert named.city == "Concarneau"
    assert named.citycode == ""
    assert named.postal_code == "29900"
    assert distance_km(named, prefecture) < 25
    assert unnamed.city == "Quimper"
    assert distance_km(unnamed, prefecture) < 2
    assert named.score < 0.7


@pytest.mark.parametrize("postal_code", ["00000", "96000", "99100", "98900"])
def test_postal_codes_of_no_department_are_not_found(client, postal_code):
    with pytest.raises(AddressNotFound):
        client.geocode("1 rue de la Gare", postal_code)


def test_city_name_without_postal_code(client):
    found = client.geocode("8 rue de Bordeaux, Nantes")

    assert found.city == "Nantes"
    assert found.street == "8 rue de Bordeaux"


def test_unknown_place_without_postal_code_is_not_found(client):
    with pytest.raises(AddressNotFound):
        client.geocode("10 rue Machin, Trifouilly")


def test_city_only_gives_the_municipality_centre(client):
    found = client.geocode("Ajaccio")

    assert found.street == ""
    assert found == client.search_municipality("Ajaccio")


@pytest.mark.parametrize(
    ("postal_code", "department"),
    [
        ("01000", "01"),
        ("20000", "2A"),
        ("20190", "2A"),
        ("20200", "2B"),
        ("20600", "2B"),
        ("97400", "974"),
        ("98800", "988"),
        ("75001", "75"),
        ("96000", None),
        ("2A004", None),
    ],
)
def test_department_of(postal_code, department):
    assert department_of(postal_code) == department
