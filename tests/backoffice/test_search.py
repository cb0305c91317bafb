import pytest
from django.urls import reverse

from passculture.core.audit import log_action
from passculture.offerers.models import MembershipStatus, OffererStatus
from tests import factories
from tests.html import element, links

SEARCH = reverse("backoffice:search")


@pytest.fixture
def bookshop(db):
    offerer = factories.OffererFactory(name="Librairie Mollat", city="Bordeaux", status=OffererStatus.NEW)
    factories.VenueFactory(offerer=offerer, name="Mollat Saint-Christoly")
    return offerer


def test_empty_search_page(staff_client):
    response = staff_client.get(SEARCH)
    assert response.status_code == 200
    assert "fr-label" in element(response, "label[for=id_q]").classes


@pytest.mark.parametrize("query", ["mollat", "Bordeaux"])
def test_finds_structures_by_name_or_city(staff_client, bookshop, offerer, query):
    response = staff_client.get(SEARCH, {"q": query})
    assert response.context["tab"] == "structures"
    assert bookshop.name in response.text
    assert offerer.name not in response.text
    assert reverse("backoffice:offerer-detail", args=[bookshop.pk]) in response.text
    assert "Nouvelle" in response.text


def test_finds_a_structure_by_siren_with_spaces(staff_client, bookshop):
    siren = bookshop.siren
    response = staff_client.get(SEARCH, {"q": f"{siren[:3]} {siren[3:6]} {siren[6:]}"})
    assert list(response.context["page"]) == [bookshop]


def test_finds_a_structure_by_siret(staff_client, bookshop):
    siret = bookshop.venues.get(is_virtual=False).siret
    response = staff_client.get(SEARCH, {"q": siret})
    assert list(response.context["page"]) == [bookshop]


def test_finds_users_by_email(staff_client, bookshop, pro):
    response = staff_client.get(SEARCH, {"q": pro.email})
    assert response.context["tab"] == "utilisateurs"
    assert reverse("backoffice:user-detail", args=[pro.pk]) in response.text
    assert "Utilisateurs (1)" in response.text
    assert "Structures (0)" in response.text


def test_switch_tab(staff_client, bookshop, pro):
    response = staff_client.get(SEARCH, {"q": "Martin", "type": "utilisateurs"})
    assert pro in list(response.context["page"])
    response = staff_client.get(SEARCH, {"q": "Martin", "type": "structures"})
    assert list(response.context["page"]) == []
    assert "Aucune structure trouvée." in response.text


def test_results_are_paginated(staff_client, db):
    for _ in range(30):
        factories.OffererFactory(name="Théâtre municipal")
    response = staff_client.get(SEARCH, {"q": "théâtre"})
    assert len(response.context["page"].object_list) == 25
    assert any("q=th%C3%A9%C3%A2tre&type=structures&page=2" in href for href in links(response))
    response = staff_client.get(SEARCH, {"q": "théâtre", "type": "structures", "page": 2})
    assert len(response.context["page"].object_list) == 5


class TestUserDetail:
    def test_profile_verification_memberships_and_audit(self, staff_client, staff, pending_membership, pro):
        person = pending_membership.user
        person.email_verified_at = None
        person.save()
        other = factories.OffererFactory(name="Cinéma Le Rex")
        factories.MembershipFactory(user=person, offerer=other, status=MembershipStatus.REJECTED)
        log_action(staff, "user.updated", person, {"phone": "0600000000"})
        log_action(person, "venue.created", other, {"siret": "x"})
        response = staff_client.get(reverse("backoffice:user-detail", args=[person.pk]))
        assert response.status_code == 200
        text = response.text
        assert "newcomer@example.net" in text
        assert "Lou Durand" in text
        assert "Email non vérifié" in text
        assert pending_membership.offerer.name in text
        assert "Cinéma Le Rex" in text
        assert "Refusé" in text
        assert reverse("backoffice:membership-validate", args=[pending_membership.pk]) in text
        assert "user.updated" in text  # what was done to the account
        assert "venue.created" in text  # what the user did
        assert reverse("backoffice:offerer-detail", args=[other.pk]) in text

    def test_verified_user(self, staff_client, pro):
        response = staff_client.get(reverse("backoffice:user-detail", args=[pro.pk]))
        assert "Email vérifié" in response.text
        assert "Vérifié le" in response.text
