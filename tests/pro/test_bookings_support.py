"""Helpers shared by the tests of the bookings pages, the desk and the exports (this module holds no test).

Bookings are written straight to the database: these tests are about reading and showing them; the services that
create them are tested in tests/bookings.
"""

import datetime
import itertools

from django.utils import timezone

from passculture.bookings import rules
from passculture.bookings.models import Booking, BookingStatus
from passculture.offers.models import Offer, OfferValidation, Stock
from tests.factories import UserFactory

_tokens = itertools.count()


def next_token() -> str:
    """Distinct well-formed countermarks, in a predictable order."""
    n = next(_tokens)
    alphabet = rules.TOKEN_ALPHABET
    chars = []
    for _ in range(rules.TOKEN_LENGTH):
        n, digit = divmod(n, len(alphabet))
        chars.append(alphabet[digit])
    return "Z" + "".join(reversed(chars))[1:]


def offer_in(venue, subcategory_id="CONCERT", **fields) -> Offer:
    return Offer.objects.create(
        venue=venue,
        subcategory_id=subcategory_id,
        name=fields.pop("name", "Concert de jazz"),
        validation=OfferValidation.APPROVED,
        **fields,
    )


def stock_of(offer, *, starts_in=datetime.timedelta(days=10), price_cents=1500, quantity=100, starts_at=None) -> Stock:
    beginning = None
    if offer.subcategory.is_event:
        beginning = starts_at or timezone.now() + starts_in
    return Stock.objects.create(
        offer=offer,
        price_cents=price_cents,
        quantity=quantity,
        beginning_datetime=beginning,
        booking_limit_datetime=beginning,
    )


def beneficiary(**fields):
    return UserFactory(**{"first_name": "Léa", "phone": "0611223344", **fields})


def book(
    stock,
    *,
    user=None,
    quantity=1,
    status=BookingStatus.CONFIRMED,
    booked_at=None,
    cancellation_limit=None,
    token=None,
    **fields,
) -> Booking:
    """A booking of ``stock`` (by default: booked 3 days ago, past its cancellation limit, so "confirmé")."""
    booked_at = booked_at or timezone.now() - datetime.timedelta(days=3)
    booking = Booking.objects.create(
        user=user or beneficiary(),
        stock=stock,
        offer=stock.offer,
        token=token or next_token(),
        quantity=quantity,
        unit_price_cents=stock.price_cents,
        status=status,
        cancellation_limit_datetime=cancellation_limit or booked_at + datetime.timedelta(hours=48),
        **fields,
    )
    Booking.objects.filter(pk=booking.pk).update(created_at=booked_at)
    Stock.objects.filter(pk=stock.pk).update(booked_quantity=stock.booked_quantity + quantity)
    stock.booked_quantity += quantity
    booking.refresh_from_db()
    return booking
