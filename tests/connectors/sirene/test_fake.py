"""What only the fake promises: every valid number exists, deterministically; reserved numbers are sound."""

import re

import pytest
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from passculture.connectors import is_fake
from passculture.connectors.sirene import fake
from passculture.connectors.sirene.fake import FakeSireneClient

RESERVED_SIRENS = [
    fake.DEMO_SIREN,
    fake.UNKNOWN_SIREN,
    fake.CLOSED_SIREN,
    fake.NOT_DIFFUSIBLE_SIREN,
    fake.PROTECTED_SIREN,
    fake.RATE_LIMITED_SIREN,
    fake.UNAVAILABLE_SIREN,
    fake.SOLE_TRADER_SIREN,
    fake.OVERSEAS_SIREN,
    fake.CORSICA_SIREN,
]
RESERVED_SIRETS = [
    fake.DEMO_HEAD_OFFICE_SIRET,
    fake.DEMO_SECONDARY_SIRET,
    fake.CLOSED_SIRET,
    fake.OVERSEAS_SIRET,
    fake.CORSICA_SIRET,
]
SOME_SIRENS = ["732829320", "552100554", "443061841", "356000000", "000000000"]


@pytest.fixture
def client():
    return FakeSireneClient()


def test_is_fake():
    assert FakeSireneClient.is_fake is True
    assert is_fake(FakeSireneClient())


def test_reserved_numbers_are_valid_and_distinct():
    assert all(stdnum_siren.is_valid(number) for number in RESERVED_SIRENS)
    assert all(stdnum_siret.is_valid(number) for number in RESERVED_SIRETS)
    assert len(set(RESERVED_SIRENS)) == len(RESERVED_SIRENS)
    assert fake.CLOSED_SIRET[:9] not in RESERVED_SIRENS


def test_documented_values():
    assert fake.UNKNOWN_SIREN == "999999998"
    assert fake.CLOSED_SIREN == "111111118"
    assert fake.NOT_DIFFUSIBLE_SIREN == "222222226"
    assert fake.PROTECTED_SIREN == "333333334"
    assert fake.RATE_LIMITED_SIREN == "444444442"
    assert fake.UNAVAILABLE_SIREN == "555555556"
    assert fake.SOLE_TRADER_SIREN == "666666664"
    assert fake.CLOSED_SIRET == "77777777200024"
    assert fake.OVERSEAS_SIRET == "97400000200010"
    assert fake.CORSICA_SIRET == "20000000800017"
    assert fake.head_office_siret(fake.DEMO_SIREN) == fake.DEMO_HEAD_OFFICE_SIRET


@pytest.mark.parametrize("siren", SOME_SIRENS)
def test_any_valid_siren_is_an_active_cultural_structure(client, siren):
    info = client.get_siren(siren)

    assert info.active is True
    assert info.diffusible is True
    assert re.match(r"^\w", info.name)
    assert re.match(r"^\d{2}\.\d{2}[A-Z]$", info.ape_code)
    assert re.match(r"^\d{4}$", info.legal_category_code)
    assert stdnum_siret.is_valid(info.head_office_siret)
    assert info.head_office_siret.startswith(siren)
    assert info == client.get_siren(siren) == FakeSireneClient().get_siren(siren)


def test_generated_names_vary(client):
    names = {client.get_siren(siren).name for siren in SOME_SIRENS}

    assert len(names) > 1


@pytest.mark.parametrize("siren", SOME_SIRENS)
def test_head_office_is_in_the_structure_s_city(client, siren):
    structure = client.get_siren(siren)
    head_office = client.get_siret(structure.head_office_siret)

    assert head_office.is_head_office is True
    assert head_office.name == structure.name
    assert head_office.address.city in structure.name or head_office.address.city == "Le Mans"
    assert re.match(r"^\d+ \w", head_office.address.street)
    assert re.match(r"^\d{5}$", head_office.address.postal_code)
    assert head_office == client.get_siret(structure.head_office_siret)


def test_secondary_establishments_are_deterministic(client):
    siret = "73282932000025"

    first = client.get_siret(siret)

    assert first.is_head_office is False
    assert first.siren == "732829320"
    assert first.active is True
    assert first == FakeSireneClient().get_siret(siret)


def test_closed_siret_belongs_to_an_active_structure(client):
    assert client.get_siren(fake.CLOSED_SIRET[:9]).active is True
    assert client.get_siret(fake.CLOSED_SIRET).active is False


def test_establishments_of_a_closed_structure_are_closed(client):
    assert client.get_siret(fake.head_office_siret(fake.CLOSED_SIREN)).active is False


def test_la_poste_sirets_are_accepted(client):
    # La Poste establishments do not follow the Luhn key; python-stdnum knows the exception.
    assert client.get_siret("35600000049837").siren == "356000000"
