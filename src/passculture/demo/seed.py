"""The demo data set: accounts, structures and venues a newcomer can log in to (``passculture demo``).

Only outside production (the ``demo`` command and ``passculture serve`` refuse it there). Every function is
idempotent: an object found by its natural key (email, SIREN, SIRET) is left as it is, so ``seed_demo()`` run
twice creates nothing the second time; ``wipe_demo()`` then ``seed_demo()`` rebuilds it from scratch.

The numbers match the fake Sirene register (``passculture.connectors.sirene.fake``), so the pages that look
a structure up show the same data. Objects are written with the models rather than through the sign-up
services: those check numbers against the *configured* register and send mail, and demo data must not
depend on either. Later slices add their sections (offers, bookings...) below the existing ones, and their
objects to :func:`wipe_demo`.

The young person's credit, the offers and the booking are different: they go through the domain services
(``deposit_grant``, ``offer_create`` / ``stock_create`` / ``offer_publish``, ``booking_create``), so the demo shows
exactly what the platform would have done, audit entries and mails (in the development mailbox) included.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from passculture.accounts.models import User
from passculture.beneficiaries.models import BeneficiaryProfile, Deposit, EligibilityStatus
from passculture.beneficiaries.selectors import active_deposit
from passculture.beneficiaries.services import deposit_credit_back, deposit_grant, deposits_grant_many
from passculture.bookings.models import Booking, BookingStatus
from passculture.bookings.services import booking_create
from passculture.core.audit import log_action
from passculture.core.dates import timezone_for_department
from passculture.core.errors import DomainError
from passculture.core.identifiers import department_from_postal_code
from passculture.core.parameters import get_parameter
from passculture.offerers.models import (
    Membership,
    MembershipStatus,
    Offerer,
    OffererStatus,
    OffererStatusChange,
    Venue,
    VenueType,
)
from passculture.offerers.services import DIGITAL_VENUE_NAME
from passculture.offers import services as offer_services
from passculture.offers.models import Offer, OfferValidation, Product

DEMO_PASSWORD = "Demo-passCulture-2026!"
SEED_COMMENT = "Données de démonstration"


# --- Accounts --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    description: str
    is_staff: bool = False
    phone: str = ""


ADMIN = DemoAccount(
    "admin@example.org", "Alex", "Admin", "équipe pass Culture : back office (/backoffice/)", is_staff=True
)
PRO = DemoAccount(
    "pro@example.org",
    "Camille",
    "Dupont",
    "pro, membre de la structure validée « Cinéma et Librairie Démo » (2 lieux)",
    phone="0612345678",
)
PENDING_PRO = DemoAccount(
    "attente@example.org",
    "Dominique",
    "Martin",
    "pro dont la structure « Théâtre en Attente » attend la validation",
    phone="0698765432",
)
BENEFICIARY = DemoAccount(
    "jeune@example.org",
    "Lou",
    "Martin",
    "jeune de 18 ans avec son crédit pass Culture : le catalogue (/catalogue/), un livre déjà réservé",
    phone="0623456789",
)
ACCOUNTS = (ADMIN, PRO, PENDING_PRO, BENEFICIARY)
DEMO_EMAILS = [account.email for account in ACCOUNTS]


def ensure_account(account: DemoAccount, password_hash: str, counts: Counter) -> User:
    user = User.objects.filter(email=account.email).first()
    if user is not None:
        return user
    user = User.objects.create(
        email=account.email,
        password=password_hash,
        first_name=account.first_name,
        last_name=account.last_name,
        phone=account.phone,
        is_staff=account.is_staff,
        is_superuser=account.is_staff,
        email_verified_at=timezone.now(),
    )
    counts["users"] += 1
    return user


# --- Structures and venues -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoVenue:
    siret: str
    name: str
    venue_type: str
    street: str
    postal_code: str
    city: str
    latitude: str
    longitude: str


@dataclass(frozen=True)
class DemoStructure:
    siren: str
    name: str
    street: str
    postal_code: str
    city: str
    legal_category_code: str
    ape_code: str
    status: str
    members: tuple[DemoAccount, ...]
    venues: tuple[DemoVenue, ...] = ()


VALIDATED_STRUCTURE = DemoStructure(
    siren="123456782",
    name="Cinéma et Librairie Démo",
    street="12 Rue de la Paix",
    postal_code="75002",
    city="Paris",
    legal_category_code="5710",
    ape_code="59.14Z",
    status=OffererStatus.VALIDATED,
    members=(PRO,),
    venues=(
        DemoVenue(
            "12345678200010",
            "Cinéma Démo",
            VenueType.MOVIE,
            "12 Rue de la Paix",
            "75002",
            "Paris",
            "48.86882",
            "2.33117",
        ),
        DemoVenue(
            "12345678200028",
            "Librairie Démo Lyon",
            VenueType.BOOKSTORE,
            "3 Place du Marché",
            "69002",
            "Lyon",
            "45.75960",
            "4.82830",
        ),
    ),
)
PENDING_STRUCTURE = DemoStructure(
    siren="876543216",
    name="Théâtre en Attente",
    street="8 Rue des Lices",
    postal_code="49100",
    city="Angers",
    legal_category_code="9220",
    ape_code="90.04Z",
    status=OffererStatus.NEW,
    members=(PENDING_PRO,),
)
STRUCTURES = (VALIDATED_STRUCTURE, PENDING_STRUCTURE)


def ensure_structure(structure: DemoStructure, staff: User, counts: Counter) -> Offerer:
    """The structure, its status history, its digital venue, its members and its venues."""
    first_member = User.objects.get(email=structure.members[0].email)
    offerer = Offerer.objects.filter(siren=structure.siren).first()
    if offerer is None:
        offerer = Offerer.objects.create(
            siren=structure.siren,
            name=structure.name,
            street=structure.street,
            postal_code=structure.postal_code,
            city=structure.city,
            legal_category_code=structure.legal_category_code,
            ape_code=structure.ape_code,
            status=structure.status,
            status_changed_at=timezone.now(),
        )
        OffererStatusChange.objects.create(
            offerer=offerer, to_status=OffererStatus.NEW, author=first_member, comment=SEED_COMMENT
        )
        if structure.status != OffererStatus.NEW:
            OffererStatusChange.objects.create(
                offerer=offerer,
                from_status=OffererStatus.NEW,
                to_status=structure.status,
                author=staff,
                comment=SEED_COMMENT,
            )
        counts["offerers"] += 1

    _, created = Venue.objects.get_or_create(
        offerer=offerer,
        is_virtual=True,
        defaults={
            "name": DIGITAL_VENUE_NAME,
            "venue_type": VenueType.DIGITAL,
            "booking_email": first_member.email,
        },
    )
    counts["venues"] += created

    for account in structure.members:
        _, created = Membership.objects.get_or_create(
            user=User.objects.get(email=account.email),
            offerer=offerer,
            defaults={
                "status": MembershipStatus.VALIDATED,
                "decided_at": timezone.now(),
                "decided_by": staff,
            },
        )
        counts["memberships"] += created

    for venue in structure.venues:
        department = department_from_postal_code(venue.postal_code)
        _, created = Venue.objects.get_or_create(
            siret=venue.siret,
            defaults={
                "offerer": offerer,
                "name": venue.name,
                "venue_type": venue.venue_type,
                "street": venue.street,
                "postal_code": venue.postal_code,
                "city": venue.city,
                "department_code": department,
                "timezone": timezone_for_department(department),
                "latitude": Decimal(venue.latitude),
                "longitude": Decimal(venue.longitude),
                "booking_email": first_member.email,
            },
        )
        counts["venues"] += created
    return offerer


# --- Young people and their credit -----------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAddress:
    postal_code: str
    city: str
    latitude: str
    longitude: str


BENEFICIARY_ADDRESS = DemoAddress("75011", "Paris", "48.85890", "2.38010")
# ``passculture demo --beneficiaries N``: jeune1@example.org … jeuneN@example.org, for load tests.
LOAD_EMAIL = "jeune{n}@example.org"
LOAD_EMAIL_REGEX = r"^jeune[0-9]+@example\.org$"
MAX_LOAD_BENEFICIARIES = 100_000
BULK_BATCH_SIZE = 500


def eligible_birth_date(today: datetime.date | None = None) -> datetime.date:
    """A birth date that makes a young person exactly of the eligible age (18) today."""
    return (today or timezone.localdate()) - relativedelta(years=get_parameter("beneficiaries.eligible_age"))


def ensure_beneficiary(user: User, address: DemoAddress, staff: User, counts: Counter) -> BeneficiaryProfile:
    """An ELIGIBLE profile (identity already confirmed by staff) and a credit in force (granted again once expired)."""
    profile, created = BeneficiaryProfile.objects.get_or_create(
        user=user,
        defaults={
            "birth_date": eligible_birth_date(),
            "postal_code": address.postal_code,
            "city": address.city,
            "latitude": Decimal(address.latitude),
            "longitude": Decimal(address.longitude),
            "eligibility": EligibilityStatus.ELIGIBLE,
            "decided_at": timezone.now(),
            "decided_by": staff,
        },
    )
    if created:
        log_action(staff, "beneficiary.identity_confirmed", user, {"comment": SEED_COMMENT})
        counts["profiles"] += 1
    if profile.eligibility == EligibilityStatus.ELIGIBLE and active_deposit(user) is None:
        deposit_grant(user, staff)
        counts["deposits"] += 1
    return profile


# --- Bookable offers of the validated structure ----------------------------------------------------------


@dataclass(frozen=True)
class DemoDate:
    days: int  # from today, in the venue's time zone: always in the future
    time: datetime.time


@dataclass(frozen=True)
class DemoOffer:
    name: str
    venue_siret: str | None  # None: the structure's digital venue ("Offre numérique")
    subcategory_id: str
    price_cents: int
    quantity: int | None  # None: unlimited
    dates: tuple[DemoDate, ...] = ()  # events only: one stock per date
    extra_data: dict = field(default_factory=dict)
    is_duo: bool = False
    url: str = ""
    description: str = ""
    withdrawal_details: str = ""
    duration_minutes: int | None = None


def _at(hour: int, minute: int = 0) -> datetime.time:
    return datetime.time(hour, minute)


CINEMA_SIRET, BOOKSTORE_SIRET = "12345678200010", "12345678200028"
FILM = DemoOffer(
    name="Les Enfants du Paradis (version restaurée)",
    venue_siret=CINEMA_SIRET,
    subcategory_id="SEANCE_CINE",
    price_cents=750,
    quantity=80,
    dates=(
        DemoDate(1, _at(20, 30)),
        DemoDate(3, _at(18)),
        DemoDate(5, _at(20, 30)),
        DemoDate(8, _at(14)),
        DemoDate(10, _at(20, 30)),
        DemoDate(13, _at(20, 30)),
    ),
    extra_data={"stage_director": "Marcel Carné", "visa": "1846"},
    is_duo=True,
    description="Le chef-d'œuvre de Marcel Carné en copie restaurée, en salle 1.",
    withdrawal_details="Présentez la contremarque à la caisse du cinéma avant la séance.",
    duration_minutes=190,
)
CONCERT = DemoOffer(
    name="Concert du Trio Démo",
    venue_siret=CINEMA_SIRET,
    subcategory_id="CONCERT",
    price_cents=1500,
    quantity=5,
    dates=(DemoDate(6, _at(20)), DemoDate(12, _at(20))),
    extra_data={"music_type": "JAZZ_BLUES", "music_sub_type": "JAZZ", "performer": "Trio Démo"},
    is_duo=True,
    description="Un trio de jazz dans la grande salle du cinéma : seulement 5 places par soir.",
    withdrawal_details="Présentez la contremarque à l'entrée de la salle.",
    duration_minutes=90,
)
BOOK = DemoOffer(
    name="Le Petit Prince",
    venue_siret=BOOKSTORE_SIRET,
    subcategory_id="LIVRE_PAPIER",
    price_cents=870,
    quantity=10,
    extra_data={"ean": "9782070612758", "author": "Antoine de Saint-Exupéry"},
    description="Le conte poétique et philosophique d'Antoine de Saint-Exupéry, en édition Folio.",
    withdrawal_details="À retirer en caisse sous 30 jours, sur présentation de la contremarque.",
)
EBOOK = DemoOffer(
    name="Vingt mille lieues sous les mers (livre numérique)",
    venue_siret=None,
    subcategory_id="LIVRE_NUMERIQUE",
    price_cents=500,
    quantity=None,
    extra_data={"ean": "9782072730764", "author": "Jules Verne"},
    url="https://livres.example.org/vingt-mille-lieues-sous-les-mers",
    description="Le roman de Jules Verne à télécharger (EPUB), lisible sur téléphone et liseuse.",
)
OFFERS = (FILM, CONCERT, BOOK, EBOOK)


@dataclass(frozen=True)
class DemoProduct:
    ean: str
    name: str
    author: str
    publisher: str
    price_cents: int
    ineligibility_reason: str = ""  # a code of offers.eligibility: the import found the product ineligible


# A few lines of the book catalogue (as the Titelive import brings them): typing one of these EANs in the offer
# wizard pre-fills the title and the author, or explains why the book cannot be offered. Reference data shared by
# every structure: wiping the demo leaves them.
PRODUCTS = (
    DemoProduct("9782070612758", "Le Petit Prince", "Antoine de Saint-Exupéry", "Gallimard Jeunesse", 870),
    DemoProduct("9782070360024", "L'Étranger", "Albert Camus", "Gallimard", 790),
    DemoProduct(
        "9782091611099", "Mathématiques 6e - manuel de l'élève", "Collectif", "Nathan", 2690,
        ineligibility_reason="school_book",
    ),
)  # fmt: skip


def ensure_products(counts: Counter) -> None:
    for demo in PRODUCTS:
        _, created = Product.objects.get_or_create(
            ean=demo.ean,
            defaults={
                "name": demo.name,
                "subcategory_id": "LIVRE_PAPIER",
                "author": demo.author,
                "publisher": demo.publisher,
                "price_cents": demo.price_cents,
                "is_eligible": not demo.ineligibility_reason,
                "ineligibility_reason": demo.ineligibility_reason,
            },
        )
        counts["products"] += created


def _demo_venue(offerer: Offerer, siret: str | None) -> Venue:
    if siret is None:
        return Venue.objects.get(offerer=offerer, is_virtual=True)
    return Venue.objects.get(offerer=offerer, siret=siret)


def _local(venue: Venue, day: DemoDate) -> datetime.datetime:
    tz = ZoneInfo(venue.timezone)
    date = timezone.now().astimezone(tz).date() + datetime.timedelta(days=day.days)
    return datetime.datetime.combine(date, day.time, tzinfo=tz)


def ensure_offer(demo: DemoOffer, offerer: Offerer, pro: User, staff: User, counts: Counter) -> Offer:
    """The offer, created, stocked and published by the pro (and approved by staff if a review rule flags it).

    An event whose dates have all passed gets its dates again, relative to today; an offer someone rejected or
    changed is otherwise left as it is.
    """
    venue = _demo_venue(offerer, demo.venue_siret)
    offer = Offer.objects.filter(venue=venue, name=demo.name).order_by("pk").first()
    if offer is None:
        offer = offer_services.offer_create(
            venue,
            pro,
            subcategory_id=demo.subcategory_id,
            extra_data=dict(demo.extra_data),
            name=demo.name,
            description=demo.description,
            url=demo.url,
            is_duo=demo.is_duo,
            withdrawal_details=demo.withdrawal_details,
            duration_minutes=demo.duration_minutes,
        )
        counts["offers"] += 1
    if offer.validation == OfferValidation.REJECTED:
        return offer
    live = offer.stocks.filter(is_soft_deleted=False)
    if demo.dates:
        if not live.filter(beginning_datetime__gt=timezone.now()).exists():
            for day in demo.dates:
                offer_services.stock_create(
                    offer,
                    pro,
                    price_cents=demo.price_cents,
                    quantity=demo.quantity,
                    beginning_datetime=_local(venue, day),
                )
                counts["stocks"] += 1
    elif not live.exists():
        offer_services.stock_create(offer, pro, price_cents=demo.price_cents, quantity=demo.quantity)
        counts["stocks"] += 1
    if offer.validation == OfferValidation.DRAFT:
        offer = offer_services.offer_publish(offer.pk, pro)
    if offer.validation == OfferValidation.PENDING:  # the seeded rule "first offer of a structure", for instance
        offer = offer_services.offer_approve(offer.pk, staff)
    return offer


def ensure_booking(user: User, offer: Offer, counts: Counter) -> None:
    """One booking of ``offer`` by ``user`` (through the booking service), unless they ever booked it."""
    if Booking.objects.filter(user=user, offer=offer).exists():
        return
    stock = offer.stocks.filter(is_soft_deleted=False).order_by("pk").first()
    if stock is None:
        return
    try:
        booking_create(user, stock.pk, 1)
    except DomainError:
        return  # sold out, credit spent...: the demo stays usable without this booking
    counts["bookings"] += 1


# --- Load-test beneficiaries -----------------------------------------------------------------------------


def load_emails(count: int) -> list[str]:
    return [LOAD_EMAIL.format(n=n) for n in range(1, count + 1)]


@transaction.atomic
def seed_load_beneficiaries(count: int) -> dict[str, int]:
    """jeune1@example.org … jeune<count>@example.org: verified, ELIGIBLE, each with a credit in force.

    Bulk inserts and one password hash: thousands of accounts take a few seconds. Idempotent: existing accounts
    and profiles are kept, only missing credits are granted.
    """
    if not 0 <= count <= MAX_LOAD_BENEFICIARIES:
        raise ValueError(f"between 0 and {MAX_LOAD_BENEFICIARIES} load-test beneficiaries")
    counts = Counter({"users": 0, "profiles": 0, "deposits": 0})
    emails = load_emails(count)
    if not emails:
        return dict(counts)
    staff = User.objects.filter(email=ADMIN.email).first()
    now = timezone.now()
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    missing = [(n, email) for n, email in enumerate(emails, start=1) if email not in existing]
    if missing:
        password_hash = make_password(DEMO_PASSWORD)
        User.objects.bulk_create(
            [
                User(
                    email=email,
                    password=password_hash,
                    first_name="Jeune",
                    last_name=f"Numéro {n}",
                    email_verified_at=now,
                )
                for n, email in missing
            ],
            batch_size=BULK_BATCH_SIZE,
        )
        counts["users"] = len(missing)
    users = list(User.objects.filter(email__in=emails).only("pk", "email"))
    with_profile = set(
        BeneficiaryProfile.objects.filter(user_id__in=[user.pk for user in users]).values_list("user_id", flat=True)
    )
    birth_date = eligible_birth_date()
    address = BENEFICIARY_ADDRESS
    profiles = [
        BeneficiaryProfile(
            user=user,
            birth_date=birth_date,
            postal_code=address.postal_code,
            city=address.city,
            latitude=Decimal(address.latitude),
            longitude=Decimal(address.longitude),
            eligibility=EligibilityStatus.ELIGIBLE,
            decided_at=now,
            decided_by=staff,
        )
        for user in users
        if user.pk not in with_profile
    ]
    BeneficiaryProfile.objects.bulk_create(profiles, batch_size=BULK_BATCH_SIZE)
    counts["profiles"] = len(profiles)
    eligible = User.objects.filter(email__in=emails, beneficiary__eligibility=EligibilityStatus.ELIGIBLE)
    counts["deposits"] = deposits_grant_many(eligible.only("pk", "email"), staff, now)
    return dict(counts)


# --- The whole data set ----------------------------------------------------------------------------------


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
        }
    )
    # One Argon2 hash shared by the new accounts (hashing is deliberately slow; this is demo data).
    existing = set(User.objects.filter(email__in=DEMO_EMAILS).values_list("email", flat=True))
    password_hash = make_password(DEMO_PASSWORD) if existing != set(DEMO_EMAILS) else ""
    users = {account.email: ensure_account(account, password_hash, counts) for account in ACCOUNTS}
    staff, pro = users[ADMIN.email], users[PRO.email]
    offerers = {structure.siren: ensure_structure(structure, staff, counts) for structure in STRUCTURES}
    beneficiary = users[BENEFICIARY.email]
    ensure_beneficiary(beneficiary, BENEFICIARY_ADDRESS, staff, counts)
    ensure_products(counts)
    offers = {demo.name: ensure_offer(demo, offerers[VALIDATED_STRUCTURE.siren], pro, staff, counts) for demo in OFFERS}
    # Something for the pro to see in "Suivi des réservations" and to validate at the Guichet.
    ensure_booking(beneficiary, offers[BOOK.name], counts)
    return dict(counts)


def _demo_users():
    return User.objects.filter(Q(email__in=DEMO_EMAILS) | Q(email__regex=LOAD_EMAIL_REGEX))


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
    memberships, offers and stocks, bookings, profiles and credits."""
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
