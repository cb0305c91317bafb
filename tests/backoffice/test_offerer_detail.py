import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passculture.connectors.sirene import SireneUnavailable
from passculture.connectors.sirene.fake import DEMO_SIREN, UNAVAILABLE_SIREN, FakeSireneClient
from passculture.offerers import services
from passculture.offerers.models import MembershipStatus, OffererStatus
from tests import factories
from tests.html import visible_text


def detail(offerer):
    return reverse("backoffice:offerer-detail", args=[offerer.pk])


class HeadOfficeDownSirene(FakeSireneClient):
    """The legal unit answers, the establishment endpoint is down."""

    def get_siret(self, siret):
        raise SireneUnavailable()


class RegisterDownSirene:
    is_fake = True

    def get_siren(self, siren):
        raise SireneUnavailable()

    def get_siret(self, siret):
        raise SireneUnavailable()


def test_shows_the_request_and_the_register_side_by_side(staff_client, db, staff):
    offerer = factories.OffererFactory(
        siren=DEMO_SIREN,
        status=OffererStatus.NEW,
        name="Cinéma Démo (nom saisi)",
        declared_name="Le Ciné de la Démo",
        city="Paris",
    )
    response = staff_client.get(detail(offerer))
    assert response.status_code == 200
    text = response.text
    assert "Déclaré à l'inscription" in visible_text(text)
    assert "Répertoire Sirene (en direct)" in text
    assert "Le Ciné de la Démo" in text  # declared
    assert "Cinéma Démo (nom saisi)" in text  # stored
    assert "Cinéma et Librairie Démo" in text  # live from the register
    assert "12 Rue de la Paix" in text  # head office address, live
    assert "Active au répertoire" in text
    assert "Différent" in text
    rows = {row.label: row for row in response.context["sirene"].rows}
    assert rows["Nom"].differs
    assert not rows["SIREN"].differs
    assert response.context["sirene"].siren_notice is None


def test_register_down_shows_a_notice_instead_of_crashing(staff_client, db):
    offerer = factories.OffererFactory(siren=UNAVAILABLE_SIREN, status=OffererStatus.NEW)
    response = staff_client.get(detail(offerer))
    assert response.status_code == 200
    assert "Le répertoire Sirene de l'INSEE est indisponible" in visible_text(response)
    assert "<code>unavailable</code>" in response.text
    assert offerer.name in response.text  # what we stored is still shown


@override_settings(SIRENE_BACKEND="tests.backoffice.test_offerer_detail.RegisterDownSirene")
def test_register_down_with_a_test_double(staff_client, new_offerer):
    response = staff_client.get(detail(new_offerer))
    assert response.status_code == 200
    assert response.context["sirene"].siren_notice.code == "unavailable"
    assert "indisponible" in response.text


@override_settings(SIRENE_BACKEND="tests.backoffice.test_offerer_detail.HeadOfficeDownSirene")
def test_head_office_down_still_shows_the_legal_unit(staff_client, new_offerer):
    response = staff_client.get(detail(new_offerer))
    assert response.status_code == 200
    sirene = response.context["sirene"]
    assert sirene.siren_info is not None
    assert sirene.siret_notice.code == "unavailable"
    assert "Siège social" in response.text


@pytest.mark.parametrize(
    ("reserved", "code", "text"),
    [
        ("UNKNOWN_SIREN", "not_found", "inconnu du répertoire"),
        ("PROTECTED_SIREN", "not_diffusible", "pas diffusible"),
        ("RATE_LIMITED_SIREN", "rate_limited", "trop de demandes"),
    ],
)
def test_each_register_error_has_its_french_notice(staff_client, db, reserved, code, text):
    from passculture.connectors.sirene import fake

    offerer = factories.OffererFactory(siren=getattr(fake, reserved), status=OffererStatus.NEW)
    response = staff_client.get(detail(offerer))
    assert response.status_code == 200
    assert f"<code>{code}</code>" in response.text
    assert text in response.text


def test_flag_when_sirene_was_down_at_signup(staff_client, db):
    offerer = factories.OffererFactory(status=OffererStatus.NEW, sirene_check_pending=True)
    response = staff_client.get(detail(offerer))
    assert "Sirene indisponible à l'inscription : vérifier à la main" in response.text


def test_members_requests_venues_history_and_audit_trail(
    staff_client, staff, new_offerer, requester, django_capture_on_commit_callbacks
):
    venue = factories.VenueFactory(offerer=new_offerer, name="Librairie des Quais - Bordeaux")
    newcomer = factories.UserFactory(email="join@example.net")
    factories.MembershipFactory(offerer=new_offerer, user=newcomer, status=MembershipStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        services.offerer_put_on_hold(new_offerer.pk, staff, "Envoyez un Kbis de moins de 6 mois")
    response = staff_client.get(detail(new_offerer))
    text = response.text
    assert requester.email in text
    assert "join@example.net" in text
    assert reverse("backoffice:membership-validate", args=[newcomer.memberships.get().pk]) in text
    assert venue.name in text
    assert "Offre numérique" in text
    assert "Envoyez un Kbis de moins de 6 mois" in text  # status history
    assert "offerer.pending" in text  # audit trail
    assert staff.email in text


def test_actions_offered_follow_the_status(staff_client, new_offerer, offerer):
    pending_page = staff_client.get(detail(new_offerer)).text
    for action in ("validate", "hold", "reject", "close"):
        assert reverse(f"backoffice:offerer-{action}", args=[new_offerer.pk]) in pending_page
    validated_page = staff_client.get(detail(offerer)).text
    assert reverse("backoffice:offerer-validate", args=[offerer.pk]) not in validated_page
    assert reverse("backoffice:offerer-reject", args=[offerer.pk]) in validated_page


def test_query_count_does_not_grow_with_members_and_venues(staff_client, new_offerer):
    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(detail(new_offerer)).status_code == 200
        return len(queries)

    few = page_queries()
    for n in range(5):
        factories.VenueFactory(offerer=new_offerer)
        factories.MembershipFactory(offerer=new_offerer)
        factories.MembershipFactory(offerer=new_offerer, status=MembershipStatus.PENDING)
    assert page_queries() == few
