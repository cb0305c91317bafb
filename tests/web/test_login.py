import pytest
from django import forms
from django.contrib.messages import get_messages
from django.urls import reverse

from passculture.web.forms import NewPasswordMixin, PasswordPolicyWidget, password_policy_attrs
from passculture.web.login import NEW_LINK_SENT
from tests.factories import PASSWORD, UserFactory

LOGIN = "/connexion/"


def _fail(client, email, forwarded):
    return client.post(LOGIN, {"email": email, "password": "wrong-password"}, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.django_db
def test_behind_the_proxy_each_client_address_has_its_own_throttling_bucket(client, settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.LOGIN_THROTTLE_MAX_FAILURES = 2
    user = UserFactory()
    for n in range(2):
        _fail(client, f"nobody{n}@example.net", "1.1.1.1, 203.0.113.7")
    # The same client address, whatever it puts on the left of the header: refused even with the right password.
    refused = client.post(
        LOGIN, {"email": user.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7"
    )
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    # Another client behind the same proxy (same REMOTE_ADDR) is not.
    allowed = client.post(LOGIN, {"email": user.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert allowed.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_an_unverified_address_is_offered_a_new_link(client):
    user = UserFactory(email_verified_at=None)
    response = client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    assert response.context["unverified"] is True
    assert reverse("account:resend-verification") in response.content.decode()


@pytest.mark.django_db
def test_the_new_link_page_never_says_whether_the_account_exists(client):
    response = client.post(reverse("account:resend-verification"), {"email": "nobody@example.net"})
    assert response.status_code == 302 and response.url == reverse("account:login")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [NEW_LINK_SENT]


def test_password_policy_attrs():
    assert password_policy_attrs("") == {}
    attrs = password_policy_attrs("/inscription/mot-de-passe/")
    assert attrs["hx-post"] == "/inscription/mot-de-passe/" and attrs["hx-target"] == "#password-policy"
    widget = PasswordPolicyWidget("/p/", attrs={"class": "x"})
    assert widget.attrs["autocomplete"] == "new-password" and widget.attrs["class"] == "x"
    assert widget.attrs["hx-post"] == "/p/"


class _SignupForm(NewPasswordMixin, forms.Form):
    password = forms.CharField(strip=False)
    password_confirmation = forms.CharField(strip=False)


def test_new_password_mixin_checks_the_policy_and_the_confirmation(db):
    form = _SignupForm({"password": "short", "password_confirmation": "short"}, policy_url="/p/")
    assert not form.is_valid() and "password" in form.errors
    assert form.fields["password"].widget.attrs["hx-post"] == "/p/"
    form = _SignupForm({"password": PASSWORD, "password_confirmation": PASSWORD + "x"})
    assert form.errors == {"password_confirmation": ["Les deux mots de passe ne sont pas identiques."]}
    assert _SignupForm({"password": PASSWORD, "password_confirmation": PASSWORD}).is_valid()
