"""The scale on the pro pages (docs/domain/finance.md#pricing-points, #scale): the pricing point of a venue without a
SIRET, chosen on its page; the gauge on the home and each venue page; the rate of each priced booking and why."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from passculture.finance.models import PricingPointLink
from passculture.finance.services.pricing import price_events
from tests.factories import PricingPointLinkFactory, SiretlessVenueFactory, VenueFactory, used_booking
from tests.html import field_errors, options, visible_text

pytestmark = pytest.mark.django_db

NEXT_RATE = "[data-testid=scale-next-rate]"
REVENUE = "[data-testid=scale-revenue]"


def _earned(venue, cents):
    used_booking(venue, price_cents=cents, used_at=timezone.now() - datetime.timedelta(minutes=5))


def test_a_venue_page_shows_its_revenue_this_year_and_the_rate_of_the_next_booking(pro_client, venue):
    _earned(venue, 25_000_00)
    price_events()
    response = pro_client.get(reverse("pro:venue-detail", args=[venue.pk]))
    assert "il est son propre point de valorisation" in visible_text(response)
    assert visible_text(response, REVENUE) == "25 000,00 €"
    assert visible_text(response, NEXT_RATE).startswith("La prochaine réservation validée sera remboursée à 95 %")
    assert "(livres : 95 %)" in visible_text(response, NEXT_RATE)
    assert "Prochain seuil : 40 000,00 €" in visible_text(response, NEXT_RATE)


def test_the_gauge_counts_used_bookings_not_priced_yet(pro_client, venue):
    _earned(venue, 100_00)
    response = pro_client.get(reverse("pro:venue-detail", args=[venue.pk]))
    assert visible_text(response, REVENUE) == "100,00 €"
    assert "remboursée à 100 %" in visible_text(response, NEXT_RATE)


def test_a_venue_without_siret_asks_for_its_pricing_point_and_says_its_bookings_wait(pro_client, offerer, venue):
    hall = SiretlessVenueFactory(offerer=offerer)
    used_booking(hall, price_cents=1_000)
    response = pro_client.get(reverse("pro:venue-detail", args=[hall.pk]))
    text = visible_text(response)
    assert "Sélectionnez un point de valorisation" in text
    assert "1 réservation validée en attente" in text
    assert "Sélectionnez un lieu pour le calcul du barème de remboursement" in text
    assert [label for value, label in options(response, "pricing_point") if value] == [
        f"{venue.display_name} (SIRET {venue.siret})"
    ]
    home = pro_client.get(reverse("pro:home"))
    assert f"« {hall.display_name} » n'a pas de point de valorisation" in visible_text(home)


def test_choosing_the_pricing_point_needs_the_confirmation_then_prices_through_it(pro_client, offerer, venue):
    hall = SiretlessVenueFactory(offerer=offerer)
    url = reverse("pro:venue-pricing-point", args=[hall.pk])
    response = pro_client.post(url, {"pricing_point": venue.pk})
    assert response.status_code == 400
    assert field_errors(response, "confirm") == ["Cochez cette case pour confirmer votre choix."]
    assert not PricingPointLink.objects.exists()
    response = pro_client.post(url, {"pricing_point": venue.pk, "confirm": "on"}, follow=True)
    assert "Le point de valorisation du lieu a été enregistré." in visible_text(response)
    assert f"Point de valorisation : {venue.display_name} depuis le" in visible_text(response)
    assert PricingPointLink.objects.get(venue=hall).pricing_point == venue


def test_a_pricing_point_of_another_structure_or_a_venue_of_another_structure_is_refused(pro_client, offerer, venue):
    hall = SiretlessVenueFactory(offerer=offerer)
    foreign = VenueFactory()
    response = pro_client.post(
        reverse("pro:venue-pricing-point", args=[hall.pk]), {"pricing_point": foreign.pk, "confirm": "on"}
    )
    assert response.status_code == 400 and field_errors(response, "pricing_point")
    foreign_hall = SiretlessVenueFactory(offerer=foreign.offerer)
    response = pro_client.post(
        reverse("pro:venue-pricing-point", args=[foreign_hall.pk]), {"pricing_point": foreign.pk, "confirm": "on"}
    )
    assert response.status_code == 404
    assert not PricingPointLink.objects.exists()


def test_a_venue_priced_through_its_pricing_point_shows_the_points_gauge(pro_client, offerer, venue):
    link = PricingPointLinkFactory(venue=SiretlessVenueFactory(offerer=offerer), pricing_point=venue)
    _earned(venue, 45_000_00)
    price_events()
    response = pro_client.get(reverse("pro:venue-detail", args=[link.venue.pk]))
    assert f"Point de valorisation : {venue.display_name}" in visible_text(response)
    assert visible_text(response, REVENUE) == "45 000,00 €"
    assert "remboursée à 85 %" in visible_text(response, NEXT_RATE)


def test_the_home_shows_one_gauge_per_pricing_point(pro_client, offerer, venue):
    PricingPointLinkFactory(venue=SiretlessVenueFactory(offerer=offerer), pricing_point=venue)
    _earned(venue, 160_000_00)
    price_events()
    response = pro_client.get(reverse("pro:home"))
    assert visible_text(response, REVENUE) == "160 000,00 €"  # one gauge: the hall counts in the venue's
    assert "remboursée à 70 %" in visible_text(response, NEXT_RATE)


def test_each_priced_booking_shows_its_rate_and_why_in_suivi_des_reservations(pro_client, venue):
    _earned(venue, 39_000_00)
    booking = used_booking(venue, price_cents=2_000_00, subcategory_id="LIVRE_PAPIER")
    price_events()
    response = pro_client.get(reverse("pro:bookings"))
    row = next(line for line in response.context["lines"] if line["booking"] == booking)
    assert (row["pricing"].rate_bp, row["pricing"].amount) == (9_500, 1_900_00)
    text = visible_text(response)
    assert "95 % — 1 900,00 €" in text
    assert "Barème livres, tranche « Livres au-delà de 20 000 € » (chiffre d'affaires de l'année de 41 000,00 €" in text
