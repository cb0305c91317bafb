"""Who may open what: every pro and back-office URL against five kinds of visitor.

Another structure's object is "not found" (404), never "forbidden"; the back office does not reveal itself to
pros (404); anonymous visitors are sent to the login page.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from passculture.offerers.models import MembershipStatus
from tests.factories import (
    MembershipFactory,
    OffererFactory,
    StaffFactory,
    UserFactory,
    VenueFactory,
    valid_siret,
)

ROLES = ["anonymous", "member", "outsider", "pending", "staff"]

PUBLIC = {
    "pro:signup",
    "pro:signup-done",
    "pro:password-policy",
    "pro:verify-email",
    "pro:resend-verification",
    "pro:login",
    "pro:logout",
    "pro:password-reset",
    "pro:password-reset-done",
    "pro:password-reset-confirm",
    "pro:password-reset-complete",
    "pro:terms",
}
# Pages of one's own account: any logged-in user.
OWN_ACCOUNT = {"pro:home", "pro:profile", "pro:password-change"}


def all_url_names(namespace: str) -> set[str]:
    resolver = get_resolver()
    names = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == namespace:
            for pattern in entry.url_patterns:
                if isinstance(pattern, URLPattern) and pattern.name:
                    names.add(f"{namespace}:{pattern.name}")
    return names


@pytest.fixture
def world(db):
    offerer = OffererFactory()
    venue = VenueFactory(offerer=offerer)
    member = UserFactory()
    MembershipFactory(user=member, offerer=offerer)
    outsider = UserFactory()
    MembershipFactory(user=outsider, offerer=OffererFactory())
    pending_user = UserFactory()
    pending = MembershipFactory(user=pending_user, offerer=offerer, status=MembershipStatus.PENDING)
    staff = StaffFactory()
    users = {
        "anonymous": None,
        "member": member,
        "outsider": outsider,
        "pending": pending_user,
        "staff": staff,
    }
    return {"offerer": offerer, "venue": venue, "pending": pending, "users": users}


def pro_requests(world):
    """(url name, method, url, data) for every pro URL that is scoped to the structure."""
    offerer, venue, pending = world["offerer"], world["venue"], world["pending"]
    return [
        ("pro:offerer-detail", "get", reverse("pro:offerer-detail", args=[offerer.pk]), None),
        (
            "pro:offerer-invite",
            "post",
            reverse("pro:offerer-invite", args=[offerer.pk]),
            {"email": "x@example.net"},
        ),
        (
            "pro:membership-decide",
            "post",
            reverse("pro:membership-decide", args=[pending.pk, "accepter"]),
            {},
        ),
        ("pro:venue-create", "get", reverse("pro:venue-create", args=[offerer.pk]), None),
        ("pro:venue-detail", "get", reverse("pro:venue-detail", args=[venue.pk]), None),
        ("pro:venue-edit", "get", reverse("pro:venue-edit", args=[venue.pk]), None),
        (
            "pro:siret-lookup",
            "post",
            reverse("pro:siret-lookup"),
            {"offerer": offerer.pk, "siret": valid_siret(offerer.siren, 9)},
        ),
    ]


def test_every_pro_url_is_in_the_matrix(world):
    covered = PUBLIC | OWN_ACCOUNT | {name for name, *_ in pro_requests(world)}
    assert all_url_names("pro") == covered


@pytest.mark.parametrize("role", ROLES)
def test_scoped_pro_urls(client, world, role):
    user = world["users"][role]
    if user:
        client.force_login(user)
    for name, method, url, data in pro_requests(world):
        response = getattr(client, method)(url, data or {})
        if role == "anonymous":
            assert response.status_code == 302 and reverse("pro:login") in response.url, name
        elif role == "member":
            assert response.status_code in (200, 302), name
        else:  # another structure's pro, a pending attachment, and staff (who use the back office)
            assert response.status_code == 404, (name, role)


@pytest.mark.parametrize("role", ROLES)
def test_own_account_pages(client, world, role):
    user = world["users"][role]
    if user:
        client.force_login(user)
    for name in OWN_ACCOUNT:
        response = client.get(reverse(name))
        if role == "anonymous":
            assert response.status_code == 302 and reverse("pro:login") in response.url, name
        else:
            assert response.status_code == 200, name


def test_pending_member_sees_nothing_of_the_structure_on_home(client, world):
    client.force_login(world["users"]["pending"])
    page = client.get(reverse("pro:home")).content.decode()
    assert world["venue"].name not in page
    assert "Demande de rattachement en cours" in page


def backoffice_requests(world):
    offerer, pending = world["offerer"], world["pending"]
    member = world["users"]["member"]
    gets = [
        ("backoffice:home", []),
        ("backoffice:offerer-queue", []),
        ("backoffice:offerer-detail", [offerer.pk]),
        ("backoffice:attachment-requests", []),
        ("backoffice:search", []),
        ("backoffice:user-detail", [member.pk]),
        ("backoffice:audit", []),
    ]
    posts = [
        ("backoffice:offerer-validate", [offerer.pk], {}),
        ("backoffice:offerer-hold", [offerer.pk], {"comment": "Kbis illisible"}),
        ("backoffice:offerer-reject", [offerer.pk], {"comment": "Hors champ"}),
        ("backoffice:offerer-close", [offerer.pk], {"comment": "Cessation"}),
        ("backoffice:membership-validate", [pending.pk], {}),
        ("backoffice:membership-reject", [pending.pk], {}),
    ]
    return gets, posts


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
            assert response.status_code == 302 and reverse("pro:login") in response.url, name
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
            assert response.status_code == 302 and reverse("pro:login") in response.url, name
        else:
            assert response.status_code == 404, (name, role)
    offerer.refresh_from_db()
    pending.refresh_from_db()
    assert (offerer.status, pending.status) == ("VALIDATED", "PENDING")  # nothing changed
