"""Structures (offerers), their venues, memberships and API keys."""

import hashlib
from decimal import Decimal

import factory
from stdnum import luhn

from passculture.offerers.models import ApiKey, Membership, MembershipStatus, Offerer, OffererStatus, Venue, VenueType

from .accounts import UserFactory

# Places (latitude, longitude) for the catalogue's distance tests.
PARIS = (48.8566, 2.3522)
LYON = (45.7640, 4.8357)
VILLEURBANNE = (45.7719, 4.8902)  # 4.3 km from Lyon's centre
SAINT_DENIS_REUNION = (-20.8821, 55.4507)


def _valid_siren(n: int) -> str:
    base = f"{(n * 7919 + 100000) % 100000000:08d}"
    return base + luhn.calc_check_digit(base)


def valid_siret(siren: str, n: int = 1) -> str:
    base = siren + f"{n:04d}"
    return base + luhn.calc_check_digit(base)


def _coordinate(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.00001"))


class OffererFactory(factory.django.DjangoModelFactory):
    """A validated structure in Paris, with its digital venue (``digital_venue=False``: without)."""

    class Meta:
        model = Offerer
        skip_postgeneration_save = True

    siren = factory.Sequence(lambda n: _valid_siren(n + 1))
    name = factory.Sequence(lambda n: f"Structure culturelle {n}")
    street = "1 Rue de Rivoli"
    postal_code = "75001"
    city = "Paris"
    status = OffererStatus.VALIDATED

    class Params:
        awaiting_validation = factory.Trait(status=OffererStatus.NEW)
        pending = factory.Trait(status=OffererStatus.PENDING)
        rejected = factory.Trait(status=OffererStatus.REJECTED)
        closed = factory.Trait(status=OffererStatus.CLOSED)

    @factory.post_generation
    def digital_venue(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            Venue.objects.create(offerer=obj, name="Offre numérique", is_virtual=True, venue_type=VenueType.DIGITAL)


class VenueFactory(factory.django.DjangoModelFactory):
    """A physical bookstore in Paris, without coordinates unless placed: ``VenueFactory(in_lyon=True)`` or
    ``VenueFactory(at=(latitude, longitude))``."""

    class Meta:
        model = Venue
        exclude = ("at",)

    offerer = factory.SubFactory(OffererFactory)
    name = factory.Sequence(lambda n: f"Lieu {n}")
    siret = factory.LazyAttributeSequence(lambda o, n: valid_siret(o.offerer.siren, n + 1))
    venue_type = VenueType.BOOKSTORE
    street = "1 Rue de Rivoli"
    postal_code = "75001"
    city = "Paris"
    department_code = "75"
    timezone = "Europe/Paris"
    booking_email = "reservations@example.net"
    at = None
    latitude = factory.LazyAttribute(lambda o: _coordinate(o.at[0]) if o.at else None)
    longitude = factory.LazyAttribute(lambda o: _coordinate(o.at[1]) if o.at else None)

    class Params:
        in_paris = factory.Trait(at=PARIS)
        in_lyon = factory.Trait(at=LYON, city="Lyon", postal_code="69001", department_code="69")
        in_villeurbanne = factory.Trait(at=VILLEURBANNE, city="Villeurbanne", postal_code="69100", department_code="69")
        in_reunion = factory.Trait(
            at=SAINT_DENIS_REUNION,
            city="Saint-Denis",
            postal_code="97400",
            department_code="974",
            timezone="Indian/Reunion",
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    """A validated member of a structure (``pending=True``: asking to join)."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    offerer = factory.SubFactory(OffererFactory)
    status = MembershipStatus.VALIDATED

    class Params:
        pending = factory.Trait(status=MembershipStatus.PENDING)
        rejected = factory.Trait(status=MembershipStatus.REJECTED)


class ApiKeyFactory(factory.django.DjangoModelFactory):
    """An active API key whose clear secret nobody knows (``offerers.services.apikey_create`` gives one)."""

    class Meta:
        model = ApiKey

    offerer = factory.SubFactory(OffererFactory)
    prefix = factory.Sequence(lambda n: f"k{n:011d}")
    secret_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.prefix.encode()).hexdigest())
    label = "Billetterie"
