"""Reads are scoped: a user sees a structure and its venues only through a VALIDATED membership."""

import pytest
from django.utils import timezone

from passculture.offerers.models import MembershipStatus, OffererStatus
from passculture.offerers.selectors import (
    attachment_requests,
    offerers_of,
    offerers_to_validate,
    pending_memberships_for,
    pending_memberships_of,
    register_record,
    search_offerers,
    search_users,
    validated_members,
    venues_of,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def landscape(user):
    """``user`` is a validated member of A, asks to join B, was refused by C; D is someone else's."""
    a = factories.OffererFactory(name="A - Cinéma")
    b = factories.OffererFactory(name="B - Musée")
    c = factories.OffererFactory(name="C - Théâtre")
    d = factories.OffererFactory(name="D - Disquaire")
    factories.MembershipFactory(user=user, offerer=a)
    factories.MembershipFactory(user=user, offerer=b, status=MembershipStatus.PENDING)
    factories.MembershipFactory(user=user, offerer=c, status=MembershipStatus.REJECTED)
    # Other people are validated members of B, C and D: that must not open them to ``user``.
    for offerer in (b, c, d):
        factories.MembershipFactory(offerer=offerer)
    venues = {o: factories.VenueFactory(offerer=o) for o in (a, b, c, d)}
    return a, b, c, d, venues


class TestScoping:
    def test_offerers_of(self, user, landscape):
        a, *_ = landscape
        assert list(offerers_of(user)) == [a]

    def test_venues_of(self, user, landscape):
        a, _, _, _, venues = landscape
        assert set(venues_of(user)) == {venues[a], a.venues.get(is_virtual=True)}

    def test_no_duplicates_with_several_members(self, user, landscape):
        a, *_ = landscape
        factories.MembershipFactory(offerer=a)
        factories.MembershipFactory(offerer=a)
        assert list(offerers_of(user)) == [a]
        assert venues_of(user).count() == 2

    def test_someone_with_no_membership_sees_nothing(self, landscape):
        stranger = factories.UserFactory()
        assert list(offerers_of(stranger)) == []
        assert list(venues_of(stranger)) == []

    def test_sorted_by_name(self, user):
        names = ["Zénith", "Atelier", "Musée"]
        for name in names:
            factories.MembershipFactory(user=user, offerer=factories.OffererFactory(name=name))
        assert [o.name for o in offerers_of(user)] == sorted(names)


class TestMembers:
    def test_validated_members(self, user, landscape):
        a, b, *_ = landscape
        inactive = factories.MembershipFactory(offerer=a).user
        inactive.is_active = False
        inactive.save()
        assert list(validated_members(a)) == [user]
        assert user not in validated_members(b)

    def test_pending_requests(self, user, landscape):
        _, b, *_ = landscape
        assert [m.offerer for m in pending_memberships_of(user)] == [b]
        assert [m.user for m in pending_memberships_for(b)] == [user]
        assert [(m.user, m.offerer) for m in attachment_requests()] == [(user, b)]


class TestBackOffice:
    def test_queue_of_structures_to_validate_oldest_first(self, db):
        old = factories.OffererFactory(status=OffererStatus.PENDING)
        new = factories.OffererFactory(status=OffererStatus.NEW)
        factories.OffererFactory(status=OffererStatus.VALIDATED)
        factories.OffererFactory(status=OffererStatus.REJECTED)
        type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=3))
        factories.MembershipFactory(offerer=new)
        factories.MembershipFactory(offerer=new, status=MembershipStatus.PENDING)

        queue = list(offerers_to_validate())

        assert queue == [old, new]
        assert [o.member_count for o in queue] == [0, 1]

    def test_search_offerers(self, db):
        cinema = factories.OffererFactory(name="Cinéma Le Lux", city="Caen")
        venue = factories.VenueFactory(offerer=cinema)
        factories.OffererFactory(name="Librairie Ombres Blanches", city="Toulouse")
        assert list(search_offerers("lux")) == [cinema]
        assert list(search_offerers("caen")) == [cinema]
        assert list(search_offerers(cinema.siren[:5])) == [cinema]
        assert list(search_offerers(f"{cinema.siren[:3]} {cinema.siren[3:]}")) == [cinema]
        assert list(search_offerers(venue.siret)) == [cinema]
        assert search_offerers("").count() == 2

    def test_search_users(self, db):
        lea = factories.UserFactory(first_name="Léa", last_name="Dupont", phone="0699887766")
        factories.UserFactory(first_name="Marc", last_name="Durand")
        assert list(search_users("dupont")) == [lea]
        assert list(search_users(lea.email.upper())) == [lea]
        assert list(search_users("06 99 88")) == [lea]


class TestScopedLists:
    def test_memberships_and_apikeys_of_are_those_of_the_users_structures(self, landscape, user):
        from passculture.offerers import services as offerer_services
        from passculture.offerers.selectors import apikeys_of, memberships_of_offerers_of

        a = offerers_of(user).get(name="A - Cinéma")
        d = factories.OffererFactory(name="E - Autre")
        key, _ = offerer_services.apikey_create(a, user)
        offerer_services.apikey_create(d, factories.UserFactory())
        assert list(apikeys_of(user)) == [key]
        assert {m.offerer_id for m in memberships_of_offerers_of(user)} == {a.pk}

    def test_memberships_of_lists_every_status_newest_first(self, landscape, user):
        from passculture.offerers.selectors import memberships_of

        statuses = [membership.status for membership in memberships_of(user)]
        assert sorted(statuses) == sorted(["VALIDATED", "PENDING", "REJECTED"])


class TestSummaries:
    def test_the_activation_queue_in_numbers(self):
        from passculture.offerers.selectors import offerers_to_validate_summary

        old = factories.OffererFactory(status=OffererStatus.NEW, sirene_check_pending=True)
        factories.OffererFactory(status=OffererStatus.PENDING)
        factories.OffererFactory(status=OffererStatus.VALIDATED)
        summary = offerers_to_validate_summary(late_before=timezone.now() + timezone.timedelta(days=1))
        assert summary == {
            "total": 2, "new": 1, "pending": 1, "late": 2, "sirene_to_check": 1, "oldest": old.created_at,
        }  # fmt: skip
        assert offerers_to_validate_summary(late_before=old.created_at)["late"] == 0

    def test_the_attachment_requests_in_numbers(self):
        from passculture.offerers.selectors import attachment_requests_summary

        assert attachment_requests_summary() == {"total": 0, "oldest": None}
        first = factories.MembershipFactory(status=MembershipStatus.PENDING)
        factories.MembershipFactory(status=MembershipStatus.PENDING)
        factories.MembershipFactory()
        assert attachment_requests_summary() == {"total": 2, "oldest": first.created_at}


class TestRegisterRecord:
    """What staff compare a structure with: the register's answer, its errors reported, never raised."""

    def test_the_demo_structure_and_its_head_office(self):
        record = register_record("123456782")
        assert record.siren_info.name == "Cinéma et Librairie Démo"
        assert record.siret_info.siret == "12345678200010" and record.address.city == "Paris"
        assert (record.siren_error, record.siret_error) == (None, None)

    @pytest.mark.parametrize(
        ("siren", "error"), [("999999998", "not_found"), ("333333334", "not_diffusible"), ("444444442", "rate_limited")]
    )
    def test_a_refusal_of_the_register_is_its_code(self, siren, error):
        record = register_record(siren)
        assert record.siren_info is None and record.siret_info is None and record.address is None
        assert record.siren_error == error
