"""The contract every Sirene client honours: run against the fake and the HTTP client (recorded payloads)."""

import re

import pytest
from stdnum.fr import siret as stdnum_siret

from passculture.connectors.sirene import (
    SireneError,
    SireneInvalidIdentifier,
    SireneNotDiffusible,
    SireneNotFound,
    SireneRateLimited,
    SireneUnavailable,
    SirenInfo,
    SiretInfo,
    fake,
)
from tests.connectors.helpers import fold

from .conftest import ACTIVE_HEAD_OFFICE_SIRET, ACTIVE_SIREN

APE_CODE = re.compile(r"^\d{2}\.\d{2}[A-Z]$")
LEGAL_CATEGORY = re.compile(r"^\d{4}$")


class TestGetSiren:
    def test_demo_company(self, sirene_client):
        info = sirene_client.get_siren(fake.DEMO_SIREN)

        assert isinstance(info, SirenInfo)
        assert info.siren == fake.DEMO_SIREN
        assert fold(info.name) == fold("Cinéma et Librairie Démo")
        assert info.legal_category_code == "5710"
        assert info.ape_code == "59.14Z"
        assert info.active is True
        assert info.diffusible is True
        assert info.head_office_siret == fake.DEMO_HEAD_OFFICE_SIRET
        # The legal-unit endpoint has no address: callers ask get_siret(head_office_siret).
        assert info.address is None

    def test_any_active_company(self, sirene_client):
        info = sirene_client.get_siren(ACTIVE_SIREN)

        assert info.siren == ACTIVE_SIREN
        assert info.name.strip()
        assert LEGAL_CATEGORY.match(info.legal_category_code)
        assert APE_CODE.match(info.ape_code)
        assert info.active is True
        assert info.diffusible is True
        assert info.head_office_siret == ACTIVE_HEAD_OFFICE_SIRET
        assert stdnum_siret.is_valid(info.head_office_siret)

    def test_number_with_spaces_is_compacted(self, sirene_client):
        assert sirene_client.get_siren("123 456 782").siren == fake.DEMO_SIREN

    def test_closed_company(self, sirene_client):
        info = sirene_client.get_siren(fake.CLOSED_SIREN)

        assert info.siren == fake.CLOSED_SIREN
        assert info.active is False
        assert info.name

    def test_sole_trader_name(self, sirene_client):
        info = sirene_client.get_siren(fake.SOLE_TRADER_SIREN)

        assert info.name == "Jeanne-Marie Le Goff"
        assert info.legal_category_code == "1000"
        assert info.active is True
        assert info.head_office_siret and info.head_office_siret.startswith(fake.SOLE_TRADER_SIREN)

    def test_not_diffusible_company_is_returned_with_withheld_fields(self, sirene_client):
        info = sirene_client.get_siren(fake.NOT_DIFFUSIBLE_SIREN)

        assert info.diffusible is False
        assert info.active is True
        assert info.name == ""
        assert "[ND]" not in repr(info)

    @pytest.mark.parametrize(
        ("number", "error", "code"),
        [
            (fake.UNKNOWN_SIREN, SireneNotFound, "not_found"),
            (fake.PROTECTED_SIREN, SireneNotDiffusible, "not_diffusible"),
            (fake.RATE_LIMITED_SIREN, SireneRateLimited, "rate_limited"),
            (fake.UNAVAILABLE_SIREN, SireneUnavailable, "unavailable"),
        ],
    )
    def test_register_errors(self, sirene_client, number, error, code):
        with pytest.raises(error) as excinfo:
            sirene_client.get_siren(number)

        assert isinstance(excinfo.value, SireneError)
        assert excinfo.value.code == code

    @pytest.mark.parametrize(
        "number",
        ["123456789", "12345678", "1234567820", "abcdefghi", "", "12345678200010", "12345-678-2"],
    )
    def test_invalid_identifier_makes_no_call(self, sirene_client, sirene_calls, number):
        with pytest.raises(SireneInvalidIdentifier) as excinfo:
            sirene_client.get_siren(number)

        assert excinfo.value.code == "invalid"
        assert sirene_calls() == 0


class TestGetSiret:
    def test_demo_head_office_address(self, sirene_client):
        info = sirene_client.get_siret(fake.DEMO_HEAD_OFFICE_SIRET)

        assert isinstance(info, SiretInfo)
        assert info.siret == fake.DEMO_HEAD_OFFICE_SIRET
        assert info.siren == fake.DEMO_SIREN
        assert fold(info.name) == fold("Cinéma et Librairie Démo")
        assert info.legal_category_code == "5710"
        assert info.ape_code == "59.14Z"
        assert info.active is True
        assert info.diffusible is True
        assert info.is_head_office is True
        assert info.address.street == "12 Rue de la Paix"
        assert info.address.postal_code == "75002"
        assert info.address.city == "Paris"
        assert info.address.insee_code == "75102"

    def test_demo_secondary_establishment(self, sirene_client):
        info = sirene_client.get_siret(fake.DEMO_SECONDARY_SIRET)

        assert info.siren == fake.DEMO_SIREN
        assert fold(info.name) == fold("Librairie Démo Lyon")
        assert info.is_head_office is False
        assert info.active is True
        assert info.ape_code == "47.61Z"
        # The register writes street names in capitals without accents.
        assert fold(info.address.street) == fold("3 Place du Marché")
        assert info.address.postal_code == "69002"
        assert info.address.city == "Lyon"
        assert info.address.insee_code == "69382"

    def test_head_office_of_any_company(self, sirene_client):
        info = sirene_client.get_siret(ACTIVE_HEAD_OFFICE_SIRET)

        assert info.siren == ACTIVE_SIREN
        assert info.is_head_office is True
        assert info.active is True
        assert info.name.strip()
        assert APE_CODE.match(info.ape_code)
        assert LEGAL_CATEGORY.match(info.legal_category_code)
        assert re.match(r"^\d+ ", info.address.street)
        assert re.match(r"^\d{5}$", info.address.postal_code)
        assert info.address.city
        assert re.match(r"^(\d{5}|2[AB]\d{3})$", info.address.insee_code)

    def test_closed_establishment(self, sirene_client):
        info = sirene_client.get_siret(fake.CLOSED_SIRET)

        assert info.siret == fake.CLOSED_SIRET
        assert info.siren == fake.CLOSED_SIRET[:9]
        assert info.active is False
        assert info.is_head_office is False

    def test_overseas_establishment(self, sirene_client):
        info = sirene_client.get_siret(fake.OVERSEAS_SIRET)

        assert fold(info.name) == fold("Librairie du Barachois")
        assert info.address.street == "5 Rue de Paris"
        assert info.address.postal_code == "97400"
        assert info.address.city == "Saint-Denis"
        assert info.address.insee_code == "97411"
        assert info.is_head_office is True

    def test_corsican_establishment(self, sirene_client):
        info = sirene_client.get_siret(fake.CORSICA_SIRET)

        assert fold(info.name) == fold("Théâtre du Golfe")
        assert fold(info.address.street) == fold("12 Cours Napoléon")
        assert info.address.postal_code == "20000"
        assert info.address.city == "Ajaccio"
        assert info.address.insee_code == "2A004"
        assert info.legal_category_code == "9220"

    def test_not_diffusible_establishment_keeps_only_the_municipality(self, sirene_client):
        info = sirene_client.get_siret(fake.head_office_siret(fake.NOT_DIFFUSIBLE_SIREN))

        assert info.diffusible is False
        assert info.name == ""
        assert info.address.street == ""
        assert info.address.postal_code == "13200"
        assert info.address.city == "Arles"
        assert "[ND]" not in repr(info)

    @pytest.mark.parametrize(
        ("siren", "error"),
        [
            (fake.UNKNOWN_SIREN, SireneNotFound),
            (fake.PROTECTED_SIREN, SireneNotDiffusible),
            (fake.RATE_LIMITED_SIREN, SireneRateLimited),
            (fake.UNAVAILABLE_SIREN, SireneUnavailable),
        ],
    )
    def test_establishments_of_reserved_sirens_raise_alike(self, sirene_client, siren, error):
        with pytest.raises(error):
            sirene_client.get_siret(fake.head_office_siret(siren))

    @pytest.mark.parametrize(
        "number", ["12345678200011", "1234567820001", "123456782", "1234567820001A", "", "123456782000100"]
    )
    def test_invalid_identifier_makes_no_call(self, sirene_client, sirene_calls, number):
        with pytest.raises(SireneInvalidIdentifier):
            sirene_client.get_siret(number)

        assert sirene_calls() == 0
