"""Links in mails: domain code names a page, the interface that serves it registered its URL."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.urls import resolve

import passculture
from passculture.core import links

pytestmark = pytest.mark.django_db

DOMAIN_APPS = ("core", "accounts", "offerers", "offers", "beneficiaries", "bookings")


@pytest.mark.parametrize(
    ("name", "kwargs", "url_name"),
    [
        ("login", {}, "account:login"),
        ("pro-signup", {}, "pro:signup"),
        ("verify-email", {"token": "abc:def"}, "account:verify-email"),
        ("resend-verification", {}, "account:resend-verification"),
        ("pro-offerer-detail", {"pk": 42}, "pro:offerer-detail"),
    ],
)
def test_a_link_is_absolute_and_leads_to_its_page(name, kwargs, url_name):
    url = links.link(name, **kwargs)
    assert url.startswith(settings.PUBLIC_URL + "/")
    match = resolve(url.removeprefix(settings.PUBLIC_URL))
    assert match.view_name == url_name
    assert {key: str(value) for key, value in match.kwargs.items()} == {k: str(v) for k, v in kwargs.items()}


def test_a_query_string_is_encoded():
    url = links.link("pro-signup", query={"siren": "123456782", "email": "léa@example.net"})
    assert url == f"{settings.PUBLIC_URL}/inscription/?siren=123456782&email=l%C3%A9a%40example.net"


def test_an_unknown_link_is_an_error():
    with pytest.raises(links.UnknownLink, match="nope"):
        links.link("nope")


def test_a_name_cannot_be_registered_for_two_pages():
    links.register({"login": "account:login"})  # the same again: harmless
    with pytest.raises(ValueError, match="already registered"):
        links.register({"login": "pro:signup"})


def test_templates_ask_for_a_link_by_its_name():
    template = engines["django"].from_string('{% load passculture %}{% link "login" %}')
    assert template.render({}) == settings.PUBLIC_URL + "/connexion/"


def test_domain_apps_never_name_an_interface_url():
    root = Path(passculture.__file__).parent
    for app in DOMAIN_APPS:
        for source in (root / app).rglob("*.py"):
            if source == root / "core" / "links.py":
                continue  # the registry itself
            text = source.read_text()
            assert not re.search(r"\breverse\(", text), source
            assert not re.search(r"from passculture\.(pro|beneficiary|backoffice|api)\b", text), source
