"""The demo data set: what it holds, idempotence, reset, refusal in production, and logging in with it."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from passculture.accounts.models import User
from passculture.beneficiaries.models import BeneficiaryProfile, Deposit, EligibilityStatus
from passculture.beneficiaries.selectors import active_deposit, domains_credit
from passculture.beneficiaries.services import age_on, deposit_grant
from passculture.bookings.models import Booking, BookingStatus
from passculture.bookings.selectors import bookings_of
from passculture.bookings.services import booking_create, booking_validate_countermark
from passculture.core.models import AuditLogEntry
from passculture.demo import seed
from passculture.finance.models import BankAccountLink
from passculture.offerers.models import Membership, MembershipStatus, Offerer, OffererStatus, Venue, VenueType
from passculture.offerers.selectors import offerers_of, venues_of
from passculture.offers.models import Offer, OfferValidation, Product, Stock
from passculture.offers.selectors import visible_offers
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
        "profiles": sorted(BeneficiaryProfile.objects.values_list("user__email", "eligibility")),
        "deposits": sorted(Deposit.objects.values_list("user__email", flat=True)),
        "offers": sorted(Offer.objects.values_list("venue__name", "subcategory_id", "validation")),
        "stocks": Stock.objects.count(),
        "bookings": sorted(Booking.objects.values_list("user__email", "offer__name", "status")),
        "products": sorted(Product.objects.values_list("ean", "is_eligible")),
        "bank_accounts": sorted(
            BankAccountLink.objects.filter(ends_at__isnull=True).values_list(
                "venue__name", "bank_account__label", "bank_account__status"
            )
        ),
    }


EXPECTED = {
    "users": ["admin@example.org", "attente@example.org", "jeune@example.org", "pro@example.org"],
    "offerers": ["123456782", "876543216"],
    "venues": [
        ("123456782", None, "Offre numérique"),
        ("123456782", "12345678200010", "Cinéma Démo"),
        ("123456782", "12345678200028", "Librairie Démo Lyon"),
        ("876543216", None, "Offre numérique"),
    ],
    "memberships": [("attente@example.org", "876543216"), ("pro@example.org", "123456782")],
    "profiles": [("jeune@example.org", "ELIGIBLE")],
    "deposits": ["jeune@example.org"],
    "offers": [
        ("Cinéma Démo", "CONCERT", "APPROVED"),
        ("Cinéma Démo", "SEANCE_CINE", "APPROVED"),
        ("Librairie Démo Lyon", "LIVRE_PAPIER", "APPROVED"),
        ("Offre numérique", "LIVRE_NUMERIQUE", "APPROVED"),
    ],
    "stocks": 10,  # 6 showtimes, 2 concert dates, the book, the e-book
    # The demo's three products and the sample Titelive file (school, para-school and press lines refused).
    "products": [
        ("9770134594003", False),
        ("9782010000317", False),
        ("9782012101401", True),
        ("9782070360024", True),
        ("9782070368228", True),
        ("9782070413119", True),
        ("9782070612758", True),
        ("9782091611099", False),
        ("9782218043451", False),
        ("9782253004226", True),
        ("9782253096603", True),
    ],
    "bookings": [
        # Used bookings of past fortnights: a payment batch has something to pay and something to hold back.
        ("ancien.jeune1@example.org", "Les Enfants du Paradis (version restaurée)", "USED"),
        ("ancien.jeune2@example.org", "Les Enfants du Paradis (version restaurée)", "USED"),
        ("ancien.jeune3@example.org", "Concert du Trio Démo", "USED"),
        ("ancien.jeune4@example.org", "Le Petit Prince", "USED"),
        ("ancien.jeune5@example.org", "Le Petit Prince", "USED"),
        ("jeune@example.org", "Le Petit Prince", "CONFIRMED"),
    ],
    "bank_accounts": [
        ("Cinéma Démo", "Compte courant Cinéma Démo", "ACCEPTED"),
        ("Librairie Démo Lyon", "Compte Librairie Démo Lyon", "ON_GOING"),
    ],
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
        assert (
            "Created: 0 users, 0 offerers, 0 venues, 0 memberships, 0 profiles, 0 deposits, 0 products, 0 offers, "
            "0 stocks, "
            "0 bookings" in output
        )

    def test_reset_twice_leaves_exactly_one_of_each_demo_object(self):
        demo("--reset")
        first_pks = set(User.objects.filter(email__in=seed.DEMO_EMAILS).values_list("pk", flat=True))
        output = demo("--reset")
        assert snapshot() == EXPECTED
        assert "Deleted: 9 users, 2 offerers, 4 venues, 4 offers, 6 bookings, 1 deposits, 2 bank_accounts" in output
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
        jeune = User.objects.get(email="jeune@example.org")
        assert (jeune.first_name, jeune.last_name, jeune.phone) == ("Lou", "Martin", "0623456789")
        assert not jeune.is_staff

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

    @pytest.mark.parametrize(
        "email", ["admin@example.org", "pro@example.org", "attente@example.org", "jeune@example.org"]
    )
    def test_each_demo_account_can_log_in(self, client, email):
        assert client.login(email=email, password=seed.DEMO_PASSWORD)

    def test_a_wrong_password_is_refused(self, client):
        assert not client.login(email="pro@example.org", password="not-the-password")


class TestDemoBeneficiary:
    @pytest.fixture(autouse=True)
    def _seeded(self):
        seed.seed_demo()

    def test_is_eighteen_today_eligible_with_a_fresh_credit(self):
        jeune = User.objects.get(email="jeune@example.org")
        profile = jeune.beneficiary
        assert age_on(profile.birth_date, timezone.localdate()) == 18
        assert (profile.postal_code, profile.city, profile.eligibility) == (
            "75011",
            "Paris",
            EligibilityStatus.ELIGIBLE,
        )
        assert profile.latitude is not None and profile.longitude is not None
        deposit = active_deposit(jeune)
        assert deposit.amount_cents == 50000
        assert deposit.expires_at > timezone.now() + datetime.timedelta(days=365)
        assert deposit.granted_by.email == "admin@example.org"
        credit = domains_credit(deposit)
        assert (credit.all.initial, credit.all.remaining) == (50000, 50000 - 870)  # the booked book

    def test_the_birth_date_follows_today(self):
        with time_machine.travel(datetime.datetime(2031, 2, 28, 12, tzinfo=datetime.UTC)):
            assert seed.eligible_birth_date() == datetime.date(2013, 2, 28)
        assert seed.eligible_birth_date(datetime.date(2032, 2, 29)) == datetime.date(2014, 2, 28)
        assert age_on(datetime.date(2014, 2, 28), datetime.date(2032, 2, 29)) == 18

    def test_a_credit_that_expired_is_granted_again(self):
        jeune = User.objects.get(email="jeune@example.org")
        Deposit.objects.filter(user=jeune).update(expires_at=timezone.now() - datetime.timedelta(days=1))
        seed.seed_demo()
        assert Deposit.objects.filter(user=jeune).count() == 2
        assert active_deposit(jeune) is not None

    def test_has_a_booking_of_the_book_the_pro_sees_and_can_validate_at_the_desk(self):
        jeune = User.objects.get(email="jeune@example.org")
        booking = Booking.objects.get(user=jeune)
        assert (booking.offer.name, booking.quantity, booking.status) == ("Le Petit Prince", 1, BookingStatus.CONFIRMED)
        assert booking.offer.stocks.get().booked_quantity == 3  # with the two books used in past fortnights
        pro = User.objects.get(email="pro@example.org")
        assert booking in bookings_of(pro)
        offerer_ids = offerers_of(pro).values_list("pk", flat=True)
        validated = booking_validate_countermark(booking.token.lower(), offerer_ids, pro)
        assert validated.status == BookingStatus.USED

    def test_the_demo_booking_is_not_made_again_once_cancelled_or_used(self):
        Booking.objects.update(status=BookingStatus.USED, used_at=timezone.now())
        seed.seed_demo()
        assert Booking.objects.filter(user__email="jeune@example.org").count() == 1


class TestDemoOffers:
    @pytest.fixture(autouse=True)
    def _seeded(self):
        seed.seed_demo()

    def offer(self, subcategory_id) -> Offer:
        return Offer.objects.select_related("venue").get(subcategory_id=subcategory_id)

    def test_every_demo_offer_is_visible_to_beneficiaries(self):
        assert set(visible_offers().values_list("name", flat=True)) == {demo.name for demo in seed.OFFERS}
        assert all(offer.validation == OfferValidation.APPROVED for offer in Offer.objects.all())

    def test_were_created_published_and_approved_through_the_services(self):
        offer = self.offer("CONCERT")
        actions = set(
            AuditLogEntry.objects.filter(target_id=str(offer.pk), action__startswith="offer.").values_list(
                "action", flat=True
            )
        )
        assert {"offer.created", "offer.published"} <= actions

    def test_a_film_with_showtimes_over_the_next_two_weeks(self):
        film = self.offer("SEANCE_CINE")
        assert film.venue.name == "Cinéma Démo" and film.is_duo
        stocks = list(film.stocks.all())
        assert len(stocks) >= 5
        now = timezone.now()
        assert all(now < stock.beginning_datetime < now + datetime.timedelta(days=15) for stock in stocks)
        assert all((stock.price_cents, stock.quantity) == (750, 80) for stock in stocks)
        assert len({stock.beginning_datetime.date() for stock in stocks}) == len(stocks)

    def test_a_concert_with_a_small_stock(self):
        concert = self.offer("CONCERT")
        assert concert.is_duo and concert.extra_data["music_type"] == "JAZZ_BLUES"
        stocks = list(concert.stocks.all())
        assert len(stocks) == 2
        assert all((stock.price_cents, stock.quantity) == (1500, 5) for stock in stocks)
        assert all(stock.beginning_datetime > timezone.now() for stock in stocks)

    def test_a_paper_book_and_a_digital_offer(self):
        book = self.offer("LIVRE_PAPIER")
        assert (book.venue.name, book.ean, book.name) == ("Librairie Démo Lyon", "9782070612758", "Le Petit Prince")
        stock = book.stocks.get()
        assert (stock.price_cents, stock.quantity, stock.beginning_datetime) == (870, 10, None)
        ebook = self.offer("LIVRE_NUMERIQUE")
        assert ebook.venue.is_virtual and ebook.is_digital and ebook.url.startswith("https://")
        assert ebook.is_national
        stock = ebook.stocks.get()
        assert (stock.price_cents, stock.quantity) == (500, None)

    def test_the_demo_beneficiary_can_book_each_kind(self):
        jeune = User.objects.get(email="jeune@example.org")
        for subcategory_id, quantity in [("SEANCE_CINE", 2), ("CONCERT", 2), ("LIVRE_NUMERIQUE", 1)]:
            stock = self.offer(subcategory_id).stocks.order_by("beginning_datetime", "pk").first()
            assert booking_create(jeune, stock.pk, quantity).status == BookingStatus.CONFIRMED

    def test_events_get_new_dates_once_theirs_have_passed(self):
        with time_machine.travel(timezone.now() + datetime.timedelta(days=20)):
            assert not visible_offers().filter(subcategory_id__in=["SEANCE_CINE", "CONCERT"]).exists()
            seed.seed_demo()
            assert set(visible_offers().values_list("subcategory_id", flat=True)) == {
                "SEANCE_CINE",
                "CONCERT",
                "LIVRE_PAPIER",
                "LIVRE_NUMERIQUE",
            }
            seed.seed_demo()
        assert Offer.objects.count() == 4
        assert Stock.objects.count() == 18  # the 8 past dates are kept (bookings may point at them)


class TestLoadBeneficiaries:
    def test_creates_verified_eligible_beneficiaries_with_a_credit_each_and_is_idempotent(self):
        output = demo("--beneficiaries", "50")
        emails = [f"jeune{n}@example.org" for n in range(1, 51)]
        users = User.objects.filter(email__in=emails)
        assert users.count() == 50
        assert all(user.is_email_verified for user in users)
        assert BeneficiaryProfile.objects.filter(user__in=users, eligibility=EligibilityStatus.ELIGIBLE).count() == 50
        assert Deposit.objects.filter(user__in=users, amount_cents=50000, expires_at__gt=timezone.now()).count() == 50
        assert "jeune1@example.org … jeune50@example.org" in output
        assert "created 50 users, 50 profiles, 50 deposits" in output

        output = demo("--beneficiaries", "50")
        assert "created 0 users, 0 profiles, 0 deposits" in output
        assert User.objects.filter(email__regex=r"^jeune[0-9]+@").count() == 50
        assert Deposit.objects.filter(user__in=users).count() == 50

        demo("--beneficiaries", "60")
        assert User.objects.filter(email__regex=r"^jeune[0-9]+@").count() == 60
        assert Deposit.objects.filter(user__email__regex=r"^jeune[0-9]+@").count() == 60

    def test_they_log_in_and_book(self, client):
        demo("--beneficiaries", "3")
        assert client.login(email="jeune3@example.org", password=seed.DEMO_PASSWORD)
        jeune3 = User.objects.get(email="jeune3@example.org")
        stock = Offer.objects.get(subcategory_id="CONCERT").stocks.first()
        assert booking_create(jeune3, stock.pk, 2).total_cents == 3000

    def test_reset_wipes_them(self):
        demo("--beneficiaries", "20")
        output = demo("--reset")
        assert "Deleted: 29 users" in output  # 20, the demo accounts and the past young people
        assert not User.objects.filter(email__regex=r"^jeune[0-9]+@").exists()
        assert snapshot() == EXPECTED

    def test_a_bad_count_is_refused(self):
        with pytest.raises(CommandError, match="between 0 and"):
            demo("--beneficiaries", "-1")
        assert not User.objects.exists()

    def test_is_refused_in_production(self):
        with override_settings(IS_PRODUCTION=True), pytest.raises(CommandError, match="production"):
            demo("--beneficiaries", "5")
        assert not User.objects.exists()


class TestResetWithBookings:
    def test_reset_twice_after_bookings_leaves_exactly_one_of_each(self):
        demo()
        jeune = User.objects.get(email="jeune@example.org")
        booking_create(jeune, Offer.objects.get(subcategory_id="CONCERT").stocks.first().pk, 2)
        demo("--reset")
        demo("--reset")
        assert snapshot() == EXPECTED

    def test_gives_back_what_demo_bookings_held_outside_the_demo(self):
        demo("--beneficiaries", "1")
        outside_stock = factories.StockFactory(offer=factories.OfferFactory(venue=factories.VenueFactory()))
        booking_create(User.objects.get(email="jeune1@example.org"), outside_stock.pk)
        outsider = factories.UserFactory(email="outsider@example.net")
        BeneficiaryProfile.objects.create(
            user=outsider, birth_date=datetime.date(2008, 1, 1), postal_code="75001", eligibility="ELIGIBLE"
        )
        deposit = deposit_grant(outsider, None)
        booking_create(
            outsider, Offer.objects.get(name=seed.BOOK.name, venue__name="Librairie Démo Lyon").stocks.get().pk
        )
        deposit.refresh_from_db()
        assert (deposit.spent_cents, deposit.physical_spent_cents) == (870, 870)

        demo("--reset")

        outside_stock.refresh_from_db()
        assert outside_stock.booked_quantity == 0
        deposit.refresh_from_db()
        assert (deposit.spent_cents, deposit.physical_spent_cents) == (0, 0)
        assert User.objects.filter(email="outsider@example.net").exists()
        assert not Booking.objects.filter(user=outsider).exists()
        assert snapshot()["users"] == EXPECTED["users"]
