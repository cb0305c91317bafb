"""CSRF on every form, safe cookies and headers in production."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD


def post_urls(offerer, venue, pending, member):
    return [
        reverse("pro:signup"),
        reverse("account:login"),
        reverse("account:logout"),
        reverse("account:resend-verification"),
        reverse("account:password-reset"),
        reverse("account:password-policy"),
        reverse("account:profile"),
        reverse("account:password-change"),
        reverse("pro:offerer-invite", args=[offerer.pk]),
        reverse("pro:membership-decide", args=[pending.pk, "accepter"]),
        reverse("pro:venue-create", args=[offerer.pk]),
        reverse("pro:venue-edit", args=[venue.pk]),
        reverse("pro:siret-lookup"),
        reverse("backoffice:offerer-validate", args=[offerer.pk]),
        reverse("backoffice:offerer-hold", args=[offerer.pk]),
        reverse("backoffice:offerer-reject", args=[offerer.pk]),
        reverse("backoffice:offerer-close", args=[offerer.pk]),
        reverse("backoffice:membership-validate", args=[pending.pk]),
        reverse("backoffice:membership-reject", args=[pending.pk]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "member", "staff"])
def test_every_form_refuses_a_post_without_csrf_token(world_for_csrf, who):
    offerer, venue, pending, member, staff = world_for_csrf
    client = Client(enforce_csrf_checks=True)
    if who == "member":
        client.force_login(member)
    elif who == "staff":
        client.force_login(staff)
    for url in post_urls(offerer, venue, pending, member):
        response = client.post(url, {"email": member.email, "password": PASSWORD})
        assert response.status_code == 403, url
    offerer.refresh_from_db()
    assert offerer.status == "VALIDATED"


@pytest.fixture
def world_for_csrf(db):
    from passculture.offerers.models import MembershipStatus
    from tests.factories import MembershipFactory, OffererFactory, StaffFactory, UserFactory, VenueFactory

    offerer = OffererFactory()
    member = UserFactory()
    MembershipFactory(user=member, offerer=offerer)
    pending = MembershipFactory(offerer=offerer, status=MembershipStatus.PENDING)
    return offerer, VenueFactory(offerer=offerer), pending, member, StaffFactory()


def production_settings(**env) -> dict:
    """Import the settings module in a fresh interpreter configured for production."""
    code = (
        "import json, passculture.settings as s;"
        "print(json.dumps({k: getattr(s, k) for k in ['DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE',"
        " 'SESSION_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_CONTENT_TYPE_NOSNIFF',"
        " 'X_FRAME_OPTIONS', 'DEV_MAILBOX_ENABLED']}))"
    )
    full_env = {**os.environ, "PASSCULTURE_ENV": "production", "SECRET_KEY": "x" * 50, **env}
    full_env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run([sys.executable, "-c", code], env=full_env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_production_cookies_are_secure_and_the_dev_mailbox_is_gone():
    prod = production_settings()
    assert prod["DEBUG"] is False
    assert prod["SESSION_COOKIE_SECURE"] and prod["CSRF_COOKIE_SECURE"] and prod["SESSION_COOKIE_HTTPONLY"]
    assert prod["SECURE_SSL_REDIRECT"] and prod["SECURE_HSTS_SECONDS"] >= 31536000
    assert prod["SECURE_CONTENT_TYPE_NOSNIFF"] and prod["X_FRAME_OPTIONS"] == "DENY"
    assert prod["DEV_MAILBOX_ENABLED"] is False


def test_production_refuses_to_start_with_unsafe_settings():
    code = "import passculture.wsgi"
    env = {**os.environ, "PASSCULTURE_ENV": "production", "DEBUG": "1"}
    env.pop("SECRET_KEY", None)
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode != 0
    for problem in ["DEBUG est activé", "SECRET_KEY est absent", "SQLite", "connecteur factice"]:
        assert problem in result.stderr


@pytest.mark.django_db
def test_pages_are_not_framable(client):
    response = client.get(reverse("account:login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


CSP_PAGES = ["/connexion/", "/catalogue/connexion/", "/backoffice/", "/api/docs", "/api/openapi.json"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", CSP_PAGES)
def test_every_response_has_a_content_security_policy_without_inline_scripts_or_styles(client, path):
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in client.get(path, follow=True)["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no CDN
    assert policy["style-src"] == "'self'"  # no inline style either
    assert policy["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_the_api_documentation_loads_swagger_ui_from_the_site(client):
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "/static/ninja/swagger-ui.css" in page
    assert not re.search(r"""(src|href)=["']https?://""", page)  # nothing from a CDN


def _templates():
    from django.conf import settings as django_settings

    root = django_settings.SRC_DIR
    # Mails and PDF documents (WeasyPrint) are never served as pages: their styles stay inline.
    return sorted(
        path for path in root.rglob("templates/**/*.html") if "/emails/" not in str(path) and "/pdf/" not in str(path)
    )


def test_no_template_has_an_inline_script_or_an_event_handler_attribute():
    offenders = []
    for path in _templates():
        text = path.read_text()
        for match in re.finditer(r"<script\b[^>]*>", text):
            tag = match.group(0)
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{path}: {tag}")
        offenders += [f"{path}: {m.group(0)}" for m in re.finditer(r"""\son[a-z]+\s*=\s*["']""", text)]
        offenders += [f"{path}: {m.group(0)}" for m in re.finditer(r"""\shx-on[:\w-]*\s*=|javascript:""", text)]
    assert offenders == []


def test_no_page_template_has_an_inline_style():
    """The policy refuses ``style=`` attributes and ``<style>`` blocks: a page's rules go in its static CSS file."""
    offenders = []
    for path in _templates():
        text = path.read_text()
        offenders += [f"{path}: {m.group(0)}" for m in re.finditer(r"""<style\b[^>]*>|\sstyle\s*=\s*["']""", text)]
    assert offenders == []
