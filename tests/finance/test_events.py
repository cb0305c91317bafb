"""Finance events (docs/domain/finance.md#finance-events) told by bookings, and pricing points
(docs/domain/finance.md#pricing-points): what the desk, the ticketing API, the job and staff do to a booking makes
the events the scale prices; a venue without a SIRET waits for its pricing point."""

import datetime

import pytest
from django.utils import timezone

from passculture.bookings import services as booking_services
from passculture.core.models import AuditLogEntry
from passculture.finance import errors
from passculture.finance.models import FinanceEvent, FinanceEventStatus, Pricing, PricingPointLink, PricingStatus
from passculture.finance.services.pricing import price_events
from passculture.finance.services.pricing_points import pricing_point_link
from tests.factories import (
    BookFactory,
    BookingFactory,
    OffererFactory,
    PricingPointLinkFactory,
    SiretlessVenueFactory,
    StaffFactory,
    StockFactory,
    UserFactory,
    VenueFactory,
    used_booking,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def book_booking(venue):
    """A confirmed booking of a paper book at ``venue`` (a SIRET venue): 12,50 €."""
    return BookingFactory(stock=StockFactory(offer=BookFactory(venue=venue)))


def _validate(booking):
    return booking_services.booking_validate_countermark(booking.token, [booking.offer.venue.offerer_id], UserFactory())


def test_a_booking_validated_at_the_desk_makes_an_event_priced_on_its_venues_scale(book_booking, venue):
    booking = _validate(book_booking)
    event = FinanceEvent.objects.get(booking=booking)
    assert (event.motive, event.status, event.pricing_point, event.value_date) == (
        "BOOKING_USED", "READY", venue, booking.used_at,
    )  # fmt: skip
    price_events()
    assert Pricing.objects.get(booking=booking).amount == 1_250


def test_invalidating_a_priced_booking_cancels_its_pricing_and_the_use_date_survives(book_booking):
    booking = _validate(book_booking)
    used_at = booking.used_at
    price_events()
    booking_services.booking_invalidate_countermark(booking.token, [booking.offer.venue.offerer_id], UserFactory())
    original, reverse = FinanceEvent.objects.filter(booking=booking).order_by("id")
    assert original.value_date == used_at  # the booking's own used_at is gone, the event keeps it
    assert (reverse.motive, reverse.status, reverse.reverses) == ("BOOKING_UNUSED", "READY", original)
    price_events()
    assert Pricing.objects.get(booking=booking).status == PricingStatus.CANCELLED
    original.refresh_from_db()
    assert original.status == FinanceEventStatus.CANCELLED
    # Validated again: a new event, priced again.
    _validate(booking)
    price_events()
    assert Pricing.objects.filter(booking=booking, status=PricingStatus.VALIDATED).count() == 1


def test_invalidating_before_pricing_simply_cancels_both_events(book_booking):
    booking = _validate(book_booking)
    booking_services.booking_invalidate_countermark(booking.token, [booking.offer.venue.offerer_id], UserFactory())
    assert set(FinanceEvent.objects.filter(booking=booking).values_list("status", flat=True)) == {"CANCELLED"}
    assert price_events()["priced"] == 0


def test_a_staff_cancellation_after_use_makes_the_reverse_event(book_booking):
    booking = _validate(book_booking)
    price_events()
    booking_services.booking_cancel_by_staff(booking.pk, StaffFactory(), "Fraude avérée")
    reverse = FinanceEvent.objects.get(booking=booking, reverses__isnull=False)
    assert reverse.motive == "BOOKING_CANCELLED"
    price_events()
    assert not Pricing.objects.filter(booking=booking).exclude(status=PricingStatus.CANCELLED).exists()


def test_a_staff_cancellation_of_an_unused_booking_makes_no_event(book_booking):
    booking_services.booking_cancel_by_staff(book_booking.pk, StaffFactory(), "Demande du jeune")
    assert not FinanceEvent.objects.filter(booking=book_booking).exists()


def test_the_automatic_use_of_an_event_booking_makes_an_event():
    booking = BookingFactory()
    now = timezone.now()
    assert booking_services.booking_auto_use(booking.pk, now)
    assert FinanceEvent.objects.get(booking=booking).value_date == now


# --- Pricing points ---------------------------------------------------------------------------------------------------


def test_a_venue_without_siret_waits_for_its_pricing_point_then_is_priced_on_its_revenue():
    hall = SiretlessVenueFactory()
    cinema = VenueFactory(offerer=hall.offerer)
    used_booking(cinema, price_cents=20_000_00, used_at=timezone.now() - datetime.timedelta(hours=2))
    waiting = used_booking(hall, price_cents=1_000, used_at=timezone.now() - datetime.timedelta(hours=1))
    event = FinanceEvent.objects.get(booking=waiting)
    assert (event.status, event.pricing_point) == ("PENDING", None)
    assert price_events()["priced"] == 1  # the cinema's booking only
    pricing_point_link(hall.pk, cinema.pk, UserFactory())
    event.refresh_from_db()
    assert (event.status, event.pricing_point) == ("READY", cinema)
    price_events()
    pricing = Pricing.objects.get(booking=waiting)
    assert (pricing.pricing_point, pricing.venue, pricing.revenue_after, pricing.rate_bp) == (
        cinema, hall, 20_010_00, 9_500,
    )  # fmt: skip
    assert AuditLogEntry.objects.filter(action="venue.pricing_point_linked").count() == 1


def test_the_digital_venue_takes_a_pricing_point_too():
    offerer = OffererFactory()  # with its digital venue
    digital = offerer.venues.get(is_virtual=True)
    pricing_point_link(digital.pk, VenueFactory(offerer=offerer).pk, UserFactory())
    assert PricingPointLink.objects.get(venue=digital).ends_at is None


@pytest.mark.parametrize(
    ("situation", "error"),
    [
        ("venue_has_siret", errors.VenueHasSiret),
        ("point_of_another_structure", errors.PricingPointOfAnotherOfferer),
        ("point_without_siret", errors.PricingPointWithoutSiret),
    ],
)
def test_a_pricing_point_is_a_siret_venue_of_the_same_structure(situation, error):
    hall = SiretlessVenueFactory()
    venue, point = {
        "venue_has_siret": (VenueFactory(offerer=hall.offerer), VenueFactory(offerer=hall.offerer)),
        "point_of_another_structure": (hall, VenueFactory()),
        "point_without_siret": (hall, SiretlessVenueFactory(offerer=hall.offerer)),
    }[situation]
    with pytest.raises(error):
        pricing_point_link(venue.pk, point.pk, UserFactory())
    assert not PricingPointLink.objects.exists()


def test_a_pro_chooses_once_staff_may_replace_and_links_never_overlap():
    link = PricingPointLinkFactory()
    other = VenueFactory(offerer=link.venue.offerer)
    with pytest.raises(errors.PricingPointAlreadySet):
        pricing_point_link(link.venue.pk, other.pk, UserFactory())
    with pytest.raises(errors.PricingPointOverlap):  # before the link in force started
        pricing_point_link(link.venue.pk, other.pk, StaffFactory(), at=link.starts_at, replace=True)
    now = timezone.now()
    pricing_point_link(link.venue.pk, other.pk, StaffFactory(), at=now, replace=True)
    link.refresh_from_db()
    assert link.ends_at == now
    assert PricingPointLink.objects.get(venue=link.venue, ends_at__isnull=True).pricing_point == other
    # A use from before the change stays on the old pricing point, one from after goes to the new one.
    before = used_booking(link.venue, used_at=now - datetime.timedelta(days=1))
    after = used_booking(link.venue, used_at=now + datetime.timedelta(seconds=1))
    assert before.finance_events.get().pricing_point == link.pricing_point
    assert after.finance_events.get().pricing_point == other


def test_choosing_the_pricing_point_prices_the_waiting_bookings_once_committed(django_capture_on_commit_callbacks):
    hall = SiretlessVenueFactory()
    cinema = VenueFactory(offerer=hall.offerer)
    waiting = used_booking(hall, price_cents=1_000)
    with django_capture_on_commit_callbacks(execute=True):
        pricing_point_link(hall.pk, cinema.pk, UserFactory())
    assert Pricing.objects.get(booking=waiting).pricing_point == cinema
