"""Who may open the back office: staff only; anonymous → login, anybody else → 404 (never 403)."""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from passculture.offerers.models import MembershipStatus
from tests import factories

PAGES = [
    ("backoffice:home", None),
    ("backoffice:offerer-queue", None),
    ("backoffice:offerer-detail", "offerer"),
    ("backoffice:attachment-requests", None),
    ("backoffice:search", None),
    ("backoffice:user-detail", "user"),
    ("backoffice:audit", None),
]
ACTIONS = [
    ("backoffice:offerer-validate", "offerer"),
    ("backoffice:offerer-hold", "offerer"),
    ("backoffice:offerer-reject", "offerer"),
    ("backoffice:offerer-close", "offerer"),
    ("backoffice:membership-validate", "membership"),
    ("backoffice:membership-reject", "membership"),
]


@pytest.fixture
def objects(new_offerer, requester, pending_membership):
    return {"offerer": new_offerer, "user": requester, "membership": pending_membership}


def _url(name, kind, objects):
    return reverse(name, args=[objects[kind].pk]) if kind else reverse(name)


def _other_pro():
    other = factories.UserFactory()
    factories.MembershipFactory(user=other)
    return other


# Every kind of logged-in person who is not staff.
NOT_STAFF = {
    "pro member of the structure": lambda objects: objects["user"],
    "pro of another structure": lambda objects: _other_pro(),
    "pending attachment request": lambda objects: objects["membership"].user,
    "user without structure": lambda objects: factories.UserFactory(),
    "unverified user": lambda objects: factories.UserFactory(email_verified_at=None),
}


@pytest.mark.parametrize(("name", "kind"), PAGES + ACTIONS)
def test_anonymous_is_sent_to_login(client, objects, name, kind):
    url = _url(name, kind, objects)
    response = client.post(url) if (name, kind) in ACTIONS else client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account:login')}?next={quote(url)}"


@pytest.mark.parametrize("who", NOT_STAFF)
@pytest.mark.parametrize(("name", "kind"), PAGES + ACTIONS)
def test_non_staff_gets_404(client, objects, name, kind, who):
    client.force_login(NOT_STAFF[who](objects))
    url = _url(name, kind, objects)
    response = client.post(url, {"hold-comment": "x"}) if (name, kind) in ACTIONS else client.get(url)
    assert response.status_code == 404
    objects["offerer"].refresh_from_db()
    objects["membership"].refresh_from_db()
    assert objects["offerer"].status == "NEW"
    assert objects["membership"].status == MembershipStatus.PENDING


@pytest.mark.parametrize(("name", "kind"), PAGES)
def test_staff_sees_every_page(staff_client, objects, name, kind):
    response = staff_client.get(_url(name, kind, objects))
    assert response.status_code == 200
    assert "Back office" in response.text
    # The back-office navigation is on every page.
    assert reverse("backoffice:offerer-queue") in response.text


@pytest.mark.parametrize(("name", "kind"), ACTIONS)
def test_actions_refuse_get(staff_client, objects, name, kind):
    assert staff_client.get(_url(name, kind, objects)).status_code == 405


@pytest.mark.parametrize(("name", "kind"), [("backoffice:offerer-detail", "offerer")])
def test_unknown_object_is_404_for_staff(staff_client, objects, name, kind):
    assert staff_client.get(reverse(name, args=[999999])).status_code == 404
    assert staff_client.get(reverse("backoffice:user-detail", args=[999999])).status_code == 404
    assert staff_client.post(reverse("backoffice:offerer-validate", args=[999999])).status_code == 404
    assert staff_client.post(reverse("backoffice:membership-validate", args=[999999])).status_code == 404


def test_inactive_staff_is_treated_as_anonymous(db, objects):
    client = Client()
    client.force_login(factories.StaffFactory(is_active=False))
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302


@pytest.mark.parametrize(("name", "kind"), ACTIONS)
def test_actions_require_csrf_token(db, staff, objects, name, kind):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(_url(name, kind, objects), {"hold-comment": "x", "reject-comment": "x"})
    assert response.status_code == 403
    objects["offerer"].refresh_from_db()
    assert objects["offerer"].status == "NEW"


def test_forms_carry_csrf_token(staff_client, objects):
    response = staff_client.get(reverse("backoffice:offerer-detail", args=[objects["offerer"].pk]))
    assert response.text.count('name="csrfmiddlewaretoken"') >= 4
