import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from passculture.offerers.models import Offerer, OffererStatus
from tests import factories
from tests.html import links

QUEUE = reverse("backoffice:offerer-queue")


def _age(offerer, days):
    Offerer.objects.filter(pk=offerer.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))


def test_lists_new_and_pending_structures_only(staff_client, new_offerer, offerer):
    on_hold = factories.OffererFactory(status=OffererStatus.PENDING, name="Théâtre en attente")
    rejected = factories.OffererFactory(status=OffererStatus.REJECTED, name="Cirque rejeté")
    response = staff_client.get(QUEUE)
    assert response.status_code == 200
    assert new_offerer.name in response.text
    assert on_hold.name in response.text
    assert offerer.name not in response.text  # validated
    assert rejected.name not in response.text
    assert reverse("backoffice:offerer-detail", args=[new_offerer.pk]) in response.text
    assert "2 demandes" in response.text


def test_row_shows_siren_city_date_age_and_status(staff_client, new_offerer):
    _age(new_offerer, 10)
    response = staff_client.get(QUEUE)
    siren = new_offerer.siren
    assert f"{siren[:3]} {siren[3:6]} {siren[6:]}" in response.text
    assert new_offerer.city in response.text
    assert "10 jours" in response.text
    assert "jours ouvrés" in response.text
    assert "En retard" in response.text
    assert "pc-age-late" in response.text
    assert "Nouvelle" in response.text


def test_a_fresh_request_is_not_late(staff_client, new_offerer):
    response = staff_client.get(QUEUE)
    assert "0 jour (0 jour ouvré)" in response.text
    assert "En retard" not in response.text


def test_oldest_request_first(staff_client, new_offerer):
    older = factories.OffererFactory(status=OffererStatus.NEW, name="Musée ancien")
    _age(older, 3)
    text = staff_client.get(QUEUE).text
    assert text.index("Musée ancien") < text.index(new_offerer.name)


def test_flags_structures_the_register_could_not_check(staff_client, new_offerer):
    factories.OffererFactory(status=OffererStatus.NEW, sirene_check_pending=True, name="Sans Sirene")
    text = staff_client.get(QUEUE).text
    assert text.count("Sirene indisponible à l'inscription : vérifier à la main") == 1


@pytest.mark.parametrize(
    ("statut", "shown", "hidden"),
    [("NEW", "Librairie des Quais", "Théâtre en attente"), ("PENDING", "Théâtre en attente", "Librairie")],
)
def test_filter_by_status(staff_client, new_offerer, statut, shown, hidden):
    factories.OffererFactory(status=OffererStatus.PENDING, name="Théâtre en attente")
    response = staff_client.get(QUEUE, {"statut": statut})
    assert shown in response.text
    assert hidden not in response.text
    assert "1 demande" in response.text


def test_unknown_status_filter_shows_everything(staff_client, new_offerer):
    response = staff_client.get(QUEUE, {"statut": "VALIDATED"})
    assert response.status_code == 200
    assert new_offerer.name in response.text


def test_paginates_by_25_and_keeps_the_filter(staff_client, db):
    for _ in range(30):
        factories.OffererFactory(status=OffererStatus.NEW)
    first = staff_client.get(QUEUE, {"statut": "NEW"})
    assert len(first.context["rows"]) == 25
    assert any("statut=NEW&page=2" in href for href in links(first))
    second = staff_client.get(QUEUE, {"statut": "NEW", "page": 2})
    assert len(second.context["rows"]) == 5


def _queries_for_queue(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(QUEUE).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_queue(staff_client, db):
    def add(n):
        for _ in range(n):
            offerer = factories.OffererFactory(status=OffererStatus.NEW, sirene_check_pending=True)
            factories.MembershipFactory(offerer=offerer)

    add(2)
    few = _queries_for_queue(staff_client)
    add(28)
    many = _queries_for_queue(staff_client)
    assert few == many
    assert many <= 6
