"""``POST /api/webhooks/dms/bank-details?token=…``: DS tells that a bank details dossier changed
(docs/domain/finance.md#dms-updates)."""

import pytest

from passculture.connectors.dms import DmsState, fake
from passculture.core.models import AuditLogEntry
from passculture.finance.models import BankAccount, BankAccountStatus
from tests.finance.dms import SECRET, dossier_for

pytestmark = pytest.mark.django_db

URL = "/api/webhooks/dms/bank-details"


def notify(client, token=SECRET, **overrides):
    data = {
        "procedure_id": fake.PROCEDURE_NUMBER,
        "dossier_id": fake.ACCEPTED_DOSSIER,
        "state": "accepte",
        "updated_at": "2026-01-08 16:45:00 +0100",
    }
    data.update(overrides)
    query = f"?token={token}" if token is not None else ""
    return client.post(f"{URL}{query}", data)


def test_a_notification_reads_the_dossier_and_applies_it(client, dms_fake, venue):
    dms_fake.add_dossier(dossier_for(venue, state=DmsState.ACCEPTE))

    response = notify(client, dossier_id=3000001, updated_at="2026-02-01T10:00:00Z")

    assert response.status_code == 200
    assert response.json() == {"dossier_id": 3000001, "applied": True, "status": "ACCEPTED"}
    account = BankAccount.objects.get(dms_dossier_id="3000001")
    assert account.offerer == venue.offerer
    assert account.status_changes.get().author_label == "DMS webhook"


@pytest.mark.parametrize("token", [None, "", "wrong", SECRET[:-1], SECRET + "x"])
def test_a_wrong_secret_is_refused_and_nothing_changes(client, dms_fake, token):
    response = notify(client, token=token)

    assert response.status_code == 403
    assert not BankAccount.objects.exists()
    assert not AuditLogEntry.objects.exists()


def test_without_a_configured_secret_every_notification_is_refused(client, dms_fake, settings):
    settings.DMS_WEBHOOK_SECRET = ""

    assert notify(client, token="").status_code == 403
    assert not BankAccount.objects.exists()


def test_the_secret_is_checked_before_the_body(client, dms_fake):
    response = client.post(f"{URL}?token=wrong", {"procedure_id": "x"})

    assert response.status_code == 403


def test_out_of_order_notifications_never_take_a_status_back(client, dms_fake, venue):
    dms_fake.add_dossier(dossier_for(venue, state=DmsState.ACCEPTE))
    assert notify(client, dossier_id=3000001, updated_at="2026-02-01 11:00:00 +0100").json()["applied"] is True

    # The notification of the earlier "en_instruction" arrives late.
    late = notify(client, dossier_id=3000001, state="en_instruction", updated_at="2026-01-30 09:00:00 +0100")

    assert late.status_code == 200
    assert late.json() == {"dossier_id": 3000001, "applied": False, "status": "ACCEPTED"}
    assert BankAccount.objects.get().status == BankAccountStatus.ACCEPTED


def test_the_same_notification_twice_changes_nothing_the_second_time(client, dms_fake):
    first = notify(client)
    entries = AuditLogEntry.objects.count()

    second = notify(client)

    assert first.json()["applied"] is True
    assert second.json()["applied"] is False
    assert AuditLogEntry.objects.count() == entries


def test_a_dossier_of_an_unknown_siret_is_kept_for_staff(client, dms_fake):
    response = notify(client, dossier_id=fake.UNKNOWN_SIRET_DOSSIER, state="en_instruction")

    assert response.status_code == 200
    account = BankAccount.objects.get()
    assert account.offerer is None
    assert account.applicant_siret == fake.UNKNOWN_SIRET


@pytest.mark.parametrize(
    "overrides, status, field",
    [
        ({"procedure_id": 12345}, 400, "procedure_id"),
        ({"state": "en_attente"}, 400, "global"),
        ({"updated_at": "08/01/2026"}, 400, "updated_at"),
        ({"updated_at": "2026-01-08 16:45:00"}, 400, "updated_at"),
        ({"dossier_id": fake.UNKNOWN_DOSSIER}, 404, "dossier_id"),
        ({"dossier_id": fake.UNAVAILABLE_DOSSIER}, 503, "global"),
        ({"dossier_id": fake.RATE_LIMITED_DOSSIER}, 503, "global"),
    ],
)
def test_refusals_say_why_and_change_nothing(client, dms_fake, overrides, status, field):
    response = notify(client, **overrides)

    assert response.status_code == status
    assert list(response.json()) == [field]
    assert not BankAccount.objects.exists()


def test_a_body_missing_a_field_is_refused(client, dms_fake):
    response = client.post(f"{URL}?token={SECRET}", {"procedure_id": fake.PROCEDURE_NUMBER})

    assert response.status_code == 422
    assert not BankAccount.objects.exists()


def test_only_post_is_answered(client, dms_fake):
    assert client.get(f"{URL}?token={SECRET}").status_code == 405


def test_the_webhook_is_documented(client):
    operation = client.get("/api/openapi.json").json()["paths"][URL]["post"]

    assert set(operation["responses"]) >= {"200", "400", "403", "404", "503"}
    assert "application/x-www-form-urlencoded" in operation["requestBody"]["content"]
