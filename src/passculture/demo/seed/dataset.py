"""The whole demo data set: seed it, wipe it, tell whether it is there."""

from collections import Counter

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F, Q, Sum

from passculture.accounts.models import User
from passculture.beneficiaries.models import Deposit
from passculture.beneficiaries.services import deposit_credit_back
from passculture.bookings.models import Booking, BookingStatus
from passculture.demo.seed.accounts import ACCOUNTS, ADMIN, BENEFICIARY, DEMO_EMAILS, DEMO_PASSWORD, PRO, ensure_account
from passculture.demo.seed.bank_details import ensure_bank_accounts, wipe_bank_accounts
from passculture.demo.seed.beneficiaries import BENEFICIARY_ADDRESS, ensure_beneficiary, ensure_booking
from passculture.demo.seed.load import LOAD_EMAIL_REGEX
from passculture.demo.seed.offers import BOOK, OFFERS, ensure_offer, ensure_products
from passculture.demo.seed.payments import PAST_EMAILS, ensure_past_used_bookings, wipe_payments
from passculture.demo.seed.pricing import ensure_pricing_point, wipe_pricing
from passculture.demo.seed.structures import STRUCTURES, VALIDATED_STRUCTURE, ensure_structure
from passculture.offerers.models import Offerer, Venue
from passculture.offers import services as offer_services
from passculture.offers.models import Offer
from passculture.providers import services as provider_services


@transaction.atomic
def seed_demo() -> dict[str, int]:
    """Create whatever part of the demo data set is missing; return how many objects were created."""
    counts: Counter = Counter(
        {
            "users": 0,
            "offerers": 0,
            "venues": 0,
            "memberships": 0,
            "profiles": 0,
            "deposits": 0,
            "products": 0,
            "offers": 0,
            "stocks": 0,
            "bookings": 0,
            "bank_accounts": 0,
            "pricing_points": 0,
        }
    )
    # One Argon2 hash shared by the new accounts (hashing is deliberately slow; this is demo data).
    existing = set(User.objects.filter(email__in=DEMO_EMAILS).values_list("email", flat=True))
    password_hash = make_password(DEMO_PASSWORD) if existing != set(DEMO_EMAILS) else ""
    users = {account.email: ensure_account(account, password_hash, counts) for account in ACCOUNTS}
    staff, pro = users[ADMIN.email], users[PRO.email]
    offerers = {structure.siren: ensure_structure(structure, staff, counts) for structure in STRUCTURES}
    ensure_pricing_point(offerers[VALIDATED_STRUCTURE.siren], staff, counts)
    beneficiary = users[BENEFICIARY.email]
    ensure_beneficiary(beneficiary, BENEFICIARY_ADDRESS, staff, counts)
    ensure_products(counts)
    # The book catalogue of the embedded default: the sample Titelive file (what the demo stock software sells).
    counts["products"] += provider_services.sync_catalogue("titelive").created
    offers = {demo.name: ensure_offer(demo, offerers[VALIDATED_STRUCTURE.siren], pro, staff, counts) for demo in OFFERS}
    # Something for the pro to see in "Suivi des réservations" and to validate at the Guichet.
    ensure_booking(beneficiary, offers[BOOK.name], counts)
    # Bank details: one account accepted, one application waiting for the staff's review.
    ensure_bank_accounts(offerers[VALIDATED_STRUCTURE.siren], pro, staff, counts)
    # Used bookings of past fortnights: a batch has something to pay (Cinéma Démo) and to hold back (Lyon).
    ensure_past_used_bookings(offerers[VALIDATED_STRUCTURE.siren], counts)
    return dict(counts)


def _demo_users():
    return User.objects.filter(Q(email__in=[*DEMO_EMAILS, *PAST_EMAILS]) | Q(email__regex=LOAD_EMAIL_REGEX))


def _give_back_outside(bookings, users, offers) -> None:
    """The bookings about to go may hold what lies outside the demo data set: places of another structure's stock
    (a demo beneficiary booked it) or another beneficiary's credit (they booked a demo offer). Give it back."""
    held = bookings.exclude(status=BookingStatus.CANCELLED).order_by()
    for row in held.exclude(offer__in=offers).values("stock_id").annotate(places=Sum("quantity")):
        offer_services.stock_release_places(row["stock_id"], row["places"])
    spent = (
        held.exclude(user__in=users)
        .exclude(deposit=None)
        .values("deposit_id", "cap")
        .annotate(amount=Sum(F("unit_price_cents") * F("quantity")))
    )
    for row in spent:
        deposit_credit_back(row["deposit_id"], row["cap"], row["amount"])


@transaction.atomic
def wipe_demo() -> dict[str, int]:
    """Delete the demo accounts (load-test ones included) and structures with everything attached to them: venues,
    memberships, offers and stocks, bookings, profiles and credits, bank accounts and their documents."""
    offerers = Offerer.objects.filter(siren__in=[structure.siren for structure in STRUCTURES])
    venues = Venue.objects.filter(offerer__in=offerers)
    offers = Offer.objects.filter(venue__in=venues)
    users = _demo_users()
    bookings = Booking.objects.filter(Q(user__in=users) | Q(offer__in=offers))
    deposits = Deposit.objects.filter(user__in=users)
    counts = {
        "users": users.count(),
        "offerers": offerers.count(),
        "venues": venues.count(),
        "offers": offers.count(),
        "bookings": bookings.count(),
        "deposits": deposits.count(),
    }
    _give_back_outside(bookings, users, offers)
    wipe_pricing(bookings, venues, offers, offerers)
    wipe_payments(offerers)
    counts["bank_accounts"] = wipe_bank_accounts(offerers)
    # In this order: bookings protect deposits, stocks and offers; offers protect venues; venues protect offerers;
    # deposits and bookings protect users.
    bookings.delete()
    deposits.delete()
    offers.delete()
    venues.delete()
    offerers.delete()
    users.delete()
    return counts


def demo_data_present() -> bool:
    return User.objects.filter(email__in=DEMO_EMAILS).exists()
