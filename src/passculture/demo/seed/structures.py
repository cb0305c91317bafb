"""The demo structures and their venues: one validated, one waiting for the staff's review."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from passculture.accounts.models import User
from passculture.core.dates import timezone_for_department
from passculture.core.identifiers import department_from_postal_code
from passculture.demo.seed.accounts import PENDING_PRO, PRO, SEED_COMMENT, DemoAccount
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
