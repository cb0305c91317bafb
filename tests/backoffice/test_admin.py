"""The Django admin: read-mostly, for superusers."""

import pytest
from django.urls import reverse

from passculture.core.audit import log_action
from passculture.core.models import StoredEmail
from passculture.offerers.models import MembershipStatus
from tests import factories

MODELS = [
    "core_auditlogentry",
    "core_storedemail",
    "accounts_user",
    "offerers_offerer",
    "offerers_offererstatuschange",
    "offerers_membership",
    "offerers_invitation",
    "offerers_venue",
]


@pytest.fixture
def data(db, staff, offerer, venue, pro):
    log_action(staff, "offerer.validated", offerer)
    StoredEmail.objects.create(from_email="a@example.net", to="b@example.net", subject="Bonjour", body_text="…")
    factories.MembershipFactory(offerer=offerer, status=MembershipStatus.PENDING)
    offerer.status_changes.create(to_status="VALIDATED", author=staff)
    offerer.invitations.create(email="invite@example.net", invited_by=pro)


@pytest.mark.parametrize("model", MODELS)
def test_superuser_lists_and_opens_every_model(superuser_client, data, model):
    changelist = superuser_client.get(reverse(f"admin:{model}_changelist"))
    assert changelist.status_code == 200
    search = superuser_client.get(reverse(f"admin:{model}_changelist"), {"q": "a"})
    assert search.status_code == 200


@pytest.mark.parametrize("model", ["core_auditlogentry", "core_storedemail"])
def test_records_cannot_be_added_or_deleted(superuser_client, data, model):
    assert superuser_client.get(reverse(f"admin:{model}_add")).status_code == 403


def test_audit_entry_is_read_only(superuser_client, data):
    from passculture.core.models import AuditLogEntry

    entry = AuditLogEntry.objects.get()
    url = reverse("admin:core_auditlogentry_change", args=[entry.pk])
    assert superuser_client.get(url).status_code == 200  # view permission only
    assert superuser_client.post(url, {"action": "forged"}).status_code == 403
    assert superuser_client.post(reverse("admin:core_auditlogentry_delete", args=[entry.pk])).status_code == 403
    entry.refresh_from_db()
    assert entry.action == "offerer.validated"


def test_offerer_identifiers_and_status_are_read_only(superuser_client, data, offerer):
    response = superuser_client.get(reverse("admin:offerers_offerer_change", args=[offerer.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "siren" not in form.fields
    assert "status" not in form.fields
    assert "name" in form.fields


def test_plain_staff_does_not_see_the_models(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "Structures" not in response.text
