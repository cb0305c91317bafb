from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passculture.core.models import AuditLogEntry
from passculture.offerers.models import MembershipStatus
from tests import factories

LIST = reverse("backoffice:attachment-requests")


def decide(action, membership):
    return reverse(f"backoffice:membership-{action}", args=[membership.pk])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_lists_pending_requests(staff_client, pending_membership, pro):
    response = staff_client.get(LIST)
    assert response.status_code == 200
    text = response.text
    assert "newcomer@example.net" in text
    assert "Lou Durand" in text
    assert pending_membership.offerer.name in text
    assert reverse("backoffice:offerer-detail", args=[pending_membership.offerer.pk]) in text
    assert decide("validate", pending_membership) in text
    assert decide("reject", pending_membership) in text
    assert "0 jour" in text
    assert pro.email not in text  # already a validated member


def test_validate(staff_client, staff, pending_membership, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(decide("validate", pending_membership), follow=True)
    assert response.redirect_chain[-1][0] == LIST
    pending_membership.refresh_from_db()
    assert pending_membership.status == MembershipStatus.VALIDATED
    assert pending_membership.decided_by == staff
    assert AuditLogEntry.objects.filter(action="membership.validated", actor=staff).exists()
    assert [m.to for m in mail.outbox] == [["newcomer@example.net"]]
    assert messages_of(response) == [
        f"Le rattachement de newcomer@example.net à la structure {pending_membership.offerer.name} "
        "a été validé : un email lui a été envoyé."
    ]
    assert "Aucune demande de rattachement en attente." in response.text


def test_reject(staff_client, staff, pending_membership, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(decide("reject", pending_membership), follow=True)
    pending_membership.refresh_from_db()
    assert pending_membership.status == MembershipStatus.REJECTED
    assert AuditLogEntry.objects.filter(action="membership.rejected", actor=staff).exists()
    assert [m.to for m in mail.outbox] == [["newcomer@example.net"]]
    assert "a été refusée" in messages_of(response)[0]


def test_already_decided(staff_client, pending_membership, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(decide("validate", pending_membership))
        response = staff_client.post(decide("reject", pending_membership), follow=True)
    assert messages_of(response)[-1] == "Cette demande de rattachement a déjà été traitée."
    pending_membership.refresh_from_db()
    assert pending_membership.status == MembershipStatus.VALIDATED
    assert len(mail.outbox) == 1


def test_back_to_the_page_it_came_from(staff_client, pending_membership, django_capture_on_commit_callbacks):
    detail = reverse("backoffice:offerer-detail", args=[pending_membership.offerer.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(decide("validate", pending_membership), {"next": detail})
    assert response["Location"] == detail


def test_next_outside_the_site_is_ignored(staff_client, pending_membership, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(decide("reject", pending_membership), {"next": "https://evil.example"})
    assert response["Location"] == LIST


def test_query_count_does_not_grow(staff_client, pending_membership):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(LIST).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(10):
        factories.MembershipFactory(status=MembershipStatus.PENDING)
    assert queries() == few
