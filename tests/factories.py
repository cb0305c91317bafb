import datetime

import factory
from django.utils import timezone

from passculture.accounts.models import User
from passculture.offerers.models import Membership, MembershipStatus, Offerer, OffererStatus, Venue, VenueType

PASSWORD = "Demo-passCulture-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"pro{n}@example.net")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    phone = "0612345678"
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    email = factory.Sequence(lambda n: f"staff{n}@passculture.app")
    is_staff = True


def _valid_siren(n: int) -> str:
    from stdnum import luhn

    base = f"{(n * 7919 + 100000) % 100000000:08d}"
    return base + luhn.calc_check_digit(base)


class OffererFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offerer
        skip_postgeneration_save = True

    siren = factory.Sequence(lambda n: _valid_siren(n + 1))
    name = factory.Sequence(lambda n: f"Structure culturelle {n}")
    street = "1 Rue de Rivoli"
    postal_code = "75001"
    city = "Paris"
    status = OffererStatus.VALIDATED

    @factory.post_generation
    def digital_venue(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            Venue.objects.create(offerer=obj, name="Offre numérique", is_virtual=True, venue_type=VenueType.DIGITAL)


def valid_siret(siren: str, n: int = 1) -> str:
    from stdnum import luhn

    base = siren + f"{n:04d}"
    return base + luhn.calc_check_digit(base)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

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


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    offerer = factory.SubFactory(OffererFactory)
    status = MembershipStatus.VALIDATED


# --- Offers and stocks (models named by their label, so this module needs no import of the offers app) ----------


class OfferFactory(factory.django.DjangoModelFactory):
    """An approved paper book (a thing) in a physical venue."""

    class Meta:
        model = "offers.Offer"

    venue = factory.SubFactory(VenueFactory)
    subcategory_id = "LIVRE_PAPIER"
    name = factory.Sequence(lambda n: f"Offre {n}")
    extra_data = factory.LazyFunction(lambda: {"ean": "9782070612758"})
    validation = "APPROVED"
    validated_at = factory.LazyFunction(timezone.now)


class EventOfferFactory(OfferFactory):
    """An approved concert (an event, Duo allowed)."""

    subcategory_id = "CONCERT"
    extra_data = factory.LazyFunction(lambda: {"music_type": "JAZZ_BLUES"})
    is_duo = True


class StockFactory(factory.django.DjangoModelFactory):
    """The single stock of a thing."""

    class Meta:
        model = "offers.Stock"

    offer = factory.SubFactory(OfferFactory)
    price_cents = 1250
    quantity = 10


class EventStockFactory(StockFactory):
    """A date of an event, a month from now, bookable until it starts."""

    offer = factory.SubFactory(EventOfferFactory)
    beginning_datetime = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    booking_limit_datetime = factory.LazyAttribute(lambda stock: stock.beginning_datetime)
