"""Builders of catalogue data shared by the search, catalogue pages and app API tests.

(Plain functions over ``Offer.objects.create``: the offer factories of ``tests/factories.py`` may replace them.)
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from passculture.offerers.models import Venue
from passculture.offers.models import Offer, OfferValidation, Stock
from tests.factories import OffererFactory, VenueFactory

PARIS = (48.8566, 2.3522)
LYON = (45.7640, 4.8357)
VILLEURBANNE = (45.7719, 4.8902)  # 4.3 km from Lyon's centre
SAINT_DENIS_REUNION = (-20.8821, 55.4507)


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def _coordinate(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.00001"))


def place_venue(where: tuple[float, float] | None = PARIS, offerer=None, **fields) -> Venue:
    """A physical venue at ``where`` (latitude, longitude), or without coordinates for ``None``."""
    fields.setdefault("public_name", "")
    if where is not None:
        fields.update(latitude=_coordinate(where[0]), longitude=_coordinate(where[1]))
    return VenueFactory(offerer=offerer or OffererFactory(), **fields)


def make_stock(offer: Offer, **fields) -> Stock:
    fields.setdefault("price_cents", 1000)
    return Stock.objects.create(offer=offer, **fields)


def make_offer(venue: Venue, *, stock: dict | None = None, with_stock: bool = True, **fields) -> Offer:
    """An offer visible in the catalogue (approved, active, one bookable stock) unless the fields say otherwise.

    ``stock`` overrides the fields of its single stock (events get a date in 10 days by default);
    ``with_stock=False`` creates none.
    """
    fields.setdefault("name", "Concert de printemps")
    fields.setdefault("subcategory_id", "CONCERT")
    fields.setdefault("validation", OfferValidation.APPROVED)
    offer = Offer.objects.create(venue=venue, **fields)
    if with_stock:
        stock_fields = dict(stock or {})
        if offer.is_event:
            stock_fields.setdefault("beginning_datetime", in_days(10))
        make_stock(offer, **stock_fields)
    return offer


def make_book(venue: Venue, **fields) -> Offer:
    fields.setdefault("name", "Le Petit Prince")
    fields.setdefault("subcategory_id", "LIVRE_PAPIER")
    fields.setdefault("extra_data", {"ean": "9782070612758", "author": "Antoine de Saint-Exupéry"})
    return make_offer(venue, **fields)


def make_ebook(offerer, **fields) -> Offer:
    digital_venue = offerer.venues.get(is_virtual=True)
    fields.setdefault("name", "Les Misérables (numérique)")
    fields.setdefault("subcategory_id", "LIVRE_NUMERIQUE")
    fields.setdefault("url", "https://ebooks.example.net/miserables")
    fields.setdefault("is_national", True)
    return make_offer(digital_venue, **fields)
