"""The back-office page of the Démarches simplifiées dossiers: those kept without a structure, the state of the
poll, and the staff's actions (docs/domain/finance.md#dms-updates)."""

import datetime

import pytest
from django.urls import reverse

from passculture.connectors.dms import DmsState, fake
from passculture.finance.models import BankAccount, BankAccountStatus
from passculture.finance.services import dms as dms_services
from tests import factories
from tests.finance.dms import dossier_for
from tests.html import visible_text

pytestmark = pytest.mark.django_db

PAGE = reverse("backoffice:dms-dossiers")


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def orphan(dms_fake):
    return dms_services.dms_dossier_sync(fake.PROCEDURE_NUMBER, fake.UNKNOWN_SIRET_DOSSIER).account


def test_staff_see_the_dossiers_without_structure(staff_client, orphan, venue, dms_fake):
    dms_fake.add_dossier(dossier_for(venue))
    dms_services.dms_dossier_sync(fake.PROCEDURE_NUMBER, 3000001)

    response = staff_client.get(PAGE)

    assert response.status_code == 200
    rows = visible_text(response, "tbody")
    assert "314 159 260 00012" in rows or fake.UNKNOWN_SIRET in rows
    assert "Compagnie inconnue" in rows
    assert "Sans structure" in rows
    assert f"Compte {venue.name}" not in rows  # its structure is known
    assert "1 dossier sans structure" in visible_text(response)


def test_all_dossiers_on_demand(staff_client, orphan, venue, dms_fake):
    dms_fake.add_dossier(dossier_for(venue))
    dms_services.dms_dossier_sync(fake.PROCEDURE_NUMBER, 3000001)

    response = staff_client.get(PAGE, {"afficher": "tous"})

    assert f"Compte {venue.name}" in visible_text(response, "tbody")
    assert "2 dossiers" in visible_text(response)


def test_empty_states(staff_client, settings):
    settings.DMS_PROCEDURE_IDS = []

    text = visible_text(staff_client.get(PAGE))

    assert "Aucun dossier sans structure" in text
    assert "Aucune démarche suivie" in text


def test_the_state_of_the_poll_is_shown(staff_client, dms_fake):
    dms_services.dms_poll(fake.PROCEDURE_NUMBER)

    text = visible_text(staff_client.get(PAGE))

    assert str(fake.PROCEDURE_NUMBER) in text
    assert "14/01/2026" in text  # the latest update read


def test_staff_run_the_poll(staff_client, dms_fake):
    response = staff_client.post(reverse("backoffice:dms-sync"), follow=True)

    assert BankAccount.objects.count() == 8
    assert any("8 dossier(s) lu(s), 8 mis à jour" in m for m in messages_of(response))


def test_staff_attach_a_dossier_once_its_structure_signed_up(staff_client, orphan):
    attach = reverse("backoffice:dms-account-attach", args=[orphan.pk])
    refused = staff_client.post(attach, follow=True)
    assert any("Aucune structure inscrite" in m for m in messages_of(refused))
    offerer = factories.OffererFactory(siren=fake.UNKNOWN_SIRET[:9], name="Compagnie enfin inscrite")

    response = staff_client.post(attach, follow=True)

    orphan.refresh_from_db()
    assert orphan.offerer == offerer
    assert any("Compagnie enfin inscrite" in m for m in messages_of(response))


def test_staff_read_a_dossier_again(staff_client, staff, orphan, dms_fake):
    dms_fake.update_dossier(
        fake.UNKNOWN_SIRET_DOSSIER,
        state=DmsState.REFUSE,
        updated_at=datetime.datetime(2026, 1, 20, tzinfo=datetime.UTC),
    )

    response = staff_client.post(reverse("backoffice:dms-dossier-refresh", args=[orphan.pk]), follow=True)

    orphan.refresh_from_db()
    assert orphan.status == BankAccountStatus.REFUSED
    assert orphan.status_changes.first().author == staff
    assert any("mis à jour" in m for m in messages_of(response))


def test_an_upload_account_is_not_a_dms_dossier(staff_client, dms_fake):
    account = factories.BankAccountFactory()

    assert staff_client.post(reverse("backoffice:dms-dossier-refresh", args=[account.pk])).status_code == 404


def test_pros_cannot_see_the_page(pro_client):
    assert pro_client.get(PAGE).status_code in (302, 403, 404)
    assert pro_client.post(reverse("backoffice:dms-sync")).status_code in (302, 403, 404)
