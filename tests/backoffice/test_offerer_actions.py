"""Validate / put on hold / reject / close a structure from its back-office page."""

import pytest
from django.core import mail
from django.urls import reverse

from passculture.core.models import AuditLogEntry
from passculture.offerers.models import OffererStatus, OffererStatusChange
from tests.html import visible_text


def url(action, offerer):
    return reverse(f"backoffice:offerer-{action}", args=[offerer.pk])


def detail(offerer):
    return reverse("backoffice:offerer-detail", args=[offerer.pk])


def assert_unchanged(offerer, status=OffererStatus.NEW, history=1):
    offerer.refresh_from_db()
    assert offerer.status == status
    assert OffererStatusChange.objects.filter(offerer=offerer).count() == history - 1  # factories add none
    assert len(mail.outbox) == 0


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


class TestValidate:
    def test_validates_records_history_audit_and_sends_the_activation_mail(
        self, staff_client, staff, new_offerer, requester, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(url("validate", new_offerer), {"validate-comment": "Kbis vérifié"})
        assert response.status_code == 302
        assert response["Location"] == detail(new_offerer)
        new_offerer.refresh_from_db()
        assert new_offerer.status == OffererStatus.VALIDATED
        change = OffererStatusChange.objects.get(offerer=new_offerer)
        assert (change.from_status, change.to_status, change.author, change.comment) == (
            "NEW",
            "VALIDATED",
            staff,
            "Kbis vérifié",
        )
        entry = AuditLogEntry.objects.get(action="offerer.validated")
        assert entry.actor == staff
        assert entry.target_id == str(new_offerer.pk)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [requester.email]

    def test_success_message_in_french(self, staff_client, new_offerer, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(url("validate", new_offerer), follow=True)
        assert messages_of(response) == [
            "La structure Librairie des Quais a été validée : un email d'activation a été envoyé."
        ]
        assert "Librairie des Quais a été validée" in response.text

    def test_comment_is_optional(self, staff_client, new_offerer, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            staff_client.post(url("validate", new_offerer))
        new_offerer.refresh_from_db()
        assert new_offerer.status == OffererStatus.VALIDATED

    def test_validating_an_already_validated_structure_is_refused_clearly(
        self, staff_client, offerer, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(url("validate", offerer), follow=True)
        assert response.status_code == 200
        assert messages_of(response) == ["Cette structure est déjà « Validée » : l'action demandée n'est pas possible."]
        assert_unchanged(offerer, OffererStatus.VALIDATED)
        assert not AuditLogEntry.objects.filter(action="offerer.validated").exists()

    def test_validates_a_structure_put_on_hold(self, staff_client, new_offerer, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            staff_client.post(url("hold", new_offerer), {"hold-comment": "Kbis ?"})
            staff_client.post(url("validate", new_offerer))
        new_offerer.refresh_from_db()
        assert new_offerer.status == OffererStatus.VALIDATED
        assert new_offerer.status_changes.count() == 2


class TestPutOnHold:
    def test_puts_on_hold_and_sends_the_comment(
        self, staff_client, staff, new_offerer, requester, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(
                url("hold", new_offerer), {"hold-comment": "Merci d'envoyer les statuts de l'association"}
            )
        assert response.status_code == 302
        new_offerer.refresh_from_db()
        assert new_offerer.status == OffererStatus.PENDING
        change = new_offerer.status_changes.get()
        assert change.comment == "Merci d'envoyer les statuts de l'association"
        assert AuditLogEntry.objects.filter(action="offerer.pending", actor=staff).exists()
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [requester.email]
        assert "statuts de l'association" in mail.outbox[0].body

    @pytest.mark.parametrize("comment", ["", "   "])
    def test_comment_is_required(self, staff_client, new_offerer, django_capture_on_commit_callbacks, comment):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(url("hold", new_offerer), {"hold-comment": comment})
        assert response.status_code == 400
        assert "Indiquez ce que la structure doit fournir" in response.text
        assert "fr-input-group--error" in response.text
        assert "L'action n'a pas été effectuée" in visible_text(response)
        assert_unchanged(new_offerer)
        assert not AuditLogEntry.objects.filter(action="offerer.pending").exists()


class TestReject:
    def test_rejects_and_sends_the_reason(
        self, staff_client, staff, new_offerer, requester, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(
                url("reject", new_offerer), {"reject-comment": "Activité hors du champ culturel"}, follow=True
            )
        new_offerer.refresh_from_db()
        assert new_offerer.status == OffererStatus.REJECTED
        assert new_offerer.status_changes.get().comment == "Activité hors du champ culturel"
        assert AuditLogEntry.objects.filter(action="offerer.rejected", actor=staff).exists()
        assert [m.to for m in mail.outbox] == [[requester.email]]
        assert "Activité hors du champ culturel" in mail.outbox[0].body
        assert messages_of(response) == [
            "La structure Librairie des Quais a été rejetée : le motif lui a été envoyé par email."
        ]

    def test_reason_is_required(self, staff_client, new_offerer, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(url("reject", new_offerer), {"reject-comment": ""})
        assert response.status_code == 400
        assert "Indiquez le motif du rejet" in response.text
        assert 'id="id_reject-comment-errors"' in response.text
        assert_unchanged(new_offerer)

    def test_a_rejected_structure_cannot_be_rejected_again(
        self, staff_client, new_offerer, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            staff_client.post(url("reject", new_offerer), {"reject-comment": "Hors champ"})
            response = staff_client.post(url("reject", new_offerer), {"reject-comment": "Encore"}, follow=True)
        # The first success message was never displayed; the refusal comes after it.
        assert messages_of(response)[-1] == (
            "Cette structure est déjà « Rejetée » : l'action demandée n'est pas possible."
        )
        assert new_offerer.status_changes.count() == 1
        assert len(mail.outbox) == 1


class TestClose:
    def test_first_post_asks_for_confirmation_and_changes_nothing(
        self, staff_client, offerer, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(url("close", offerer), {"close-comment": "Cessation d'activité"})
        assert response.status_code == 200
        assert "Confirmer la fermeture" in response.text
        assert "Cessation d'activité" in visible_text(response)  # the reason is carried to the confirmation
        assert 'name="close-confirmed"' in response.text
        assert_unchanged(offerer, OffererStatus.VALIDATED)

    def test_confirmed_close(self, staff_client, staff, offerer, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(
                url("close", offerer),
                {"close-comment": "Cessation d'activité", "close-confirmed": "on"},
                follow=True,
            )
        offerer.refresh_from_db()
        assert offerer.status == OffererStatus.CLOSED
        change = offerer.status_changes.get()
        assert (change.from_status, change.to_status, change.author) == ("VALIDATED", "CLOSED", staff)
        entry = AuditLogEntry.objects.get(action="offerer.closed")
        assert entry.data["before"] == "VALIDATED"
        assert messages_of(response) == ["La structure " + offerer.name + " a été fermée."]
        # No more actions on a closed structure.
        assert url("close", offerer) not in response.text

    @pytest.mark.parametrize("confirmed", ["", "on"])
    def test_reason_is_required(self, staff_client, offerer, django_capture_on_commit_callbacks, confirmed):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(url("close", offerer), {"close-comment": " ", "close-confirmed": confirmed})
        assert response.status_code == 400
        assert "Indiquez le motif de la fermeture." in response.text
        assert_unchanged(offerer, OffererStatus.VALIDATED)

    def test_closing_twice_is_refused(self, staff_client, offerer, django_capture_on_commit_callbacks):
        data = {"close-comment": "Doublon", "close-confirmed": "on"}
        with django_capture_on_commit_callbacks(execute=True):
            staff_client.post(url("close", offerer), data)
            response = staff_client.post(url("close", offerer), data, follow=True)
        assert "déjà « Fermée »" in messages_of(response)[-1]
        assert offerer.status_changes.count() == 1
