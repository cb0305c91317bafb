"""Pricing: pricing points, custom rules, and used bookings with their finance event (as the desk makes them, through
``bookings``' usage handler). ``used_booking(venue, price_cents=…, used_at=…)`` is one used booking;
``bulk_used_bookings`` writes many at once (the property tests)."""

import datetime
import itertools

import factory
from django.utils import timezone

from passculture.accounts.models import User
from passculture.bookings.models import Booking, BookingStatus, UsedBy
from passculture.bookings.services import UNUSED, USED
from passculture.finance import rules
from passculture.finance.models import (
    FinanceEvent,
    FinanceEventMotive,
    FinanceEventStatus,
    PricingPointLink,
    PricingRule,
)
from passculture.finance.services.events import finance_event_on_booking_usage
from passculture.offers.models import Offer, Stock

from .bookings import BookingFactory, countermark
from .offerers import VenueFactory
from .offers import OfferFactory, StockFactory

_tokens = itertools.count(500_000)
_emails = itertools.count()


class SiretlessVenueFactory(VenueFactory):
    """A venue without a SIRET (a hall of the structure's), priced through a pricing point once one is chosen."""

    siret = None
    no_siret_comment = "Salle municipale prêtée"


class PricingPointLinkFactory(factory.django.DjangoModelFactory):
    """``venue`` (without a SIRET) counted in the scale of ``pricing_point`` (a SIRET venue of its structure) since a
    year ago."""

    class Meta:
        model = PricingPointLink

    venue = factory.SubFactory(SiretlessVenueFactory)
    pricing_point = factory.SubFactory(VenueFactory, offerer=factory.SelfAttribute("..venue.offerer"))
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=365))


class CustomPricingRuleFactory(factory.django.DjangoModelFactory):
    """A custom rule ("Barème dérogatoire") of an offer at 50 %, valid since 2000 (give ``venue=`` or ``offerer=``
    with ``offer=None`` for another scope, ``amount_per_place=`` with ``rate_bp=None`` for a fixed amount)."""

    class Meta:
        model = PricingRule

    group = "CUSTOM"
    label = factory.Sequence(lambda n: f"Dérogation {n}")
    offer = factory.SubFactory(OfferFactory)
    rate_bp = 5_000
    valid_from = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def _offer_at(venue, subcategory_id: str) -> Offer:
    offer = Offer.objects.filter(venue=venue, subcategory_id=subcategory_id).first()
    return offer or OfferFactory(venue=venue, subcategory_id=subcategory_id, name=f"Offre {subcategory_id}")


def used_booking(
    venue=None,
    *,
    price_cents: int = 1_000,
    quantity: int = 1,
    used_at: datetime.datetime | None = None,
    subcategory_id: str = "CINE_PLEIN_AIR",
    offer: Offer | None = None,
) -> Booking:
    """A booking of ``quantity`` places at ``price_cents`` used at ``used_at`` (now), outside any credit (the scale
    does not look at it), with the finance event the desk makes."""
    offer = offer or _offer_at(venue or VenueFactory(), subcategory_id)
    stock = Stock.objects.filter(offer=offer).first() or StockFactory(offer=offer, quantity=None)
    used_at = used_at or timezone.now()
    booking = BookingFactory(
        stock=stock, offer=offer, deposit=None, unit_price_cents=price_cents, quantity=quantity, cap="NONE",
        status=BookingStatus.USED, used_at=used_at, used_by=UsedBy.OFFERER,
    )  # fmt: skip
    finance_event_on_booking_usage(booking, USED, used_at)
    return booking


def unuse(booking: Booking, at: datetime.datetime | None = None) -> FinanceEvent | None:
    """ "Invalider": the booking back to CONFIRMED, and the reverse event the desk makes."""
    at = at or timezone.now()
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CONFIRMED, used_at=None, used_by="")
    booking.refresh_from_db()
    return finance_event_on_booking_usage(booking, UNUSED, at)


def bulk_used_bookings(rows: list[tuple], point) -> list[Booking]:
    """Used bookings of the SIRET venue ``point`` written at once, each ``(offer, price_cents, quantity, used_at)``,
    with their ready finance events (as the usage handler makes them for a SIRET venue)."""
    users = User.objects.bulk_create(
        User(email=f"pricing{next(_emails)}@example.org", first_name="Léa", last_name="Petit") for _ in rows
    )
    stocks = {}
    for offer, *_ in rows:
        if offer.pk not in stocks:
            stocks[offer.pk] = Stock.objects.filter(offer=offer).first() or StockFactory(offer=offer, quantity=None)
    bookings = Booking.objects.bulk_create(
        Booking(
            user=user,
            stock=stocks[offer.pk],
            offer=offer,
            token=countermark(next(_tokens)),
            quantity=quantity,
            unit_price_cents=price,
            status=BookingStatus.USED,
            used_at=used_at,
            used_by=UsedBy.OFFERER,
            cancellation_limit_datetime=used_at,
        )
        for user, (offer, price, quantity, used_at) in zip(users, rows, strict=True)
    )
    FinanceEvent.objects.bulk_create(
        FinanceEvent(
            booking=booking,
            motive=FinanceEventMotive.BOOKING_USED,
            status=FinanceEventStatus.READY,
            venue_id=booking.offer.venue_id,
            pricing_point=point,
            value_date=booking.used_at,
            year=rules.paris_year(booking.used_at),
        )
        for booking in bookings
    )
    return bookings
