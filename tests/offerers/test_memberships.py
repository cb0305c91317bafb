"""Attachment requests (a pro joining an existing structure) and invitations of collaborators."""

import pytest

from passculture.core.audit import audit_trail
from passculture.offerers import errors, services
from passculture.offerers.models import Invitation, Membership, MembershipStatus, OffererStatus
from passculture.offerers.selectors import offerers_of
from tests import factories
from tests.offerers.helpers import mails_to, subjects, verification_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_to_join(offerer):
    return factories.MembershipFactory(
        offerer=offerer,
        status=MembershipStatus.PENDING,
        user__first_name="Inès",
        user__email="ines@example.net",
    )


class TestValidateMembership:
    @pytest.mark.parametrize("decider", ["pro", "staff"])
    def test_accepted_by_a_member_or_staff(self, request, request_to_join, committed, mailoutbox, decider):
        actor = request.getfixturevalue(decider)

        committed(services.membership_validate, request_to_join.pk, actor)

        request_to_join.refresh_from_db()
        assert request_to_join.status == MembershipStatus.VALIDATED
        assert request_to_join.decided_by == actor
        assert request_to_join.decided_at is not None
        entry = audit_trail(request_to_join.offerer).get()
        assert (entry.action, entry.actor, entry.data) == (
            "membership.validated",
            actor,
            {"user": "ines@example.net"},
        )
        [message] = mailoutbox
        assert message.to == ["ines@example.net"]
        assert message.subject == f"Vous avez rejoint la structure {request_to_join.offerer.name}"
        assert "Bonjour Inès" in message.body
        # Now the structure is theirs to see.
        assert list(offerers_of(request_to_join.user)) == [request_to_join.offerer]

    def test_rejected(self, pro, request_to_join, committed, mailoutbox):
        committed(services.membership_reject, request_to_join.pk, pro)

        request_to_join.refresh_from_db()
        assert request_to_join.status == MembershipStatus.REJECTED
        assert audit_trail(request_to_join.offerer).get().action == "membership.rejected"
        [message] = mailoutbox
        assert message.to == ["ines@example.net"]
        assert "n'a pas été acceptée" in message.subject
        assert list(offerers_of(request_to_join.user)) == []

    @pytest.mark.parametrize("who", ["outsider", "requester", "other_requester"])
    @pytest.mark.parametrize("decision", [services.membership_validate, services.membership_reject])
    def test_refused_to_anyone_else(self, request_to_join, committed, mailoutbox, who, decision):
        actor = {
            "outsider": lambda: factories.MembershipFactory().user,  # member of another structure
            "requester": lambda: request_to_join.user,  # cannot accept their own request
            "other_requester": lambda: (
                factories.MembershipFactory(offerer=request_to_join.offerer, status=MembershipStatus.PENDING).user
            ),
        }[who]()

        with pytest.raises(errors.NotAllowed) as exc_info:
            committed(decision, request_to_join.pk, actor)

        assert exc_info.value.code == "NOT_ALLOWED"
        request_to_join.refresh_from_db()
        assert request_to_join.status == MembershipStatus.PENDING
        assert mailoutbox == []

    @pytest.mark.parametrize("first", [services.membership_validate, services.membership_reject])
    @pytest.mark.parametrize("second", [services.membership_validate, services.membership_reject])
    def test_already_decided(self, pro, staff, request_to_join, committed, mailoutbox, first, second):
        committed(first, request_to_join.pk, pro)
        status = Membership.objects.get(pk=request_to_join.pk).status
        mailoutbox.clear()

        with pytest.raises(errors.MembershipAlreadyDecided) as exc_info:
            committed(second, request_to_join.pk, staff)

        assert exc_info.value.code == "MEMBERSHIP_ALREADY_DECIDED"
        assert Membership.objects.get(pk=request_to_join.pk).status == status
        assert mailoutbox == []


class TestOnlyVerifiedPeopleOfAValidatedStructure:
    """docs/domain/offerers.md#memberships: who decides, and who may be attached."""

    @pytest.mark.parametrize("decision", [services.membership_validate, services.membership_reject])
    @pytest.mark.parametrize("situation", ["structure_awaiting_validation", "member_not_verified"])
    def test_a_member_may_not_decide(self, committed, mailoutbox, decision, situation):
        offerer = factories.OffererFactory(awaiting_validation=situation == "structure_awaiting_validation")
        member = factories.MembershipFactory(offerer=offerer, user__unverified=situation == "member_not_verified").user
        pending = factories.MembershipFactory(offerer=offerer, status=MembershipStatus.PENDING)

        with pytest.raises(errors.NotAllowed):
            committed(decision, pending.pk, member)

        pending.refresh_from_db()
        assert pending.status == MembershipStatus.PENDING
        assert mailoutbox == []

    @pytest.mark.parametrize("decider", ["pro", "staff"])
    def test_a_requester_who_never_verified_the_email_is_never_attached(
        self, request, offerer, committed, mailoutbox, decider
    ):
        pending = factories.MembershipFactory(offerer=offerer, status=MembershipStatus.PENDING, user__unverified=True)

        with pytest.raises(errors.RequesterNotVerified) as exc_info:
            committed(services.membership_validate, pending.pk, request.getfixturevalue(decider))

        assert "n'a pas encore vérifié son adresse email" in exc_info.value.message
        pending.refresh_from_db()
        assert pending.status == MembershipStatus.PENDING
        assert list(offerers_of(pending.user)) == []
        assert mailoutbox == []

    def test_an_invitation_waits_for_an_unverified_requester_to_verify(self, offerer, pro, committed):
        pending = factories.MembershipFactory(offerer=offerer, status=MembershipStatus.PENDING, user__unverified=True)

        committed(services.invitation_create, offerer, pro, pending.user.email)

        pending.refresh_from_db()
        assert pending.status == MembershipStatus.PENDING


class TestInvitationCreate:
    def test_invites_by_email(self, offerer, pro, committed, mailoutbox):
        invitation = committed(services.invitation_create, offerer, pro, "  Nouvelle.Recrue@Example.net ")

        assert invitation.email == "nouvelle.recrue@example.net"
        assert invitation.invited_by == pro
        assert invitation.accepted_at is None
        entry = audit_trail(offerer).get()
        assert (entry.action, entry.actor, entry.data) == (
            "invitation.sent",
            pro,
            {"email": "nouvelle.recrue@example.net"},
        )
        [message] = mailoutbox
        assert message.to == ["nouvelle.recrue@example.net"]
        assert message.subject == f"{pro.full_name} vous invite à rejoindre {offerer.name} sur pass Culture Pro"
        assert f"/inscription/?siren={offerer.siren}" in message.body
        assert "créez votre compte" in message.body

    def test_someone_with_an_account_is_asked_to_log_in(self, offerer, pro, user, committed, mailoutbox):
        committed(services.invitation_create, offerer, pro, user.email)
        [message] = mailoutbox
        assert "Vous avez déjà un compte" in message.body
        assert "/connexion/" in message.body
        assert "/inscription/" not in message.body

    def test_inviting_again_resends_the_same_invitation(self, offerer, pro, committed, mailoutbox):
        first = committed(services.invitation_create, offerer, pro, "recrue@example.net")
        second = committed(services.invitation_create, offerer, pro, "RECRUE@example.net")
        assert first.pk == second.pk
        assert Invitation.objects.count() == 1
        assert len(mailoutbox) == 2

    def test_staff_may_invite(self, offerer, staff, committed, mailoutbox):
        committed(services.invitation_create, offerer, staff, "recrue@example.net")
        assert subjects(mailoutbox) == [
            f"{staff.full_name} vous invite à rejoindre {offerer.name} sur pass Culture Pro"
        ]

    @pytest.mark.parametrize("who", ["outsider", "pending"])
    def test_only_members_invite(self, offerer, committed, mailoutbox, who):
        status = MembershipStatus.PENDING if who == "pending" else MembershipStatus.VALIDATED
        actor = factories.MembershipFactory(
            offerer=offerer if who == "pending" else factories.OffererFactory(), status=status
        ).user

        with pytest.raises(errors.NotAllowed):
            committed(services.invitation_create, offerer, actor, "recrue@example.net")

        assert not Invitation.objects.exists()
        assert mailoutbox == []

    def test_already_a_member(self, offerer, pro, committed, mailoutbox):
        colleague = factories.MembershipFactory(offerer=offerer).user
        with pytest.raises(errors.InvitationAlreadySent) as exc_info:
            committed(services.invitation_create, offerer, pro, colleague.email.upper())
        assert exc_info.value.code == "INVITATION_ALREADY_SENT"
        assert exc_info.value.field == "email"
        assert mailoutbox == []

    def test_invitation_already_accepted(self, offerer, pro, committed, signup, mailoutbox):
        committed(services.invitation_create, offerer, pro, "recrue@example.net")
        signup(email="recrue@example.net", siren=offerer.siren)
        mailoutbox.clear()

        with pytest.raises(errors.InvitationAlreadySent):
            committed(services.invitation_create, offerer, pro, "recrue@example.net")
        assert mailoutbox == []

    def test_someone_already_asking_to_join_is_let_in(self, offerer, pro, request_to_join, committed, mailoutbox):
        invitation = committed(services.invitation_create, offerer, pro, request_to_join.user.email)

        request_to_join.refresh_from_db()
        assert request_to_join.status == MembershipStatus.VALIDATED
        assert request_to_join.decided_by == pro
        invitation.refresh_from_db()
        assert invitation.accepted_at is not None
        assert sorted(subjects(mailoutbox)) == sorted(
            [
                f"{pro.full_name} vous invite à rejoindre {offerer.name} sur pass Culture Pro",
                f"Vous avez rejoint la structure {offerer.name}",
            ]
        )


class TestInvitationAccepted:
    def test_when_the_invitee_signs_up_with_the_siren(self, offerer, pro, committed, signup, mailoutbox):
        invitation = committed(services.invitation_create, offerer, pro, "recrue@example.net")
        mailoutbox.clear()

        membership = signup(email="Recrue@Example.net", siren=offerer.siren)

        assert membership.offerer == offerer
        assert membership.status == MembershipStatus.VALIDATED  # no attachment request to review
        assert membership.decided_by == pro
        invitation.refresh_from_db()
        assert invitation.accepted_at is not None
        assert "invitation.accepted" in [e.action for e in audit_trail(offerer)]
        assert list(offerers_of(membership.user)) == [offerer]
        # Members are not asked to accept someone they invited.
        assert mails_to(mailoutbox, pro.email) == []
        assert subjects(mailoutbox) == ["Validez votre adresse email"]

    def test_when_the_invitee_verifies_an_account_made_for_another_structure(
        self, offerer, pro, committed, signup, mailoutbox
    ):
        own = signup(email="recrue@example.net", siren=factories.OffererFactory.build().siren)
        token = verification_token(mailoutbox[-1])
        committed(services.invitation_create, offerer, pro, "recrue@example.net")

        user = committed(services.pro_verify_email, token)

        membership = Membership.objects.get(user=user, offerer=offerer)
        assert membership.status == MembershipStatus.VALIDATED
        assert Invitation.objects.get(offerer=offerer).accepted_at is not None
        assert set(offerers_of(user)) == {offerer, own.offerer}

    def test_not_before_the_address_is_verified(self, offerer, pro, committed, signup, mailoutbox):
        own = signup(email="recrue@example.net", siren=factories.OffererFactory.build().siren)
        committed(services.invitation_create, offerer, pro, "recrue@example.net")

        assert services.accept_pending_invitations(own.user) == []
        assert not Membership.objects.filter(user=own.user, offerer=offerer).exists()

    def test_a_verified_user_is_attached_to_every_inviting_structure(self, user, committed):
        inviters = [factories.MembershipFactory() for _ in range(2)]
        for membership in inviters:
            committed(services.invitation_create, membership.offerer, membership.user, user.email)

        accepted = services.accept_pending_invitations(user)

        assert {m.offerer for m in accepted} == {m.offerer for m in inviters}
        assert all(m.status == MembershipStatus.VALIDATED for m in accepted)
        assert services.accept_pending_invitations(user) == []  # each invitation is used once

    def test_invitation_turns_a_rejected_request_into_membership(self, offerer, pro, user, committed):
        rejected = factories.MembershipFactory(offerer=offerer, user=user, status=MembershipStatus.REJECTED)
        committed(services.invitation_create, offerer, pro, user.email)

        services.accept_pending_invitations(user)

        rejected.refresh_from_db()
        assert rejected.status == MembershipStatus.VALIDATED


def test_new_structure_not_yet_validated_is_mentioned_when_joining(committed, mailoutbox, staff):
    offerer = factories.OffererFactory(status=OffererStatus.NEW)
    pending = factories.MembershipFactory(offerer=offerer, status=MembershipStatus.PENDING)

    committed(services.membership_validate, pending.pk, staff)

    [message] = mailoutbox
    assert "encore en cours de validation" in message.body
