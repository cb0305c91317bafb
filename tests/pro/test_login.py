"""docs/domain/offerers.md#login: verification link, login, throttling, password reset, profile."""

import re

import pytest
from django.urls import reverse

from passculture.accounts.tokens import make_verification_token
from tests.factories import PASSWORD, UserFactory
from tests.html import field_errors, visible_text

LOGIN = reverse("account:login")


@pytest.mark.django_db
def test_login_is_refused_until_the_email_is_verified(client):
    user = UserFactory(email_verified_at=None)
    response = client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    page = visible_text(response)
    assert "Ce compte n'est pas validé" in page
    assert "Recevoir un nouveau lien" in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_verification_link_verifies_then_login_works(client, django_capture_on_commit_callbacks):
    user = UserFactory(email_verified_at=None)
    response = client.get(reverse("account:verify-email", args=[make_verification_token(user)]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_email_verified
    response = client.post(LOGIN, {"email": f"  {user.email.upper()} ", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("pro:home")


@pytest.mark.django_db
def test_a_used_link_says_so_and_a_broken_link_offers_a_new_one(client):
    user = UserFactory(email_verified_at=None)
    token = make_verification_token(user)
    client.get(reverse("account:verify-email", args=[token]))
    again = client.get(reverse("account:verify-email", args=[token]), follow=True)
    assert "déjà vérifiée" in again.content.decode()
    broken = client.get(reverse("account:verify-email", args=["abc"]), follow=True)
    assert "n'est pas valide" in visible_text(broken)
    assert broken.request["PATH_INFO"] == reverse("account:resend-verification")


@pytest.mark.django_db
def test_resending_the_link_sends_a_new_mail(client, django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory(email_verified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account:resend-verification"), {"email": user.email})
    assert len(mailoutbox) == 1
    link = re.search(r"/inscription/verification/[^/\s]+/", mailoutbox[0].body).group(0)
    client.get(link)
    user.refresh_from_db()
    assert user.is_email_verified


@pytest.mark.django_db
def test_wrong_credentials_give_one_message_for_unknown_account_and_wrong_password(client, user):
    for email, password in [(user.email, "Mauvais-mot-de-passe1"), ("inconnu@example.net", PASSWORD)]:
        response = client.post(LOGIN, {"email": email, "password": password})
        assert "Identifiant ou mot de passe incorrect." in response.content.decode()


@pytest.mark.django_db
def test_login_is_throttled_after_five_failures_even_with_the_right_password(client, user):
    for _ in range(5):
        client.post(LOGIN, {"email": user.email, "password": "Mauvais-mot-de-passe1"})
    response = client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_redirects_to_a_safe_next_only(client, user):
    response = client.post(LOGIN, {"email": user.email, "password": PASSWORD, "next": "https://evil.example/"})
    assert response.url == reverse("pro:home")
    client.logout()
    response = client.post(LOGIN, {"email": user.email, "password": PASSWORD, "next": reverse("account:profile")})
    assert response.url == reverse("account:profile")


@pytest.mark.django_db
def test_logout_needs_a_post(client, user):
    client.force_login(user)
    assert client.get(reverse("account:logout")).status_code == 405
    client.post(reverse("account:logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_forgotten_password_by_email_link(client, user, mailoutbox):
    client.post(reverse("account:password-reset"), {"email": user.email})
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/\s]+(/mot-de-passe/[^\s]+/)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new_password = "Nouveau-passCulture-2027?"
    response = client.post(
        form_page.request["PATH_INFO"], {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


RESET = reverse("account:password-reset")


@pytest.mark.django_db
def test_15_password_reset_requests_send_3_mails_with_the_same_answer_for_an_unknown_address(client, user, mailoutbox):
    answers = {}
    for email in [user.email, "inconnu@example.net"]:
        pages = [client.post(RESET, {"email": email}, follow=True) for _ in range(15)]
        answers[email] = [(visible_text(page, "main"), field_errors(page, "email")) for page in pages]
    assert len(mailoutbox) == 3 and {m.to[0] for m in mailoutbox} == {user.email}
    assert answers[user.email] == answers["inconnu@example.net"]  # nothing tells whether an account exists
    [refusal] = {errors[0] for _, errors in answers[user.email][3:]}
    assert refusal.startswith("Trop de demandes de réinitialisation du mot de passe. Par sécurité, réessayez dans")
    assert answers[user.email][0][1] == []


@pytest.mark.django_db
def test_password_reset_requests_are_limited_per_client_address(client, user, mailoutbox, settings):
    settings.PASSWORD_RESET_MAX_PER_IP = 4
    for n in range(4):
        client.post(RESET, {"email": f"essai{n}@example.net"}, REMOTE_ADDR="203.0.113.7")
    refused = client.post(RESET, {"email": user.email}, REMOTE_ADDR="203.0.113.7")
    assert "Trop de demandes de réinitialisation" in visible_text(refused, "main") and mailoutbox == []
    client.post(RESET, {"email": user.email}, REMOTE_ADDR="198.51.100.1")
    assert [m.to for m in mailoutbox] == [[user.email]]


@pytest.mark.django_db
def test_password_change_applies_the_policy(client, user):
    client.force_login(user)
    url = reverse("account:password-change")
    weak = client.post(url, {"old_password": PASSWORD, "new_password1": "faible", "new_password2": "faible"})
    assert "12 caractères minimum" in weak.content.decode()
    wrong = client.post(
        url,
        {
            "old_password": "nope",
            "new_password1": "Nouveau-pass-2027?",
            "new_password2": "Nouveau-pass-2027?",
        },
    )
    assert "Votre mot de passe actuel est incorrect." in wrong.content.decode()
    ok = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Nouveau-pass-2027?",
            "new_password2": "Nouveau-pass-2027?",
        },
    )
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nouveau-pass-2027?")


@pytest.mark.django_db
def test_profile_edit_and_its_errors(client, user):
    client.force_login(user)
    url = reverse("account:profile")
    bad = client.post(url, {"first_name": "", "last_name": "X", "phone": "12", "email": "x"})
    page = bad.content.decode()
    assert "Veuillez renseigner votre prénom." in page
    assert "Numéro de téléphone invalide" in page
    assert "Adresse email invalide." in page
    ok = client.post(url, {"first_name": "Lou", "last_name": "Garnier", "phone": "+33612345678", "email": user.email})
    assert ok.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.phone) == ("Lou", "+33612345678")
