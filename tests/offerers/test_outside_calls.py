"""The register (Sirene) and the geocoder are never called inside a transaction: on SQLite (IMMEDIATE
transactions) a slow outside call would hold every writer. Real transactions here, no test-wide atomic block."""

import pytest
from django.db import connection

from passculture.connectors.geocoding.fake import FakeGeocodingClient
from passculture.connectors.sirene.fake import DEMO_SECONDARY_SIRET, DEMO_SIREN, FakeSireneClient
from passculture.offerers import errors, services
from passculture.offerers.models import Offerer, VenueType
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

CALLS: list[tuple[str, bool]] = []  # (method, inside a transaction?)


def _watched(name: str, method):
    def call(self, *args, **kwargs):
        CALLS.append((name, connection.in_atomic_block))
        return method(self, *args, **kwargs)

    return call


class WatchedSirene(FakeSireneClient):
    get_siren = _watched("get_siren", FakeSireneClient.get_siren)
    get_siret = _watched("get_siret", FakeSireneClient.get_siret)


class WatchedGeocoder(FakeGeocodingClient):
    geocode = _watched("geocode", FakeGeocodingClient.geocode)


@pytest.fixture(autouse=True)
def watched(settings):
    settings.SIRENE_BACKEND = f"{__name__}.WatchedSirene"
    settings.GEOCODING_BACKEND = f"{__name__}.WatchedGeocoder"
    CALLS.clear()
    yield CALLS
    CALLS.clear()


def called(*names: str) -> list[bool]:
    """Whether each call of the named methods happened inside a transaction."""
    return [inside for name, inside in CALLS if name in names]


def test_pro_signup_asks_the_register_before_its_transaction(watched):
    membership = services.pro_signup(
        email="zoe@example.net", password=factories.PASSWORD, first_name="Zoé", last_name="Durand",
        phone="0612345678", structure_name="Mon cinéma", siren=DEMO_SIREN,
    )  # fmt: skip
    assert Offerer.objects.filter(pk=membership.offerer_id).exists()
    assert called("get_siren") and not any(called("get_siren", "get_siret"))


def test_venue_create_checks_the_siret_and_geocodes_before_its_transaction(watched):
    offerer = factories.OffererFactory(siren=DEMO_SIREN)
    pro = factories.UserFactory()
    venue = services.venue_create(offerer, pro, siret=DEMO_SECONDARY_SIRET, name="", venue_type=VenueType.BOOKSTORE)
    assert venue.pk is not None
    assert called("get_siret") and called("geocode")
    assert not any(called("get_siret", "geocode"))


def test_venue_update_geocodes_and_checks_a_new_siret_before_its_transaction(watched):
    offerer = factories.OffererFactory(siren=DEMO_SIREN)
    pro = factories.UserFactory()
    venue = factories.VenueFactory(offerer=offerer, siret=None, no_siret_comment="En cours")
    services.venue_update(
        venue.pk, pro, siret=DEMO_SECONDARY_SIRET, street="3 Rue des Arts", postal_code="35000", city="Rennes"
    )
    venue.refresh_from_db()
    assert venue.siret == DEMO_SECONDARY_SIRET and venue.city == "Rennes"
    assert called("get_siret") and called("geocode")
    assert not any(called("get_siret", "geocode"))


def test_venue_update_prepares_again_when_the_venue_changed_meanwhile(watched, monkeypatch):
    venue = factories.VenueFactory()
    pro = factories.UserFactory()
    prepare = services._prepare_venue_update
    edits = iter(["Changé ailleurs"])

    def someone_else_edits_first(*args):
        result = prepare(*args)
        name = next(edits, None)
        if name is not None:
            type(venue).objects.filter(pk=venue.pk).update(name=name)
        return result

    monkeypatch.setattr(services, "_prepare_venue_update", someone_else_edits_first)
    services.venue_update(venue.pk, pro, public_name="Le Rex")
    venue.refresh_from_db()
    assert (venue.name, venue.public_name) == ("Changé ailleurs", "Le Rex")


def test_venue_update_gives_up_when_the_venue_keeps_changing(watched, monkeypatch):
    venue = factories.VenueFactory()
    prepare = services._prepare_venue_update
    names = iter(range(100))

    def someone_else_always_edits_first(*args):
        result = prepare(*args)
        type(venue).objects.filter(pk=venue.pk).update(name=f"Changé {next(names)}")
        return result

    monkeypatch.setattr(services, "_prepare_venue_update", someone_else_always_edits_first)
    with pytest.raises(errors.VenueChangedMeanwhile):
        services.venue_update(venue.pk, factories.UserFactory(), public_name="Le Rex")
    venue.refresh_from_db()
    assert venue.public_name != "Le Rex"
