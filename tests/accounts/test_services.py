"""Accounts: sign-up, email verification, login throttling, profile."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from passculture.accounts import services
from passculture.accounts.errors import (
    EmailAlreadyUsed,
    EmailAlreadyVerified,
    EmailNotVerified,
    ExpiredVerificationLink,
    InvalidVerificationLink,
    TooManyLoginAttempts,
)
from passculture.accounts.models import User
from passculture.accounts.tokens import make_verification_token
from passculture.core.audit import audit_trail
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = factories.PASSWORD
VERIFY_LINK = re.compile(re.escape(settings.PUBLIC_URL) + r"/inscription/verification/([^/\s]+)/")


def verification_token(message) -> str:
    match = VERIFY_LINK.search(message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def create_user(django_capture_on_commit_callbacks):
    def create(**fields):
        data = {
            "email": "lea.martin@example.net",
            "password": PASSWORD,
            "first_name": "Léa",
            "last_name": "Martin",
            "phone": "0612345678",
            **fields,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return services.user_create(**data)

    return create


class TestUserCreate:
    def test_the_password_policy_holds_whatever_the_entry_point(self, create_user, mailoutbox):
        from passculture.accounts.errors import WeakPassword

        with pytest.raises(WeakPassword) as exc_info:
            create_user(password="motdepasse")
        assert exc_info.value.code == "PASSWORD_POLICY"
        assert "12 caractères minimum" in exc_info.value.message
        assert not User.objects.exists()
        assert mailoutbox == []

    def test_creates_an_unverified_account(self, create_user, mailoutbox):
        user = create_user(email="  Lea.Martin@Example.NET ", first_name=" Léa ", last_name=" Martin ")

        user.refresh_from_db()
        assert user.email == "lea.martin@example.net"
        assert (user.first_name, user.last_name) == ("Léa", "Martin")
        assert not user.is_email_verified
        assert PASSWORD not in user.password
        assert user.check_password(PASSWORD)
        assert [entry.action for entry in audit_trail(user)] == ["user.signup"]

    def test_sends_the_verification_link(self, create_user, mailoutbox):
        user = create_user()

        [message] = mailoutbox
        assert message.to == ["lea.martin@example.net"]
        assert message.subject == "Validez votre adresse email"
        assert "Bonjour Léa" in message.body
        services.user_verify_email(verification_token(message))
        user.refresh_from_db()
        assert user.is_email_verified

    @pytest.mark.parametrize("again", ["lea.martin@example.net", "LEA.MARTIN@EXAMPLE.NET", " Lea.Martin@example.net"])
    def test_email_already_used_in_any_case(self, create_user, again, mailoutbox):
        create_user()
        mailoutbox.clear()

        with pytest.raises(EmailAlreadyUsed) as exc_info:
            create_user(email=again, first_name="Autre")

        assert exc_info.value.code == "EMAIL_ALREADY_USED"
        assert exc_info.value.field == "email"
        assert exc_info.value.message == "Un compte lié à cet email existe déjà."
        assert User.objects.count() == 1
        assert mailoutbox == []

    def test_database_refuses_a_duplicate_in_another_case(self, user):
        # The service checks first; the case-insensitive constraint is the safety net for concurrent sign-ups.
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.create(email=user.email.upper(), first_name="A", last_name="B")


class TestVerification:
    def test_valid_link(self, create_user, mailoutbox):
        user = create_user()
        verified = services.user_verify_email(verification_token(mailoutbox[0]))

        assert verified == user
        user.refresh_from_db()
        assert user.email_verified_at is not None
        assert [entry.action for entry in audit_trail(user)] == ["user.email_verified", "user.signup"]

    def test_second_use(self, create_user, mailoutbox):
        create_user()
        token = verification_token(mailoutbox[0])
        services.user_verify_email(token)

        with pytest.raises(EmailAlreadyVerified) as exc_info:
            services.user_verify_email(token)
        assert exc_info.value.code == "EMAIL_ALREADY_VERIFIED"
        assert "vous pouvez vous connecter" in exc_info.value.message

    @pytest.mark.parametrize(
        "tamper",
        [
            lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
            lambda token: "x" + token,
            lambda token: "n'importe-quoi",
            lambda token: "",
        ],
    )
    def test_tampered_link(self, create_user, mailoutbox, tamper):
        user = create_user()
        with pytest.raises(InvalidVerificationLink) as exc_info:
            services.user_verify_email(tamper(verification_token(mailoutbox[0])))
        assert exc_info.value.code == "INVALID_VERIFICATION_LINK"
        user.refresh_from_db()
        assert not user.is_email_verified

    def test_link_of_a_deleted_account(self, create_user, mailoutbox):
        user = create_user()
        token = verification_token(mailoutbox[0])
        user.delete()
        with pytest.raises(InvalidVerificationLink):
            services.user_verify_email(token)

    def test_link_for_a_previous_address_no_longer_works(self, create_user, mailoutbox):
        user = create_user()
        old_token = verification_token(mailoutbox[0])
        User.objects.filter(pk=user.pk).update(email="nouvelle@example.net")
        with pytest.raises(InvalidVerificationLink):
            services.user_verify_email(old_token)

    def test_link_expires_after_24_hours(self, create_user):
        start = timezone.now()
        with time_machine.travel(start, tick=False) as traveller:
            user = create_user()
            token = make_verification_token(user)
            traveller.shift(datetime.timedelta(hours=24, seconds=1))
            with pytest.raises(ExpiredVerificationLink) as exc_info:
                services.user_verify_email(token)
        assert exc_info.value.code == "EXPIRED_VERIFICATION_LINK"
        assert "24 heures" in exc_info.value.message
        user.refresh_from_db()
        assert not user.is_email_verified

    def test_link_still_valid_just_before_24_hours(self, create_user):
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            user = create_user()
            token = make_verification_token(user)
            traveller.shift(datetime.timedelta(hours=23, minutes=59))
            services.user_verify_email(token)
        user.refresh_from_db()
        assert user.is_email_verified


class TestResendVerification:
    def test_resends_to_an_unverified_account(self, create_user, mailoutbox, django_capture_on_commit_callbacks):
        create_user()
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.user_resend_verification_email(" LEA.MARTIN@example.net ")
        [message] = mailoutbox
        assert message.to == ["lea.martin@example.net"]
        services.user_verify_email(verification_token(message))

    def test_silent_for_unknown_or_verified_addresses(self, user, mailoutbox, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            services.user_resend_verification_email("inconnu@example.net")
            services.user_resend_verification_email(user.email)
        assert mailoutbox == []

    def test_verified_account_cannot_ask_for_a_link(self, user):
        with pytest.raises(EmailAlreadyVerified):
            services.user_send_verification_email(user)


def login(email, password=PASSWORD, ip="192.0.2.10"):
    return services.user_login(email=email, password=password, ip=ip)


class TestUserLogin:
    def test_success(self, user):
        assert login(user.email) == user

    def test_email_in_any_case(self, user):
        assert login(f"  {user.email.upper()} ") == user

    def test_wrong_password(self, user):
        assert login(user.email, "Mauvais-mot-de-passe-1") is None

    def test_unknown_email(self, db):
        assert login("inconnu@example.net") is None

    def test_inactive_account(self, user):
        user.is_active = False
        user.save()
        assert login(user.email) is None

    def test_unverified_account(self, db):
        unverified = factories.UserFactory(email_verified_at=None)
        with pytest.raises(EmailNotVerified) as exc_info:
            login(unverified.email)
        assert exc_info.value.code == "EMAIL_NOT_VERIFIED"
        assert exc_info.value.message.startswith("Ce compte n'est pas validé.")

    def test_five_failures_lock_the_account_even_with_the_right_password(self, user):
        for _ in range(5):
            assert login(user.email, "Mauvais-mot-de-passe-1") is None

        with pytest.raises(TooManyLoginAttempts) as exc_info:
            login(user.email)

        assert exc_info.value.code == "TOO_MANY_LOGIN_ATTEMPTS"
        assert "réessayez dans 15 minutes" in exc_info.value.message

    def test_four_failures_do_not_lock(self, user):
        for _ in range(4):
            login(user.email, "Mauvais-mot-de-passe-1")
        assert login(user.email) == user

    def test_failures_count_whatever_the_case_and_the_ip(self, user):
        for n in range(5):
            login(user.email.upper(), "Mauvais-mot-de-passe-1", ip=f"192.0.2.{n}")
        with pytest.raises(TooManyLoginAttempts):
            login(user.email, ip="198.51.100.1")

    def test_per_ip_across_different_emails(self, user):
        for n in range(5):
            assert login(f"essai{n}@example.net", ip="203.0.113.7") is None

        with pytest.raises(TooManyLoginAttempts):
            login(user.email, ip="203.0.113.7")
        assert login(user.email, ip="198.51.100.1") == user

    def test_window_expiry(self, user):
        with time_machine.travel(timezone.now()) as traveller:
            for _ in range(5):
                login(user.email, "Mauvais-mot-de-passe-1")
            traveller.shift(datetime.timedelta(minutes=10))
            with pytest.raises(TooManyLoginAttempts) as exc_info:
                login(user.email)
            assert re.search(r"réessayez dans [1-5] minutes", exc_info.value.message)
            traveller.shift(datetime.timedelta(minutes=5, seconds=1))
            assert login(user.email) == user

    def test_last_minute_is_singular(self, user):
        with time_machine.travel(timezone.now()) as traveller:
            for _ in range(5):
                login(user.email, "Mauvais-mot-de-passe-1")
            traveller.shift(datetime.timedelta(minutes=14, seconds=30))
            with pytest.raises(TooManyLoginAttempts) as exc_info:
                login(user.email)
        assert "réessayez dans 1 minute " in exc_info.value.message

    def test_success_resets_the_account_counter(self, user):
        for _ in range(4):
            login(user.email, "Mauvais-mot-de-passe-1", ip=None)
        assert login(user.email, ip=None) == user
        for _ in range(4):
            login(user.email, "Mauvais-mot-de-passe-1", ip=None)
        assert login(user.email, ip=None) == user

    def test_logging_into_ones_own_account_does_not_clear_the_ip_counter(self, user):
        # Otherwise someone guessing passwords from one address could reset the counter between guesses.
        for n in range(4):
            login(f"victime{n}@example.net", ip="203.0.113.7")
        assert login(user.email, ip="203.0.113.7") == user
        login("victime@example.net", ip="203.0.113.7")
        with pytest.raises(TooManyLoginAttempts):
            login(user.email, ip="203.0.113.7")


class TestUpdateProfile:
    def update(self, user, **fields):
        data = {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": user.phone,
            "email": user.email,
            **fields,
        }
        return services.user_update_profile(user, **data)

    def test_name_and_phone(self, user, mailoutbox, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            self.update(user, first_name=" Inès ", phone="0700000000")

        user.refresh_from_db()
        assert (user.first_name, user.phone) == ("Inès", "0700000000")
        assert user.is_email_verified
        assert mailoutbox == []
        [entry] = audit_trail(user)
        assert entry.action == "user.profile_updated"
        assert entry.actor == user
        assert entry.data["before"]["first_name"] == "Camille"
        assert entry.data["after"]["first_name"] == "Inès"
        assert entry.data["before"]["phone"] == "0612345678"
        assert entry.data["after"]["phone"] == "0700000000"

    def test_email_change_requires_a_new_verification(self, user, mailoutbox, django_capture_on_commit_callbacks):
        old_email = user.email
        with django_capture_on_commit_callbacks(execute=True):
            self.update(user, email=" Nouvelle.Adresse@Example.net ")

        user.refresh_from_db()
        assert user.email == "nouvelle.adresse@example.net"
        assert not user.is_email_verified
        [message] = mailoutbox
        assert message.to == ["nouvelle.adresse@example.net"]
        [entry] = audit_trail(user).filter(action="user.profile_updated")
        assert entry.data["before"]["email"] == old_email
        assert entry.data["after"]["email"] == "nouvelle.adresse@example.net"
        # Until the new address is proven, login is refused; the link in the mail proves it.
        with pytest.raises(EmailNotVerified):
            login("nouvelle.adresse@example.net")
        services.user_verify_email(verification_token(message))
        assert login("nouvelle.adresse@example.net") == user

    def test_same_email_in_another_case_is_no_change(self, user, mailoutbox, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            self.update(user, email=user.email.upper())
        user.refresh_from_db()
        assert user.is_email_verified
        assert mailoutbox == []

    def test_duplicate_email_refused(self, user, mailoutbox, django_capture_on_commit_callbacks):
        other = factories.UserFactory(email="deja.pris@example.net")
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(EmailAlreadyUsed) as exc_info:
            self.update(user, email="DEJA.PRIS@example.net", first_name="Changé")

        assert exc_info.value.code == "EMAIL_ALREADY_USED"
        user.refresh_from_db()
        assert user.first_name == "Camille"
        assert user.email != other.email
        assert user.is_email_verified
        assert mailoutbox == []
        assert not audit_trail(user).exists()
