"""The demo data set: accounts, structures and venues a newcomer can log in to (``passculture demo``).

Only outside production (the ``demo`` command and ``passculture serve`` refuse it there). Every function is
idempotent: an object found by its natural key (email, SIREN, SIRET) is left as it is, so ``seed_demo()`` run
twice creates nothing the second time; ``wipe_demo()`` then ``seed_demo()`` rebuilds it from scratch.

The numbers match the fake Sirene register (``passculture.connectors.sirene.fake``), so the pages that look
a structure up show the same data. Objects are written with the models rather than through the sign-up
services: those check numbers against the *configured* register and send mail, and demo data must not
depend on either. Later slices add their sections (offers, bookings...) below the existing ones, and their
objects to :func:`wipe_demo`.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from passculture.accounts.models import User
from passculture.core.dates import timezone_for_department
from passculture.core.identifiers import department_from_postal_code
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
ACCOUNTS = (ADMIN, PRO, PENDING_PRO)
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


# --- The whole data set ----------------------------------------------------------------------------------


@transaction.atomic
def seed_demo() -> dict[str, int]:
    """Create whatever part of the demo data set is missing; return how many objects were created."""
    counts: Counter = Counter({"users": 0, "offerers": 0, "venues": 0, "memberships": 0})
    # One Argon2 hash shared by the new accounts (hashing is deliberately slow; this is demo data).
    existing = set(User.objects.filter(email__in=DEMO_EMAILS).values_list("email", flat=True))
    password_hash = make_password(DEMO_PASSWORD) if existing != set(DEMO_EMAILS) else ""
    users = {account.email: ensure_account(account, password_hash, counts) for account in ACCOUNTS}
    for structure in STRUCTURES:
        ensure_structure(structure, users[ADMIN.email], counts)
    return dict(counts)


@transaction.atomic
def wipe_demo() -> dict[str, int]:
    """Delete the demo accounts and structures with everything attached to them (venues, memberships...)."""
    offerers = Offerer.objects.filter(siren__in=[structure.siren for structure in STRUCTURES])
    venues = Venue.objects.filter(offerer__in=offerers)
    users = User.objects.filter(email__in=DEMO_EMAILS)
    counts = {"users": users.count(), "offerers": offerers.count(), "venues": venues.count()}
    venues.delete()  # first: Venue.offerer is PROTECT
    offerers.delete()
    users.delete()
    return counts


def demo_data_present() -> bool:
    return User.objects.filter(email__in=DEMO_EMAILS).exists()
