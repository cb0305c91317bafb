"""docs/domain/offerers.md#activation: staff validate, put on hold or reject a structure; its members are mailed."""

import pytest
from django.utils import timezone

from passculture.connectors.sirene.fake import UNAVAILABLE_SIREN, UNKNOWN_SIREN, FakeSireneClient
from passculture.core.audit import audit_trail
from passculture.offerers import errors, services
from passculture.offerers.models import MembershipStatus, OffererStatus
from tests import factories
from tests.offerers.helpers import subjects

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_offerer(db):
    offerer = factories.OffererFactory(status=OffererStatus.NEW, name="Librairie des Quais")
    offerer.member = factories.MembershipFactory(offerer=offerer, user__email="gerant@example.net").user
    offerer.requester = factories.MembershipFactory(
        offerer=offerer, status=MembershipStatus.PENDING, user__email="demande@example.net"
    ).user
    return offerer


class TestValidate:
    @pytest.mark.parametrize("from_status", [OffererStatus.NEW, OffererStatus.PENDING])
    def test_validates_and_tells_the_members(self, new_offerer, staff, committed, mailoutbox, from_status):
        new_offerer.status = from_status
        new_offerer.save()
        before = timezone.now()

        committed(services.offerer_validate, new_offerer.pk, staff, "SIREN vérifié")

        new_offerer.refresh_from_db()
        assert new_offerer.status == OffererStatus.VALIDATED
        assert new_offerer.is_validated
        assert new_offerer.status_changed_at >= before
        [change] = new_offerer.status_changes.all()
        assert (change.from_status, change.to_status, change.author, change.comment) == (
            from_status,
            OffererStatus.VALIDATED,
            staff,
            "SIREN vérifié",
        )
        [entry] = audit_trail(new_offerer)
        assert entry.action == "offerer.validated"
        assert entry.actor == staff
        assert entry.data == {"before": from_status, "after": "VALIDATED", "comment": "SIREN vérifié"}
        # The activation mail of the guide, to validated members only (not to a pending request).
        [message] = mailoutbox
        assert message.to == ["gerant@example.net"]
        assert message.subject == "Votre structure a été validée"
        assert "Librairie des Quais" in message.body
        assert "/connexion/" in message.body

    def test_every_validated_member_is_told(self, new_offerer, staff, committed, mailoutbox):
        factories.MembershipFactory(offerer=new_offerer, user__email="associee@example.net")
        inactive = factories.MembershipFactory(offerer=new_offerer, user__email="parti@example.net").user
        inactive.is_active = False
        inactive.save()

        committed(services.offerer_validate, new_offerer.pk, staff)

        [message] = mailoutbox
        assert sorted(message.to) == ["associee@example.net", "gerant@example.net"]


class TestPutOnHold:
    @pytest.mark.parametrize("comment", ["", "   ", "\n"])
    def test_comment_required(self, new_offerer, staff, committed, mailoutbox, comment):
        with pytest.raises(errors.ReasonRequired) as exc_info:
            committed(services.offerer_put_on_hold, new_offerer.pk, staff, comment)

        assert exc_info.value.code == "REASON_REQUIRED"
        assert exc_info.value.field == "comment"
        new_offerer.refresh_from_db()
        assert new_offerer.status == OffererStatus.NEW
        assert not new_offerer.status_changes.exists()
        assert mailoutbox == []

    def test_on_hold_with_the_question_in_the_mail(self, new_offerer, staff, committed, mailoutbox):
        comment = "Pouvez-vous nous transmettre un extrait Kbis de moins de 6 mois ?"
        committed(services.offerer_put_on_hold, new_offerer.pk, staff, comment)

        new_offerer.refresh_from_db()
        assert new_offerer.status == OffererStatus.PENDING
        assert new_offerer.awaiting_validation
        assert new_offerer.status_changes.get().comment == comment
        assert audit_trail(new_offerer).get().action == "offerer.pending"
        [message] = mailoutbox
        assert message.to == ["gerant@example.net"]
        assert "nous avons besoin de précisions" in message.subject
        assert comment in message.body
        assert "support@passculture.app" in message.body


class TestReject:
    @pytest.mark.parametrize("reason", ["", "  "])
    def test_reason_required(self, new_offerer, staff, committed, mailoutbox, reason):
        with pytest.raises(errors.ReasonRequired):
            committed(services.offerer_reject, new_offerer.pk, staff, reason)
        new_offerer.refresh_from_db()
        assert new_offerer.status == OffererStatus.NEW
        assert mailoutbox == []

    @pytest.mark.parametrize("from_status", [OffererStatus.NEW, OffererStatus.PENDING, OffererStatus.VALIDATED])
    def test_rejected_with_the_reason_in_the_mail(self, new_offerer, staff, committed, mailoutbox, from_status):
        new_offerer.status = from_status
        new_offerer.save()
        reason = "Votre activité ne relève pas du champ culturel."

        committed(services.offerer_reject, new_offerer.pk, staff, reason)

        new_offerer.refresh_from_db()
        assert new_offerer.status == OffererStatus.REJECTED
        change = new_offerer.status_changes.get()
        assert (change.from_status, change.to_status, change.comment) == (from_status, "REJECTED", reason)
        assert audit_trail(new_offerer).get().data["after"] == "REJECTED"
        [message] = mailoutbox
        assert message.to == ["gerant@example.net"]
        assert message.subject == "Votre structure Librairie des Quais n'a pas été validée"
        assert reason in message.body
        assert "support@passculture.app" in message.body


class TestInvalidTransitions:
    @pytest.mark.parametrize(
        ("status", "action", "label"),
        [
            (OffererStatus.VALIDATED, "validate", "Validée"),
            (OffererStatus.REJECTED, "validate", "Rejetée"),
            (OffererStatus.CLOSED, "validate", "Fermée"),
            (OffererStatus.VALIDATED, "put_on_hold", "Validée"),
            (OffererStatus.REJECTED, "put_on_hold", "Rejetée"),
            (OffererStatus.CLOSED, "put_on_hold", "Fermée"),
            (OffererStatus.REJECTED, "reject", "Rejetée"),
            (OffererStatus.CLOSED, "reject", "Fermée"),
            (OffererStatus.CLOSED, "close", "Fermée"),
        ],
    )
    def test_refused_and_nothing_changes(self, new_offerer, staff, committed, mailoutbox, status, action, label):
        new_offerer.status = status
        new_offerer.save()
        service = {
            "validate": lambda: services.offerer_validate(new_offerer.pk, staff),
            "put_on_hold": lambda: services.offerer_put_on_hold(new_offerer.pk, staff, "Une question"),
            "reject": lambda: services.offerer_reject(new_offerer.pk, staff, "Un motif"),
            "close": lambda: services.offerer_close(new_offerer.pk, staff, "Un motif"),
        }[action]

        with pytest.raises(errors.InvalidStatusTransition) as exc_info:
            committed(service)

        assert exc_info.value.code == "INVALID_STATUS_TRANSITION"
        assert f"« {label} »" in exc_info.value.message
        new_offerer.refresh_from_db()
        assert new_offerer.status == status
        assert not new_offerer.status_changes.exists()
        assert not audit_trail(new_offerer).exists()
        assert mailoutbox == []


class TestHistory:
    def test_whole_journey_is_kept_newest_first(self, new_offerer, staff, committed, mailoutbox):
        committed(services.offerer_put_on_hold, new_offerer.pk, staff, "Kbis ?")
        committed(services.offerer_validate, new_offerer.pk, staff)
        committed(services.offerer_close, new_offerer.pk, staff, "Cessation d'activité")

        history = [(c.from_status, c.to_status) for c in new_offerer.status_changes.all()]
        assert history == [("VALIDATED", "CLOSED"), ("PENDING", "VALIDATED"), ("NEW", "PENDING")]
        assert [e.action for e in audit_trail(new_offerer)] == [
            "offerer.closed",
            "offerer.validated",
            "offerer.pending",
        ]
        assert len(subjects(mailoutbox)) == 2  # closing sends no mail


class TestRecheckSirene:
    """A structure signed up while the register was down is checked again later."""

    def test_register_back(self, db):
        offerer = factories.OffererFactory(status=OffererStatus.NEW, name="Nom déclaré", sirene_check_pending=True)

        assert services.offerer_recheck_sirene(offerer) is True

        offerer.refresh_from_db()
        info = FakeSireneClient().get_siren(offerer.siren)
        assert not offerer.sirene_check_pending
        assert offerer.name == "Nom déclaré"  # the public name stays the one the pro typed
        assert (offerer.legal_category_code, offerer.ape_code) == (info.legal_category_code, info.ape_code)
        entry = audit_trail(offerer).get()
        assert entry.action == "offerer.sirene_checked"
        assert entry.actor_label == "Vérification Sirene"
        assert entry.data["name"] == info.name

    def test_register_still_down(self, db):
        offerer = factories.OffererFactory(siren=UNAVAILABLE_SIREN, name="Nom déclaré", sirene_check_pending=True)
        assert services.offerer_recheck_sirene(offerer) is False
        offerer.refresh_from_db()
        assert offerer.sirene_check_pending
        assert offerer.name == "Nom déclaré"
        assert not audit_trail(offerer).exists()

    def test_unknown_siren_is_recorded_for_staff(self, db):
        offerer = factories.OffererFactory(siren=UNKNOWN_SIREN, sirene_check_pending=True)
        assert services.offerer_recheck_sirene(offerer) is True
        offerer.refresh_from_db()
        assert not offerer.sirene_check_pending
        assert audit_trail(offerer).get().data == {"result": "not_found"}
