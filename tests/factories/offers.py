"""Products, offers and their stocks (models named by their label: no import of the offers app at collection)."""

import datetime

import factory
from django.utils import timezone

from .offerers import OffererFactory, VenueFactory

BOOK_EAN = "9782070612758"


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


class ProductFactory(factory.django.DjangoModelFactory):
    """A book of the reference catalogue (EAN)."""

    class Meta:
        model = "offers.Product"
        django_get_or_create = ("ean",)

    ean = BOOK_EAN
    name = "Le Petit Prince"
    subcategory_id = "LIVRE_PAPIER"
    author = "Antoine de Saint-Exupéry"


class OfferFactory(factory.django.DjangoModelFactory):
    """An approved paper book (a thing) in a physical venue, without a stock (``with_stock=True``: with one, whose
    fields ``stock__price_cents=…`` set."""

    class Meta:
        model = "offers.Offer"
        skip_postgeneration_save = True

    venue = factory.SubFactory(VenueFactory)
    subcategory_id = "LIVRE_PAPIER"
    name = factory.Sequence(lambda n: f"Offre {n}")
    extra_data = factory.LazyFunction(lambda: {"ean": BOOK_EAN})
    validation = "APPROVED"
    validated_at = factory.LazyFunction(timezone.now)

    class Params:
        with_stock = factory.Trait(stock=factory.RelatedFactory("tests.factories.offers.StockFactory", "offer"))
        draft = factory.Trait(validation="DRAFT", validated_at=None)
        pending_review = factory.Trait(validation="PENDING", validated_at=None)
        rejected = factory.Trait(validation="REJECTED", rejection_reason="Offre non conforme")
        deactivated = factory.Trait(is_active=False)


class BookFactory(OfferFactory):
    """« Le Petit Prince », a paper book."""

    name = "Le Petit Prince"
    extra_data = factory.LazyFunction(lambda: {"ean": BOOK_EAN, "author": "Antoine de Saint-Exupéry"})


class EbookFactory(OfferFactory):
    """A digital book, national, in the digital venue of its structure (``offerer=…``)."""

    class Meta:
        exclude = ("offerer",)

    offerer = factory.SubFactory(OffererFactory)
    venue = factory.LazyAttribute(lambda o: o.offerer.venues.get(is_virtual=True))
    name = "Les Misérables (numérique)"
    subcategory_id = "LIVRE_NUMERIQUE"
    url = "https://ebooks.example.net/miserables"
    is_national = True


class EventOfferFactory(OfferFactory):
    """An approved concert (an event, Duo allowed; ``solo=True``: one place per booking)."""

    subcategory_id = "CONCERT"
    extra_data = factory.LazyFunction(lambda: {"music_type": "JAZZ_BLUES"})
    is_duo = True

    class Params:
        solo = factory.Trait(is_duo=False)


class StockFactory(factory.django.DjangoModelFactory):
    """10 places at 12,50 €; for an event, a date a month from now (``starts_in=timedelta(…)``), bookable until it
    starts."""

    class Meta:
        model = "offers.Stock"
        exclude = ("starts_in",)

    offer = factory.SubFactory(OfferFactory)
    price_cents = 1250
    quantity = 10
    starts_in = datetime.timedelta(days=30)
    beginning_datetime = factory.LazyAttribute(lambda o: timezone.now() + o.starts_in if o.offer.is_event else None)
    booking_limit_datetime = factory.LazyAttribute(lambda o: o.beginning_datetime)

    class Params:
        in_three_days = factory.Trait(starts_in=datetime.timedelta(days=3))
        in_ten_days = factory.Trait(starts_in=datetime.timedelta(days=10))
        past = factory.Trait(starts_in=datetime.timedelta(days=-1))
        unlimited = factory.Trait(quantity=None)
        free = factory.Trait(price_cents=0)


class EventStockFactory(StockFactory):
    """A date of a concert."""

    offer = factory.SubFactory(EventOfferFactory)
