"""The demo data set: what it holds, idempotence, reset, refusal in production, and logging in with it."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from passculture.accounts.models import User
from passculture.demo import seed
from passculture.offerers.models import Membership, MembershipStatus, Offerer, OffererStatus, Venue, VenueType
from passculture.offerers.selectors import offerers_of, venues_of
from tests import factories

pytestmark = pytest.mark.django_db


def demo(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Every demo object, counted by natural key: one of each expected."""
    sirens = [structure.siren for structure in seed.STRUCTURES]
    return {
        "users": sorted(User.objects.filter(email__in=seed.DEMO_EMAILS).values_list("email", flat=True)),
        "offerers": sorted(Offerer.objects.filter(siren__in=sirens).values_list("siren", flat=True)),
        "venues": sorted(
            Venue.objects.filter(offerer__siren__in=sirens).values_list("offerer__siren", "siret", "name"),
            key=lambda row: (row[0], row[1] or ""),
        ),
        "memberships": sorted(
            Membership.objects.filter(offerer__siren__in=sirens).values_list("user__email", "offerer__siren")
        ),
    }


EXPECTED = {
    "users": ["admin@example.org", "attente@example.org", "pro@example.org"],
    "offerers": ["123456782", "876543216"],
    "venues": [
        ("123456782", None, "Offre numérique"),
        ("123456782", "12345678200010", "Cinéma Démo"),
        ("123456782", "12345678200028", "Librairie Démo Lyon"),
        ("876543216", None, "Offre numérique"),
    ],
    "memberships": [("attente@example.org", "876543216"), ("pro@example.org", "123456782")],
}


class TestDemoCommand:
    def test_builds_the_documented_data_set(self):
        output = demo()
        assert snapshot() == EXPECTED
        assert "pro@example.org" in output and seed.DEMO_PASSWORD in output

    def test_is_idempotent_without_reset(self):
        demo()
        output = demo()
        assert snapshot() == EXPECTED
        assert "Created: 0 users, 0 offerers, 0 venues, 0 memberships" in output

    def test_reset_twice_leaves_exactly_one_of_each_demo_object(self):
        demo("--reset")
        first_pks = set(User.objects.filter(email__in=seed.DEMO_EMAILS).values_list("pk", flat=True))
        output = demo("--reset")
        assert snapshot() == EXPECTED
        assert "Deleted: 3 users, 2 offerers, 4 venues" in output
        # Rebuilt from scratch, not kept.
        assert first_pks.isdisjoint(User.objects.filter(email__in=seed.DEMO_EMAILS).values_list("pk", flat=True))

    def test_reset_removes_what_people_added_to_the_demo_structures_and_keeps_everything_else(self):
        demo()
        structure = Offerer.objects.get(siren="123456782")
        factories.VenueFactory(offerer=structure, siret="12345678200036")
        factories.MembershipFactory(offerer=structure, status=MembershipStatus.PENDING)
        other = factories.VenueFactory()

        demo("--reset")

        assert snapshot() == EXPECTED
        assert Venue.objects.filter(pk=other.pk).exists()

    def test_is_refused_in_production(self):
        with override_settings(IS_PRODUCTION=True), pytest.raises(CommandError, match="production"):
            demo()
        with override_settings(IS_PRODUCTION=True), pytest.raises(CommandError, match="production"):
            demo("--reset")
        assert not User.objects.exists()


class TestDemoContent:
    @pytest.fixture(autouse=True)
    def _seeded(self):
        seed.seed_demo()

    def test_accounts(self):
        admin = User.objects.get(email="admin@example.org")
        assert admin.is_staff and admin.is_superuser
        pro = User.objects.get(email="pro@example.org")
        assert (pro.first_name, pro.last_name) == ("Camille", "Dupont")
        assert not pro.is_staff
        assert all(user.is_email_verified for user in User.objects.all())

    def test_the_validated_structure_and_its_venues(self):
        pro = User.objects.get(email="pro@example.org")
        structure = offerers_of(pro).get()
        assert (structure.siren, structure.name, structure.status) == (
            "123456782",
            "Cinéma et Librairie Démo",
            OffererStatus.VALIDATED,
        )
        assert (structure.street, structure.postal_code, structure.city) == (
            "12 Rue de la Paix",
            "75002",
            "Paris",
        )
        assert list(structure.status_changes.values_list("to_status", flat=True)) == [
            OffererStatus.VALIDATED,
            OffererStatus.NEW,
        ]

        venues = {venue.siret: venue for venue in venues_of(pro)}
        digital = venues.pop(None)
        assert digital.is_virtual and digital.venue_type == VenueType.DIGITAL
        cinema, bookstore = venues["12345678200010"], venues["12345678200028"]
        assert (cinema.name, cinema.venue_type, cinema.department_code, cinema.timezone) == (
            "Cinéma Démo",
            VenueType.MOVIE,
            "75",
            "Europe/Paris",
        )
        assert (bookstore.name, bookstore.venue_type, bookstore.city, bookstore.department_code) == (
            "Librairie Démo Lyon",
            VenueType.BOOKSTORE,
            "Lyon",
            "69",
        )
        assert bookstore.street == "3 Place du Marché" and bookstore.postal_code == "69002"
        for venue in (cinema, bookstore):
            assert isinstance(venue.latitude, Decimal) and isinstance(venue.longitude, Decimal)

    def test_the_structure_awaiting_validation(self):
        waiting = User.objects.get(email="attente@example.org")
        structure = offerers_of(waiting).get()
        assert structure.name == "Théâtre en Attente"
        assert structure.status == OffererStatus.NEW and structure.awaiting_validation
        assert [venue.name for venue in venues_of(waiting)] == ["Offre numérique"]

    def test_the_demo_sirens_and_sirets_are_valid(self):
        from passculture.core.identifiers import is_valid_siren, is_valid_siret

        assert all(is_valid_siren(structure.siren) for structure in seed.STRUCTURES)
        assert all(
            is_valid_siret(venue.siret) and venue.siret.startswith(structure.siren)
            for structure in seed.STRUCTURES
            for venue in structure.venues
        )

    @pytest.mark.parametrize("email", ["admin@example.org", "pro@example.org", "attente@example.org"])
    def test_each_demo_account_can_log_in(self, client, email):
        assert client.login(email=email, password=seed.DEMO_PASSWORD)

    def test_a_wrong_password_is_refused(self, client):
        assert not client.login(email="pro@example.org", password="not-the-password")
