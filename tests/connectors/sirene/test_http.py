"""What only the HTTP client does: request shape, transport failures, status mapping, payload parsing."""

import copy

import httpx
import pytest
import respx

from passculture.connectors.sirene import (
    SireneInvalidIdentifier,
    SireneNotDiffusible,
    SireneNotFound,
    SireneRateLimited,
    SireneUnavailable,
    fake,
)
from passculture.connectors.sirene.http import (
    API_KEY_HEADER,
    DEFAULT_API_URL,
    HttpSireneClient,
    french_title,
    parse_address,
    parse_siren_payload,
    parse_siret_payload,
)
from tests.connectors.helpers import load_fixture

from .conftest import API_KEY, BASE_URL

FIXTURES = "passculture.connectors.sirene"
SIREN_URL = f"{BASE_URL}/siren/{fake.DEMO_SIREN}"
SIRET_URL = f"{BASE_URL}/siret/{fake.DEMO_HEAD_OFFICE_SIRET}"


@pytest.fixture
def router():
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        yield router


class TestRequest:
    def test_siren_request(self, router, http_sirene_client):
        route = router.get(SIREN_URL).respond(200, json=load_fixture(FIXTURES, "siren_demo.json"))

        http_sirene_client.get_siren(fake.DEMO_SIREN)

        request = route.calls.last.request
        assert request.method == "GET"
        assert request.headers[API_KEY_HEADER] == API_KEY
        assert request.headers["Accept"] == "application/json"

    def test_siret_request(self, router, http_sirene_client):
        route = router.get(SIRET_URL).respond(200, json=load_fixture(FIXTURES, "siret_demo_head_office.json"))

        http_sirene_client.get_siret("123 456 782 00010")

        assert route.call_count == 1
        assert route.calls.last.request.headers[API_KEY_HEADER] == API_KEY

    def test_explicit_timeout_is_sent(self, router, http_sirene_client):
        route = router.get(SIREN_URL).respond(200, json=load_fixture(FIXTURES, "siren_demo.json"))

        http_sirene_client.get_siren(fake.DEMO_SIREN)

        timeouts = route.calls.last.request.extensions["timeout"]
        assert timeouts == {"connect": 2.0, "read": 2.0, "write": 2.0, "pool": 2.0}

    def test_no_key_header_without_a_key(self, router):
        route = router.get(SIREN_URL).respond(200, json=load_fixture(FIXTURES, "siren_demo.json"))

        HttpSireneClient(base_url=BASE_URL, api_key="").get_siren(fake.DEMO_SIREN)

        assert API_KEY_HEADER not in route.calls.last.request.headers

    def test_defaults_come_from_settings(self, settings):
        settings.SIRENE_API_URL = "https://insee.example/api-sirene/3.11/"
        settings.SIRENE_API_KEY = "from-settings"
        settings.SIRENE_TIMEOUT = 7

        client = HttpSireneClient()

        assert client.base_url == "https://insee.example/api-sirene/3.11"
        assert client.api_key == "from-settings"
        assert client.timeout == 7.0

    def test_builtin_defaults(self, settings):
        del settings.SIRENE_API_URL
        del settings.SIRENE_TIMEOUT

        client = HttpSireneClient(api_key="k")

        assert client.base_url == DEFAULT_API_URL
        assert client.timeout == 5.0

    def test_is_not_a_fake(self):
        assert HttpSireneClient.is_fake is False


class TestFailures:
    @pytest.mark.parametrize(
        "exception",
        [
            httpx.ConnectTimeout("connect timeout"),
            httpx.ReadTimeout("read timeout"),
            httpx.PoolTimeout("pool timeout"),
            httpx.ConnectError("connection refused"),
            httpx.RemoteProtocolError("server disconnected"),
        ],
    )
    def test_transport_errors_mean_unavailable(self, router, http_sirene_client, exception):
        router.get(SIREN_URL).mock(side_effect=exception)

        with pytest.raises(SireneUnavailable) as excinfo:
            http_sirene_client.get_siren(fake.DEMO_SIREN)

        assert excinfo.value.code == "unavailable"

    @pytest.mark.parametrize(
        ("status", "error"),
        [
            (404, SireneNotFound),
            (301, SireneNotFound),
            (403, SireneNotDiffusible),
            (429, SireneRateLimited),
            (400, SireneInvalidIdentifier),
            (401, SireneUnavailable),
            (500, SireneUnavailable),
            (502, SireneUnavailable),
            (503, SireneUnavailable),
            (504, SireneUnavailable),
        ],
    )
    def test_status_mapping(self, router, http_sirene_client, status, error):
        router.get(SIRET_URL).respond(status, json={"header": {"statut": status, "message": "..."}})

        with pytest.raises(error):
            http_sirene_client.get_siret(fake.DEMO_HEAD_OFFICE_SIRET)

    @pytest.mark.parametrize(
        "response",
        [
            httpx.Response(200, text="<html>maintenance</html>"),
            httpx.Response(200, text='{"header": {"statut": 200'),
            httpx.Response(200, json=["not", "an", "object"]),
            httpx.Response(200, json={"header": {"statut": 200, "message": "OK"}}),
            httpx.Response(200, json={"uniteLegale": {"periodesUniteLegale": []}}),
            httpx.Response(200, json={"uniteLegale": None}),
        ],
    )
    def test_malformed_payload_means_unavailable(self, router, http_sirene_client, response):
        router.get(SIREN_URL).mock(return_value=response)

        with pytest.raises(SireneUnavailable):
            http_sirene_client.get_siren(fake.DEMO_SIREN)

    def test_malformed_siret_payload_means_unavailable(self, router, http_sirene_client):
        router.get(SIRET_URL).respond(200, json={"etablissement": {"siren": fake.DEMO_SIREN}})

        with pytest.raises(SireneUnavailable):
            http_sirene_client.get_siret(fake.DEMO_HEAD_OFFICE_SIRET)


class TestParsing:
    def test_sa_company(self):
        info = parse_siren_payload(load_fixture(FIXTURES, "siren_active_sa.json"))

        assert info.name == "THEATRE DES QUATRE VENTS"
        assert info.legal_category_code == "5599"
        assert info.ape_code == "90.04Z"
        assert info.head_office_siret == "51234567900017"

    def test_current_period_is_the_one_without_end_date(self):
        payload = load_fixture(FIXTURES, "siren_active_sa.json")
        periods = payload["uniteLegale"]["periodesUniteLegale"]
        payload["uniteLegale"]["periodesUniteLegale"] = list(reversed(periods))

        info = parse_siren_payload(payload)

        assert info.ape_code == "90.04Z"
        assert info.head_office_siret == "51234567900017"

    def test_closed_company_uses_current_state(self):
        info = parse_siren_payload(load_fixture(FIXTURES, "siren_closed.json"))

        assert info.active is False
        assert info.legal_category_code == "9220"

    def test_sole_trader_falls_back_to_first_first_name(self):
        payload = load_fixture(FIXTURES, "siren_sole_trader.json")
        payload["uniteLegale"]["prenomUsuelUniteLegale"] = None
        payload["uniteLegale"]["prenom1UniteLegale"] = "JEAN"
        payload["uniteLegale"]["periodesUniteLegale"][0]["nomUniteLegale"] = "DE LA FONTAINE"

        assert parse_siren_payload(payload).name == "Jean de La Fontaine"

    def test_sole_trader_establishment_name(self):
        payload = load_fixture(FIXTURES, "siret_demo_head_office.json")
        unit = payload["etablissement"]["uniteLegale"]
        unit.update(denominationUniteLegale=None, nomUniteLegale="MARTIN", prenomUsuelUniteLegale="CHLOE")

        assert parse_siret_payload(payload).name == "Chloe Martin"

    def test_establishment_sign_wins_over_legal_name(self):
        info = parse_siret_payload(load_fixture(FIXTURES, "siret_closed.json"))

        assert info.name == "LA PETITE LIBRAIRIE"
        assert info.active is False
        assert info.legal_category_code == "5499"

    def test_address_with_repetition_index_and_abbreviated_street_type(self):
        info = parse_siret_payload(load_fixture(FIXTURES, "siret_active_head_office.json"))

        assert info.address.street == "17 bis Boulevard de Strasbourg"
        assert info.address.city == "Toulouse"
        assert info.address.postal_code == "31000"
        assert info.ape_code == "90.04Z"

    def test_non_diffusible_establishment_hides_no_marker(self):
        info = parse_siret_payload(load_fixture(FIXTURES, "siret_not_diffusible.json"))

        assert info.address.street == ""
        assert info.name == ""
        assert info.diffusible is False

    @pytest.mark.parametrize(
        ("fields", "street"),
        [
            (
                {
                    "numeroVoieEtablissement": "8",
                    "typeVoieEtablissement": "AV",
                    "libelleVoieEtablissement": "FOCH",
                },
                "8 Avenue Foch",
            ),
            (
                {
                    "numeroVoieEtablissement": "2",
                    "indiceRepetitionEtablissement": "T",
                    "typeVoieEtablissement": "IMP",
                    "libelleVoieEtablissement": "DES LILAS",
                },
                "2 ter Impasse des Lilas",
            ),
            (
                {"typeVoieEtablissement": "CHE", "libelleVoieEtablissement": "DU MOULIN A VENT"},
                "Chemin du Moulin A Vent",
            ),
            (
                {
                    "numeroVoieEtablissement": "1",
                    "typeVoieEtablissement": "QUAI",
                    "libelleVoieEtablissement": "DE L'HORLOGE",
                },
                "1 Quai de l'Horloge",
            ),
            (
                {
                    "numeroVoieEtablissement": "4",
                    "typeVoieEtablissement": "PL",
                    "libelleVoieEtablissement": "DE L'HOTEL DE VILLE",
                },
                "4 Place de l'Hotel de Ville",
            ),
            (
                {
                    "numeroVoieEtablissement": "3",
                    "typeVoieEtablissement": "XYZ",
                    "libelleVoieEtablissement": "DU PORT",
                },
                "3 Xyz du Port",
            ),
            ({"libelleVoieEtablissement": "LE BOURG"}, "Le Bourg"),
            (
                {
                    "numeroVoieEtablissement": "10",
                    "typeVoieEtablissement": "RUE",
                    "libelleVoieEtablissement": "LOUIS XIV",
                },
                "10 Rue Louis XIV",
            ),
            ({}, ""),
        ],
    )
    def test_street(self, fields, street):
        assert parse_address(fields).street == street

    @pytest.mark.parametrize(
        ("commune", "city"),
        [
            ("PARIS 2", "Paris"),
            ("PARIS 16", "Paris"),
            ("LYON 2E ARRONDISSEMENT", "Lyon"),
            ("MARSEILLE 13", "Marseille"),
            ("AIX-EN-PROVENCE", "Aix-en-Provence"),
            ("LE MANS", "Le Mans"),
            ("LA ROCHE-SUR-YON", "La Roche-sur-Yon"),
            ("SAINT-DENIS", "Saint-Denis"),
            ("L'ILE-ROUSSE", "L'Ile-Rousse"),
            ("PARISOT", "Parisot"),
        ],
    )
    def test_city(self, commune, city):
        assert parse_address({"libelleCommuneEtablissement": commune}).city == city

    def test_foreign_municipality(self):
        address = parse_address({"libelleCommuneEtrangerEtablissement": "BRUXELLES", "codePostalEtablissement": None})

        assert address.city == "Bruxelles"
        assert address.postal_code == ""

    def test_fixture_is_not_modified_by_parsing(self):
        payload = load_fixture(FIXTURES, "siret_demo_lyon.json")
        before = copy.deepcopy(payload)

        parse_siret_payload(payload)

        assert payload == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DE LA PAIX", "De la Paix"),
        ("ALLEE DES  TILLEULS", "Allee des Tilleuls"),
        ("CHALONS-EN-CHAMPAGNE", "Chalons-en-Champagne"),
        ("RUE D'ARMES", "Rue d'Armes"),
        ("", ""),
    ],
)
def test_french_title(text, expected):
    assert french_title(text) == expected
