"""docs/domain/offerers.md#sign-up: a pro signs up with the SIREN of their structure; then verifies their address."""

import pytest

from passculture.accounts.errors import EmailAlreadyUsed
from passculture.accounts.models import User
from passculture.connectors.sirene.fake import (
    CLOSED_SIREN,
    DEMO_SIREN,
    NOT_DIFFUSIBLE_SIREN,
    PROTECTED_SIREN,
    RATE_LIMITED_SIREN,
    UNAVAILABLE_SIREN,
    UNKNOWN_SIREN,
    FakeSireneClient,
)
from passculture.core.audit import audit_trail
from passculture.core.identifiers import format_siren
from passculture.offerers import errors, services
from passculture.offerers.models import (
    MembershipStatus,
    Offerer,
    OffererStatus,
    Venue,
    VenueType,
)
from passculture.offerers.selectors import offerers_of, venues_of
from tests import factories
from tests.offerers.helpers import mails_to, subjects, verification_token

pytestmark = pytest.mark.django_db

SUPPORT = "support@passculture.app"


class TestNewSiren:
    def test_creates_the_structure_from_the_register(self, signup, mailoutbox):
        membership = signup(email="Zoe.Durand@Example.net", siren=format_siren(DEMO_SIREN), structure_name="Mon cinéma")

        user, offerer = membership.user, membership.offerer
        offerer.refresh_from_db()
        assert offerer.siren == DEMO_SIREN
        assert offerer.name == "Mon cinéma"  # the name typed, not the register's "Cinéma et Librairie Démo"
        assert (offerer.street, offerer.postal_code, offerer.city) == ("12 Rue de la Paix", "75002", "Paris")
        assert (offerer.legal_category_code, offerer.ape_code) == ("5710", "59.14Z")
        assert offerer.status == OffererStatus.NEW
        assert not offerer.sirene_check_pending
        assert user.email == "zoe.durand@example.net"
        assert not user.is_email_verified

    def test_first_user_is_attached_at_once(self, signup):
        membership = signup()
        membership.refresh_from_db()
        assert membership.status == MembershipStatus.VALIDATED
        assert membership.decided_at is not None
        assert list(offerers_of(membership.user)) == [membership.offerer]

    def test_digital_venue_is_created_with_it(self, signup):
        membership = signup()
        [venue] = Venue.objects.filter(offerer=membership.offerer)
        assert venue.name == "Offre numérique"
        assert venue.is_virtual
        assert venue.venue_type == VenueType.DIGITAL
        assert venue.siret is None
        assert venue.booking_email == membership.user.email
        assert list(venues_of(membership.user)) == [venue]

    def test_status_history_and_audit(self, signup):
        membership = signup(structure_name="Mon cinéma")
        offerer, user = membership.offerer, membership.user

        offerer.refresh_from_db()
        assert offerer.declared_name == "Mon cinéma"
        [change] = offerer.status_changes.all()
        assert (change.from_status, change.to_status) == ("", OffererStatus.NEW)
        assert change.author == user
        [entry] = audit_trail(offerer)
        assert entry.action == "offerer.created"
        assert entry.actor == user
        assert entry.data == {
            "declared_name": "Mon cinéma",
            "register_name": FakeSireneClient().get_siren(offerer.siren).name,
            "sirene_unavailable": False,
        }
        assert [e.action for e in audit_trail(user)] == ["user.signup"]

    def test_only_the_verification_mail_is_sent(self, signup, mailoutbox):
        membership = signup()
        assert subjects(mailoutbox) == ["Validez votre adresse email"]
        assert mailoutbox[0].to == [membership.user.email]

    def test_the_declared_name_stays_the_public_name(self, signup):
        siren = factories.OffererFactory.build().siren
        membership = signup(siren=siren, structure_name=" Compagnie du Soleil ")
        assert FakeSireneClient().get_siren(siren).name != "Compagnie du Soleil"
        assert membership.offerer.name == "Compagnie du Soleil"

    def test_withheld_name_falls_back_to_the_declared_one(self, signup):
        membership = signup(siren=NOT_DIFFUSIBLE_SIREN, structure_name=" Compagnie Discrète ")
        offerer = membership.offerer
        assert offerer.name == "Compagnie Discrète"
        assert (offerer.postal_code, offerer.city) == ("13200", "Arles")
        assert offerer.street == ""


class TestExistingSiren:
    def test_second_user_asks_to_join(self, signup, mailoutbox):
        first = signup(email="premiere@example.net")
        mailoutbox.clear()

        second = signup(email="seconde@example.net", first_name="Inès", last_name="Benali")

        assert Offerer.objects.count() == 1
        assert second.offerer == first.offerer
        assert second.status == MembershipStatus.PENDING
        assert "membership.requested" in [e.action for e in audit_trail(first.offerer)]
        # The new user sees nothing of the structure until accepted.
        assert list(offerers_of(second.user)) == []
        assert list(venues_of(second.user)) == []

    def test_verified_members_of_a_validated_structure_are_told_once_the_requester_is_verified(
        self, signup, committed, staff, mailoutbox
    ):
        first = signup(email="premiere@example.net")
        committed(services.pro_verify_email, verification_token(mails_to(mailoutbox, "premiere@example.net")[0]))
        committed(services.offerer_validate, first.offerer.pk, staff)
        mailoutbox.clear()

        signup(email="seconde@example.net", first_name="Inès", last_name="Benali")

        assert mails_to(mailoutbox, "premiere@example.net") == []  # not before the requester is verified
        [verify_mail] = mails_to(mailoutbox, "seconde@example.net")
        assert verify_mail.subject == "Validez votre adresse email"
        committed(services.pro_verify_email, verification_token(verify_mail))
        [request_mail] = mails_to(mailoutbox, "premiere@example.net")
        assert request_mail.subject == "Inès Benali demande à rejoindre Cinéma et Librairie Démo"
        assert "Inès Benali (seconde@example.net)" in request_mail.body
        assert f"/structures/{first.offerer.pk}/" in request_mail.body

    @pytest.mark.parametrize("who", ["unverified_member", "structure_not_validated", "pending_member"])
    def test_nobody_who_may_not_decide_is_told(self, signup, committed, staff, mailoutbox, who):
        first = signup(email="premiere@example.net")
        if who != "unverified_member":
            committed(services.pro_verify_email, verification_token(mails_to(mailoutbox, "premiere@example.net")[0]))
        if who != "structure_not_validated":
            committed(services.offerer_validate, first.offerer.pk, staff)
        if who == "pending_member":
            first.status = MembershipStatus.PENDING
            first.save()
        mailoutbox.clear()

        third = signup(email="troisieme@example.net", first_name="Paul", last_name="Roux")
        committed(services.pro_verify_email, verification_token(mails_to(mailoutbox, "troisieme@example.net")[0]))

        assert [m for m in mailoutbox if "demande à rejoindre" in m.subject] == []
        third.refresh_from_db()
        assert third.status == MembershipStatus.PENDING

    def test_structure_closed_on_the_platform(self, signup, staff, mailoutbox):
        first = signup()
        services.offerer_close(first.offerer.pk, staff, "Cessation d'activité")

        with pytest.raises(errors.OffererClosed) as exc_info:
            signup(email="tardif@example.net")

        assert exc_info.value.code == "OFFERER_CLOSED"
        assert exc_info.value.message.endswith(f"{SUPPORT}.")
        assert not User.objects.filter(email="tardif@example.net").exists()


class TestRefused:
    @pytest.mark.parametrize(
        ("siren", "error", "code"),
        [
            ("123456789", errors.InvalidSiren, "SIREN_INVALID"),  # bad Luhn key
            ("12345678", errors.InvalidSiren, "SIREN_INVALID"),  # 8 digits
            ("1234567820", errors.InvalidSiren, "SIREN_INVALID"),  # 10 digits
            ("ABCDEFGHI", errors.InvalidSiren, "SIREN_INVALID"),
            ("", errors.InvalidSiren, "SIREN_INVALID"),
            (UNKNOWN_SIREN, errors.UnknownSiren, "SIREN_UNKNOWN"),
            (CLOSED_SIREN, errors.ClosedSiren, "SIREN_CLOSED"),
        ],
    )
    def test_siren_refused_with_the_support_address(self, signup, mailoutbox, siren, error, code):
        with pytest.raises(error) as exc_info:
            signup(email="refus@example.net", siren=siren)

        assert exc_info.value.code == code
        assert exc_info.value.field == "siren"
        assert exc_info.value.message.endswith(f"contactez {SUPPORT}.")
        assert not User.objects.exists()
        assert not Offerer.objects.exists()
        assert mailoutbox == []

    def test_messages_name_the_reason(self):
        assert "9 chiffres" in errors.InvalidSiren().message
        assert "pas reconnu" in errors.UnknownSiren().message
        assert "fermée" in errors.ClosedSiren().message

    def test_email_already_used_creates_no_structure(self, signup, user, mailoutbox):
        siren = factories.OffererFactory.build().siren
        with pytest.raises(EmailAlreadyUsed):
            signup(email=user.email.upper(), siren=siren)
        assert not Offerer.objects.filter(siren=siren).exists()
        assert mailoutbox == []

    def test_a_failed_sign_up_leaves_nothing_behind(self, signup, monkeypatch, mailoutbox):
        def broken(*args, **kwargs):
            raise RuntimeError("the structure could not be saved")

        monkeypatch.setattr(services, "_create_offerer", broken)

        with pytest.raises(RuntimeError):
            signup(email="atomique@example.net")

        assert not User.objects.filter(email="atomique@example.net").exists()
        assert not Offerer.objects.exists()
        assert mailoutbox == []  # no verification link for an account that does not exist


class TestRegisterUnavailable:
    @pytest.mark.parametrize("siren", [UNAVAILABLE_SIREN, RATE_LIMITED_SIREN, PROTECTED_SIREN])
    def test_sign_up_goes_through_and_is_flagged_for_staff(self, signup, mailoutbox, siren):
        membership = signup(siren=siren, structure_name="Théâtre des Possibles")

        offerer = membership.offerer
        assert offerer.sirene_check_pending
        assert offerer.name == "Théâtre des Possibles"
        assert offerer.status == OffererStatus.NEW
        assert membership.status == MembershipStatus.VALIDATED
        assert audit_trail(offerer).get(action="offerer.created").data["sirene_unavailable"] is True
        assert subjects(mailoutbox) == ["Validez votre adresse email"]

    def test_validation_by_staff_clears_the_flag(self, signup, staff, committed):
        membership = signup(siren=UNAVAILABLE_SIREN)
        committed(services.offerer_validate, membership.offerer.pk, staff)
        membership.offerer.refresh_from_db()
        assert not membership.offerer.sirene_check_pending


class TestVerifyEmail:
    def test_new_structure_is_told_it_is_under_review(self, signup, committed, mailoutbox):
        membership = signup()
        token = verification_token(mailoutbox[0])
        mailoutbox.clear()

        user = committed(services.pro_verify_email, token)

        assert user.is_email_verified
        [message] = mailoutbox
        assert message.to == [user.email]
        assert message.subject == "Votre structure Cinéma et Librairie Démo est en cours de validation"
        assert "2 jours ouvrés" in message.body
        assert membership.offerer.name in message.body

    def test_attachment_request_is_told_it_is_under_review(self, signup, committed, mailoutbox):
        signup(email="premiere@example.net")
        second = signup(email="seconde@example.net")
        token = verification_token(mails_to(mailoutbox, "seconde@example.net")[0])
        mailoutbox.clear()

        committed(services.pro_verify_email, token)

        [message] = mailoutbox
        assert message.to == ["seconde@example.net"]
        assert message.subject == "Votre demande de rattachement à Cinéma et Librairie Démo est en cours d'examen"
        second.refresh_from_db()
        assert second.status == MembershipStatus.PENDING

    def test_nothing_to_review_nothing_sent(self, signup, committed, mailoutbox):
        offerer = factories.OffererFactory(status=OffererStatus.VALIDATED)
        inviter = factories.MembershipFactory(offerer=offerer).user
        committed(services.invitation_create, offerer, inviter, "invitee@example.net")
        signup(email="invitee@example.net", siren=offerer.siren)
        token = verification_token(mails_to(mailoutbox, "invitee@example.net")[-1])
        mailoutbox.clear()

        committed(services.pro_verify_email, token)

        assert mailoutbox == []

    def test_invalid_link_changes_nothing(self, signup, committed, mailoutbox):
        from passculture.accounts.errors import InvalidVerificationLink

        membership = signup()
        mailoutbox.clear()
        with pytest.raises(InvalidVerificationLink):
            committed(services.pro_verify_email, "lien-invalide")
        membership.user.refresh_from_db()
        assert not membership.user.is_email_verified
        assert mailoutbox == []
