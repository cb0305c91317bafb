"""Young people's account pages: sign-up, login and logout, "Mon crédit", and what a pro sees there."""

import datetime
import html
import re

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from passculture.accounts.models import User
from passculture.beneficiaries.models import BeneficiaryProfile, Deposit, EligibilityStatus
from passculture.bookings.services import booking_create
from tests.factories import PASSWORD, BeneficiaryFactory, EventStockFactory, OfferFactory, StockFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("beneficiary:signup")
LOGIN = reverse("beneficiary:login")
LOGOUT = reverse("beneficiary:logout")
CREDIT = reverse("beneficiary:credit")
BOOKINGS = reverse("beneficiary:bookings")
STRONG_PASSWORD = "Jeune-passCulture-2026!"


def text(response) -> str:
    """The page as a person reads it: entities decoded, no-break spaces as plain spaces."""
    return html.unescape(response.content.decode()).replace("\u00a0", " ").replace("\u202f", " ")


def eighteen_years_old() -> datetime.date:
    return timezone.localdate() - relativedelta(years=18, days=30)


def signup_data(**overrides) -> dict:
    data = {
        "email": "camille.jeune@example.org",
        "password": STRONG_PASSWORD,
        "password_confirmation": STRONG_PASSWORD,
        "first_name": "Camille",
        "last_name": "Durand",
        "birth_date": eighteen_years_old().isoformat(),
        "postal_code": "69001",
        "city": "Lyon",
        "phone": "06 12 34 56 78",
        "accept_terms": "on",
    }
    data.update(overrides)
    return data


class TestSignup:
    def test_page_is_public(self, client):
        response = client.get(SIGNUP)
        assert response.status_code == 200
        page = text(response)
        assert "Créer mon compte pass Culture" in page
        assert "18 ans" in page
        assert 'name="birth_date"' in page and 'name="postal_code"' in page and 'name="accept_terms"' in page

    def test_creates_a_pending_beneficiary_and_sends_the_verification_link(
        self, client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(SIGNUP, signup_data(email="  Camille.Jeune@Example.org "))
        assert response.status_code == 302
        assert response.url == reverse("beneficiary:signup-done")
        user = User.objects.get(email="camille.jeune@example.org")
        assert user.first_name == "Camille" and user.last_name == "Durand"
        assert user.phone == "0612345678"
        assert not user.is_email_verified
        assert user.check_password(STRONG_PASSWORD)
        profile = BeneficiaryProfile.objects.get(user=user)
        assert profile.eligibility == EligibilityStatus.PENDING
        assert (profile.postal_code, profile.city, profile.birth_date) == ("69001", "Lyon", eighteen_years_old())
        assert not Deposit.objects.filter(user=user).exists()
        [message] = mail.outbox
        assert message.to == ["camille.jeune@example.org"]
        assert "/inscription/verification/" in message.body  # the pro portal's account:verify-email, shared
        # The young people's mail: the pass Culture's words and header, not the pros' portal and its structures.
        for body in (message.body, message.alternatives[0][0]):
            assert "pass Culture Pro" not in body and "structure" not in body
            assert "Merci pour votre inscription sur le pass Culture" in html.unescape(body)
            assert reverse("beneficiary:resend-verification") in body

        done = text(client.get(response.url))
        assert "Vérifiez votre adresse email" in done
        assert "camille.jeune@example.org" in done
        assert "en attente" in done and "vérifié votre identité" in done
        assert LOGIN in done

    def test_accepts_the_french_date_format(self, client):
        response = client.post(SIGNUP, signup_data(birth_date=eighteen_years_old().strftime("%d/%m/%Y")))
        assert response.status_code == 302

    @pytest.mark.parametrize(
        "field, message",
        [
            ("email", "Veuillez renseigner votre adresse email."),
            ("password", "Veuillez renseigner un mot de passe."),
            ("password_confirmation", "Veuillez renseigner la confirmation du mot de passe."),
            ("first_name", "Veuillez renseigner votre prénom."),
            ("last_name", "Veuillez renseigner votre nom."),
            ("birth_date", "Veuillez renseigner votre date de naissance."),
            ("postal_code", "Veuillez renseigner votre code postal."),
            ("city", "Veuillez renseigner votre ville."),
            ("phone", "Veuillez renseigner votre numéro de téléphone."),
            ("accept_terms", "Vous devez accepter les conditions générales d'utilisation pour continuer."),
        ],
    )
    def test_each_missing_field_says_so_in_french(self, client, field, message):
        data = signup_data()
        del data[field]
        response = client.post(SIGNUP, data)
        assert response.status_code == 200
        assert message in text(response)
        assert not User.objects.exists()

    @pytest.mark.parametrize(
        "overrides, message",
        [
            ({"email": "pas-un-email"}, "Adresse email invalide"),
            ({"password": "court", "password_confirmation": "court"}, "12 caractères minimum"),
            ({"password": "toutenminuscules", "password_confirmation": "toutenminuscules"}, "au moins un chiffre"),
            ({"password_confirmation": "Autre-passCulture-2026!"}, "Les deux mots de passe ne sont pas identiques."),
            ({"birth_date": "31/02/2008"}, "Date de naissance invalide"),
            ({"birth_date": "demain"}, "Date de naissance invalide"),
            ({"birth_date": "2999-01-01"}, "Votre date de naissance ne peut pas être dans le futur."),
            ({"birth_date": "1850-01-01"}, "Date de naissance invalide : vérifiez l'année."),
            ({"postal_code": "ABCDE"}, "Code postal invalide : 5 chiffres"),
            ({"postal_code": "6900"}, "Code postal invalide : 5 chiffres"),
            ({"postal_code": "６９００１"}, "Code postal invalide : 5 chiffres"),
            ({"phone": "123"}, "Numéro de téléphone invalide"),
            ({"first_name": "x" * 200}, "Prénom trop long"),
        ],
    )
    def test_invalid_values_are_refused_in_french(self, client, overrides, message):
        response = client.post(SIGNUP, signup_data(**overrides))
        assert response.status_code == 200
        assert message in text(response)
        assert not User.objects.exists()

    @pytest.mark.parametrize("years", [17, 19, 40])
    def test_refuses_anyone_not_eighteen(self, client, years):
        birth_date = timezone.localdate() - relativedelta(years=years, days=30)
        response = client.post(SIGNUP, signup_data(birth_date=birth_date.isoformat()))
        assert response.status_code == 200
        page = text(response)
        assert "Le pass Culture est ouvert aux jeunes de 18 ans : votre date de naissance ne le permet pas." in page
        assert not User.objects.exists() and not mail.outbox

    def test_an_address_already_used_is_refused(self, client):
        UserFactory(email="camille.jeune@example.org")
        response = client.post(SIGNUP, signup_data())
        assert "Un compte lié à cet email existe déjà." in text(response)
        assert not BeneficiaryProfile.objects.exists()

    @pytest.mark.parametrize(
        "data",
        [
            {},
            {"email": ["a@b.fr", "c@d.fr"], "birth_date": "0000-00-00"},
            {"birth_date": "99999-99-99", "postal_code": "\x00\x00\x00\x00\x00"},
            {"first_name": "\x00", "last_name": "Dupont\x00", "city": "x" * 10_000},
            {"password": "\x00" * 20, "password_confirmation": "\x00" * 20},
            {"birth_date": "2008-13-45", "phone": "+" + "9" * 40, "accept_terms": "peut-être"},
            {"email": "é" * 300 + "@example.org", "birth_date": "-1"},
            {"birth_date": "9" * 100, "postal_code": "９９９９９"},
        ],
    )
    def test_garbage_never_causes_a_server_error(self, client, data):
        response = client.post(SIGNUP, {**signup_data(), **data} if data else {})
        assert response.status_code == 200
        assert not User.objects.exists()

    def test_a_logged_in_young_person_goes_to_their_credit(self, client):
        client.force_login(BeneficiaryFactory())
        assert client.get(SIGNUP).url == CREDIT


class TestLogin:
    def test_logs_in_a_beneficiary_and_goes_to_their_credit(self, client):
        user = BeneficiaryFactory(email="jeune@example.org")
        response = client.post(LOGIN, {"email": "JEUNE@example.org", "password": PASSWORD})
        assert response.status_code == 302 and response.url == CREDIT
        assert client.session["_auth_user_id"] == str(user.pk)

    def test_goes_back_to_the_page_asked_for(self, client):
        BeneficiaryFactory(email="jeune@example.org")
        response = client.post(LOGIN, {"email": "jeune@example.org", "password": PASSWORD, "next": BOOKINGS})
        assert response.url == BOOKINGS

    def test_never_goes_to_another_site(self, client):
        BeneficiaryFactory(email="jeune@example.org")
        data = {"email": "jeune@example.org", "password": PASSWORD, "next": "https://evil.example/"}
        assert client.post(LOGIN, data).url == CREDIT

    def test_the_login_page_keeps_next(self, client):
        response = client.get(LOGIN + "?next=" + BOOKINGS)
        assert f'name="next" value="{BOOKINGS}"' in response.content.decode()

    def test_wrong_password(self, client):
        BeneficiaryFactory(email="jeune@example.org")
        response = client.post(LOGIN, {"email": "jeune@example.org", "password": "Mauvais-passe-2026!"})
        assert response.status_code == 200
        assert "Identifiant ou mot de passe incorrect." in text(response)
        assert "_auth_user_id" not in client.session

    def test_an_unverified_account_is_refused_with_a_new_link_offered(self, client):
        user = BeneficiaryFactory(email="jeune@example.org")
        User.objects.filter(pk=user.pk).update(email_verified_at=None)
        response = client.post(LOGIN, {"email": "jeune@example.org", "password": PASSWORD})
        page = text(response)
        assert "Ce compte n'est pas validé." in page
        assert reverse("beneficiary:resend-verification") in page
        assert "_auth_user_id" not in client.session

    def test_is_throttled_like_the_pro_login(self, client, settings):
        settings.LOGIN_THROTTLE_MAX_FAILURES = 3
        BeneficiaryFactory(email="jeune@example.org")
        for _ in range(3):
            client.post(LOGIN, {"email": "jeune@example.org", "password": "Mauvais-passe-2026!"})
        response = client.post(LOGIN, {"email": "jeune@example.org", "password": PASSWORD})
        assert "Trop de tentatives de connexion infructueuses." in text(response)
        assert "_auth_user_id" not in client.session

    def test_garbage_never_causes_a_server_error(self, client):
        for data in ({}, {"email": "\x00", "password": "\x00"}, {"email": "x" * 5000, "password": "y" * 5000}):
            assert client.post(LOGIN, data).status_code == 200

    def test_a_pro_may_log_in_here_and_is_told_it_is_not_a_young_persons_account(self, client, pro):
        response = client.post(LOGIN, {"email": pro.email, "password": PASSWORD}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("beneficiary:catalogue")
        assert "n'est pas un compte jeune" in text(response)

    def test_logout(self, client):
        client.force_login(BeneficiaryFactory())
        response = client.post(LOGOUT, follow=True)
        assert "Vous êtes déconnecté(e)." in text(response)
        assert "_auth_user_id" not in client.session
        assert client.get(LOGOUT).status_code == 405  # a link cannot log anyone out

    def test_resend_verification(self, client, django_capture_on_commit_callbacks):
        user = BeneficiaryFactory(email="jeune@example.org")
        User.objects.filter(pk=user.pk).update(email_verified_at=None)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("beneficiary:resend-verification"), {"email": "jeune@example.org"})
        assert response.url == LOGIN
        assert [m.to for m in mail.outbox] == [["jeune@example.org"]]
        assert "pass Culture Pro" not in mail.outbox[0].body


class TestNav:
    def test_logged_out(self, client):
        page = text(client.get(reverse("beneficiary:catalogue")))
        assert LOGIN in page and SIGNUP in page
        assert CREDIT not in page

    def test_young_person(self, client):
        client.force_login(BeneficiaryFactory())
        page = text(client.get(reverse("beneficiary:catalogue")))
        assert "Mon crédit" in page and CREDIT in page
        assert "Mes réservations" in page and BOOKINGS in page
        assert LOGOUT in page

    def test_pro(self, client, pro):
        client.force_login(pro)
        page = text(client.get(reverse("beneficiary:catalogue")))
        assert CREDIT not in page and LOGOUT in page


class TestOnlyForYoungPeople:
    @pytest.mark.parametrize("url", [CREDIT, BOOKINGS])
    def test_logged_out_goes_to_the_login_page(self, client, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"{LOGIN}?next={url}"

    @pytest.mark.parametrize("url", [CREDIT, BOOKINGS])
    def test_a_pro_gets_a_clear_page(self, client, pro, url):
        client.force_login(pro)
        response = client.get(url)
        assert response.status_code == 403
        page = text(response)
        assert "Cette page est réservée aux jeunes" in page
        assert pro.email in page

    def test_staff_too(self, client, staff):
        client.force_login(staff)
        assert client.get(CREDIT).status_code == 403


class TestCredit:
    def test_a_fresh_deposit(self, client):
        user = BeneficiaryFactory()
        client.force_login(user)
        page = text(client.get(CREDIT))
        assert "Crédit restant" in page
        assert "500,00 €" in page
        assert "Biens physiques" in page and "Offres numériques" in page
        assert page.count("200,00 €") == 4  # initial and remaining of both caps
        expires = Deposit.objects.get(user=user).expires_at
        assert f"valable jusqu'au {timezone.localtime(expires):%d/%m/%Y}" in page

    def test_the_numbers_after_bookings(self, client, venue):
        user = BeneficiaryFactory()
        booking_create(user, EventStockFactory(offer__venue=venue, price_cents=1500).pk)
        booking_create(user, StockFactory(offer=OfferFactory(venue=venue, name="Livre"), price_cents=2050).pk)
        client.force_login(user)
        response = client.get(CREDIT)
        page = text(response)
        assert "464,50 €" in page  # 500 − 15 − 20,50
        assert "sur 500,00 € au départ" in page
        caps = dict((label, (cap.initial, cap.remaining)) for label, _, cap in response.context["caps"])
        assert caps == {"Biens physiques": (20000, 17950), "Offres numériques": (20000, 20000)}
        assert "179,50 €" in page

    def test_a_pending_profile_says_the_identity_is_being_checked(self, client):
        user = UserFactory()
        BeneficiaryProfile.objects.create(user=user, birth_date=eighteen_years_old(), postal_code="75011")
        client.force_login(user)
        response = client.get(CREDIT)
        assert response.status_code == 200
        page = text(response)
        assert "Identité en cours de vérification" in page
        assert "0,00 €" in page

    def test_a_refused_profile(self, client):
        user = UserFactory()
        BeneficiaryProfile.objects.create(
            user=user, birth_date=eighteen_years_old(), postal_code="75011", eligibility=EligibilityStatus.REFUSED
        )
        client.force_login(user)
        assert "Votre demande n'a pas été acceptée" in text(client.get(CREDIT))

    def test_an_expired_deposit_counts_as_zero(self, client):
        user = BeneficiaryFactory()
        deposit = Deposit.objects.get(user=user)
        with time_machine.travel(deposit.expires_at + datetime.timedelta(days=1)):
            client.force_login(user)
            response = client.get(CREDIT)
        page = text(response)
        assert "Votre crédit a expiré" in page
        assert f"a expiré le {timezone.localtime(deposit.expires_at):%d/%m/%Y}" in page
        assert "il compte désormais pour 0 €" in page
        assert response.context["credit"].all.remaining == 0
        assert not response.context["caps"]

    def test_the_expiry_date_is_shown_in_the_young_persons_time_zone(self, client):
        user = BeneficiaryFactory()
        BeneficiaryProfile.objects.filter(user=user).update(postal_code="97400")  # La Réunion, UTC+4
        # Expires at 22:30 UTC: still the same day in Paris in winter (23:30), already the next day in La Réunion.
        expires = datetime.datetime(2028, 1, 10, 22, 30, tzinfo=datetime.UTC)
        Deposit.objects.filter(user=user).update(expires_at=expires)
        client.force_login(user)
        assert "valable jusqu'au 11/01/2028" in text(client.get(CREDIT))


def test_signup_then_verify_then_login(client, django_capture_on_commit_callbacks):
    """The whole journey: the link of the mail verifies the address, then the young person logs in here."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, signup_data(email="journey@example.org"))
    [message] = mail.outbox
    path = re.search(r"https?://[^/\s]+(/\S*inscription/verification/\S+)", message.body).group(1)
    client.get(path)
    assert User.objects.get(email="journey@example.org").is_email_verified
    response = client.post(LOGIN, {"email": "journey@example.org", "password": STRONG_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == CREDIT
    assert "Identité en cours de vérification" in text(response)
