"""Pricing on the scale (docs/domain/finance.md#scale, #pricing): the band edges, books against the others, the
non-reimbursed family, free bookings, custom rules, the year turning at Paris midnight, re-pricing after a late
cancellation, paid pricings left alone."""

import datetime

import pytest
from django.core.management import call_command

from passculture.finance.models import FinanceEventStatus, Pricing, PricingStatus
from passculture.finance.services.pricing import price_events
from tests.factories import (
    BookFactory,
    CustomPricingRuleFactory,
    OfferFactory,
    VenueFactory,
    unuse,
    used_booking,
)

pytestmark = pytest.mark.django_db

EUR = 100
CINEMA = "CINE_PLEIN_AIR"  # the general scale
BOOK = "LIVRE_PAPIER"  # the books' scale
VOD = "VOD"  # a digital offer: not reimbursed
JUNE = datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC)


def pricing_of(booking) -> Pricing:
    return Pricing.objects.exclude(status=PricingStatus.CANCELLED).get(booking=booking, amount__gte=0)


def price_after(prior_cents: int, amount_cents: int, subcategory: str = CINEMA) -> Pricing:
    """Price a booking of ``amount_cents`` after the venue has earned ``prior_cents`` this year."""
    venue = VenueFactory()
    if prior_cents:
        used_booking(venue, price_cents=prior_cents, used_at=JUNE, subcategory_id=CINEMA)
    booking = used_booking(
        venue, price_cents=amount_cents, used_at=JUNE + datetime.timedelta(hours=1), subcategory_id=subcategory
    )
    price_events()
    return pricing_of(booking)


@pytest.mark.parametrize(
    ("prior", "amount", "revenue", "rate", "reimbursed"),
    [
        (0, 1_000 * EUR, 1_000 * EUR, 10_000, 1_000 * EUR),
        (19_999_99, 1, 20_000 * EUR, 10_000, 1),  # 20 000,00 €: still 100 %
        (20_000 * EUR, 1, 20_000_01, 9_500, 1),  # 20 000,01 €: 95 % (0,0095 € rounds up to 1 cent)
        (20_000 * EUR, 870, 20_008_70, 9_500, 827),  # 8,265 € rounds half up to 8,27 €
        (39_999_99, 1, 40_000 * EUR, 9_500, 1),
        (40_000 * EUR, 1_000, 40_010 * EUR, 8_500, 850),
        (149_999_99, 1, 150_000 * EUR, 8_500, 1),
        (150_000 * EUR, 1_000, 150_010 * EUR, 7_000, 700),
        (19_990 * EUR, 20 * EUR, 20_010 * EUR, 9_500, 19 * EUR),  # across the edge: the whole booking at 95 %
    ],
)
def test_the_general_scale_at_each_band_edge(prior, amount, revenue, rate, reimbursed):
    pricing = price_after(prior, amount)
    assert (pricing.revenue_after, pricing.rate_bp, pricing.amount) == (revenue, rate, reimbursed)


@pytest.mark.parametrize(
    ("prior", "rate"),
    [(0, 10_000), (19_999_90, 10_000), (20_000 * EUR, 9_500), (50_000 * EUR, 9_500), (200_000 * EUR, 9_500)],
)
def test_books_stay_at_95_percent_above_20_000_euros(prior, rate):
    pricing = price_after(prior, 10, subcategory=BOOK)
    assert pricing.rate_bp == rate
    assert pricing.rule.group == "BOOK"


def test_a_book_and_a_film_after_the_same_revenue_get_different_rates():
    assert price_after(50_000 * EUR, 1_000, subcategory=BOOK).amount == 950
    assert price_after(50_000 * EUR, 1_000, subcategory=CINEMA).amount == 850


def test_a_non_reimbursed_offer_yields_nothing_but_counts_in_the_revenue():
    venue = VenueFactory()
    vod = used_booking(venue, price_cents=20_000 * EUR, used_at=JUNE, subcategory_id=VOD)
    film = used_booking(venue, price_cents=1_000, used_at=JUNE + datetime.timedelta(hours=1))
    price_events()
    assert (pricing_of(vod).rate_bp, pricing_of(vod).amount) == (0, 0)
    assert pricing_of(film).revenue_after == 20_010 * EUR
    assert pricing_of(film).rate_bp == 9_500


def test_a_free_booking_costs_nothing_and_yields_nothing():
    pricing = price_after(0, 0)
    assert (pricing.amount, pricing.revenue_after, pricing.rate_bp) == (0, 0, 10_000)


def test_a_duo_counts_both_places_and_crossing_the_edge_gets_the_next_rate_for_both():
    venue = VenueFactory()
    used_booking(venue, price_cents=19_980 * EUR, used_at=JUNE)
    duo = used_booking(venue, price_cents=750, quantity=2, used_at=JUNE + datetime.timedelta(hours=1))
    price_events()
    assert (pricing_of(duo).revenue_after, pricing_of(duo).amount) == (19_995 * EUR, 1_500)
    other = used_booking(venue, price_cents=750, quantity=2, used_at=JUNE + datetime.timedelta(hours=2))
    price_events()  # 20 010 € with it: both places at 95 %, 14,25 €
    assert (pricing_of(other).revenue_after, pricing_of(other).amount) == (20_010 * EUR, 1_425)


# --- Custom rules -----------------------------------------------------------------------------------------------------


def test_custom_rules_take_precedence_offer_first_then_venue_then_structure():
    venue = VenueFactory()
    film = OfferFactory(venue=venue, subcategory_id=CINEMA)
    book = BookFactory(venue=venue)
    other = OfferFactory(venue=VenueFactory(offerer=venue.offerer), subcategory_id=CINEMA)
    CustomPricingRuleFactory(offer=None, offerer=venue.offerer, rate_bp=3_000)
    CustomPricingRuleFactory(offer=None, venue=venue, rate_bp=6_000)
    CustomPricingRuleFactory(offer=film, rate_bp=9_000)
    priced = {
        name: used_booking(offer=offer, price_cents=1_000, used_at=JUNE)
        for name, offer in {"film": film, "book": book, "other": other}.items()
    }
    price_events()
    amounts = {name: pricing_of(booking).amount for name, booking in priced.items()}
    assert amounts == {"film": 900, "book": 600, "other": 300}
    assert pricing_of(priced["film"]).rule.group == "CUSTOM"


def test_a_custom_rule_for_some_subcategories_leaves_the_others_on_the_scale():
    venue = VenueFactory()
    CustomPricingRuleFactory(offer=None, venue=venue, subcategories="LIVRE_PAPIER", rate_bp=5_000)
    book = used_booking(venue, price_cents=1_000, used_at=JUNE, subcategory_id=BOOK)
    film = used_booking(venue, price_cents=1_000, used_at=JUNE, subcategory_id=CINEMA)
    price_events()
    assert (pricing_of(book).amount, pricing_of(film).amount) == (500, 1_000)


def test_a_custom_amount_per_place_counts_each_place_and_never_exceeds_the_price():
    venue = VenueFactory()
    offer = OfferFactory(venue=venue, subcategory_id=CINEMA, is_duo=True)
    CustomPricingRuleFactory(offer=offer, rate_bp=None, amount_per_place=400)
    duo = used_booking(offer=offer, price_cents=1_000, quantity=2, used_at=JUNE)
    cheap = used_booking(offer=offer, price_cents=300, used_at=JUNE)
    price_events()
    assert (pricing_of(duo).amount, pricing_of(cheap).amount) == (800, 300)


def test_a_custom_rule_applies_only_within_its_validity_period():
    venue = VenueFactory()
    offer = OfferFactory(venue=venue, subcategory_id=CINEMA)
    CustomPricingRuleFactory(offer=offer, rate_bp=5_000, valid_from=JUNE, valid_until=JUNE + datetime.timedelta(30))
    before = used_booking(offer=offer, price_cents=1_000, used_at=JUNE - datetime.timedelta(days=1))
    during = used_booking(offer=offer, price_cents=1_000, used_at=JUNE + datetime.timedelta(days=1))
    after = used_booking(offer=offer, price_cents=1_000, used_at=JUNE + datetime.timedelta(days=31))
    price_events()
    assert [pricing_of(b).amount for b in (before, during, after)] == [1_000, 500, 1_000]


# --- The calendar year, Paris time ------------------------------------------------------------------------------------


def test_the_revenue_starts_again_at_midnight_paris_time_on_new_year():
    venue = VenueFactory()
    used_booking(venue, price_cents=30_000 * EUR, used_at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC))
    # 22:59 UTC on 31 December is 23:59 in Paris: still 2026; 23:00 UTC is midnight in Paris: 2027.
    last = used_booking(venue, price_cents=1_000, used_at=datetime.datetime(2026, 12, 31, 22, 59, tzinfo=datetime.UTC))
    first = used_booking(venue, price_cents=1_000, used_at=datetime.datetime(2026, 12, 31, 23, 0, tzinfo=datetime.UTC))
    price_events()
    assert (pricing_of(last).year, pricing_of(last).rate_bp, pricing_of(last).revenue_after) == (2026, 9_500, 30_010_00)
    assert (pricing_of(first).year, pricing_of(first).rate_bp, pricing_of(first).revenue_after) == (2027, 10_000, 1_000)


# --- Re-pricing -------------------------------------------------------------------------------------------------------


def _three_bookings():
    venue = VenueFactory()
    big = used_booking(venue, price_cents=15_000 * EUR, used_at=JUNE)
    middle = used_booking(venue, price_cents=10_000 * EUR, used_at=JUNE + datetime.timedelta(days=1))
    small = used_booking(venue, price_cents=1_000, used_at=JUNE + datetime.timedelta(days=2))
    price_events()
    return big, middle, small


def test_a_late_cancellation_reprices_the_later_bookings_of_the_year():
    big, middle, small = _three_bookings()
    assert (pricing_of(middle).rate_bp, pricing_of(small).revenue_after) == (9_500, 25_010 * EUR)
    unuse(big, at=JUNE + datetime.timedelta(days=3))
    counts = price_events()
    assert counts["reversed"] == 1 and counts["repriced"] == 2
    assert not Pricing.objects.filter(booking=big).exclude(status=PricingStatus.CANCELLED).exists()
    assert (pricing_of(middle).rate_bp, pricing_of(middle).amount) == (10_000, 10_000 * EUR)
    assert pricing_of(small).revenue_after == 10_010 * EUR
    assert price_events()["priced"] == 0  # nothing left to do


def test_a_paid_pricing_is_never_changed_and_a_paid_booking_reversed_gets_an_adjustment():
    big, middle, small = _three_bookings()
    paid = pricing_of(middle)
    Pricing.objects.filter(pk=paid.pk).update(status=PricingStatus.PROCESSED)  # taken by a payment batch
    unuse(big, at=JUNE + datetime.timedelta(days=3))
    price_events()
    paid.refresh_from_db()
    assert (paid.status, paid.rate_bp, paid.amount, paid.revenue_after) == (
        "PROCESSED",
        9_500,
        9_500 * EUR,
        25_000 * EUR,
    )
    assert pricing_of(small).revenue_after == 10_010 * EUR  # the revenue follows what was really earned
    unuse(middle, at=JUNE + datetime.timedelta(days=4))
    price_events()
    adjustment = Pricing.objects.get(booking=middle, amount__lt=0)
    assert (adjustment.amount, adjustment.status) == (-9_500 * EUR, "VALIDATED")
    assert pricing_of(small).revenue_after == 10_010 * EUR  # before the adjustment's date: unchanged


def test_an_event_used_earlier_than_priced_ones_reprices_them():
    venue = VenueFactory()
    later = used_booking(venue, price_cents=1_000, used_at=JUNE + datetime.timedelta(days=5))
    price_events()
    assert pricing_of(later).rate_bp == 10_000
    used_booking(venue, price_cents=25_000 * EUR, used_at=JUNE)  # a use recorded late, dated before
    price_events()
    assert (pricing_of(later).rate_bp, pricing_of(later).revenue_after) == (9_500, 25_010 * EUR)


def test_the_job_prices_and_a_second_run_changes_nothing(capsys):
    booking = used_booking(VenueFactory(), price_cents=1_234, used_at=JUNE)
    call_command("price_bookings")
    assert "priced=1" in capsys.readouterr().out
    assert booking.finance_events.get().status == FinanceEventStatus.PRICED
    call_command("price_bookings")
    assert "priced=0" in capsys.readouterr().out
    assert Pricing.objects.filter(booking=booking).count() == 1
