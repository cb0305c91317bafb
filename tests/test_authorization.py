"""Who may open what: every pro and back-office URL against five kinds of visitor.

Another structure's object is "not found" (404), never "forbidden"; the back office does not reveal itself to
pros (404); anonymous visitors are sent to the login page.
"""

import pytest
from django.urls import reverse

from tests.url_matrix import (
    OWN_ACCOUNT,
    OWN_SCOPE,
    PUBLIC,
    ROLES,
    add_young_people,
    all_url_names,
    backoffice_requests,
    build_world,
    pro_requests,
    young_requests,
)


@pytest.fixture
def world(db):
    return build_world()


def test_every_pro_and_account_url_is_in_the_matrix(world):
    covered = PUBLIC | OWN_ACCOUNT | OWN_SCOPE | {name for name, *_ in pro_requests(world)}
    assert all_url_names("pro") | all_url_names("account") == covered


@pytest.mark.parametrize("role", ROLES)
def test_scoped_pro_urls(client, world, role):
    user = world["users"][role]
    if user:
        client.force_login(user)
    for name, method, url, data in pro_requests(world):
        response = getattr(client, method)(url, data or {})
        if role == "anonymous":
            assert response.status_code == 302 and reverse("account:login") in response.url, name
        elif role == "member":
            assert response.status_code in (200, 302), name
        else:  # another structure's pro, a pending attachment, and staff (who use the back office)
            assert response.status_code == 404, (name, role)


@pytest.mark.parametrize("role", ROLES)
def test_own_account_pages(client, world, role):
    user = world["users"][role]
    if user:
        client.force_login(user)
    for name in sorted(OWN_ACCOUNT | OWN_SCOPE):
        # As htmx asks (the fragments send a plain request back to their page); the pages answer it the same.
        response = client.get(reverse(name), headers={"HX-Request": "true"})
        if role == "anonymous":
            assert response.status_code == 302 and reverse("account:login") in response.url, name
        else:
            assert response.status_code == 200, name


def test_pending_member_sees_nothing_of_the_structure_on_home(client, world):
    client.force_login(world["users"]["pending"])
    page = client.get(reverse("pro:home")).content.decode()
    assert world["venue"].name not in page
    assert "Demande de rattachement en cours" in page


def test_every_backoffice_url_is_in_the_matrix(world):
    gets, posts = backoffice_requests(world)
    assert all_url_names("backoffice") == {name for name, *_ in gets} | {name for name, *_ in posts}


@pytest.mark.parametrize("role", ROLES)
def test_backoffice_urls(client, world, role):
    user = world["users"][role]
    if user:
        client.force_login(user)
    gets, posts = backoffice_requests(world)
    for name, args in gets:
        response = client.get(reverse(name, args=args))
        if role == "anonymous":
            assert response.status_code == 302 and reverse("account:login") in response.url, name
        elif role == "staff":
            assert response.status_code == 200, name
        else:
            assert response.status_code == 404, (name, role)
    if role == "staff":
        return  # the effects of staff actions are tested in tests/backoffice
    offerer, pending = world["offerer"], world["pending"]
    for name, args, data in posts:
        response = client.post(reverse(name, args=args), data)
        if role == "anonymous":
            assert response.status_code == 302 and reverse("account:login") in response.url, name
        else:
            assert response.status_code == 404, (name, role)
    offerer.refresh_from_db()
    pending.refresh_from_db()
    assert (offerer.status, pending.status) == ("VALIDATED", "PENDING")  # nothing changed
    world["account"].refresh_from_db()
    assert world["account"].status == "WITH_PENDING_CORRECTIONS"


def test_every_young_peoples_url_is_in_the_list(world):
    """Not part of the matrix (the young people's pages have their own login), but listed for the page audits."""
    gets, posts = young_requests(add_young_people(world))
    assert {name for _, name, *_ in gets + posts} == all_url_names("beneficiary")
