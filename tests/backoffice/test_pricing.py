"""Staff and the scale (docs/domain/finance.md#scale): the rules as dated data (list, add, end, audited, overlaps
refused), and any booking's events and pricings."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from passculture.core.models import AuditLogEntry
from passculture.finance.models import PricingRule
from passculture.finance.services.pricing import price_events
from tests.factories import OfferFactory, VenueFactory, unuse, used_booking
from tests.html import texts, visible_text

pytestmark = pytest.mark.django_db

RULES = reverse("backoffice:pricing-rules")
CREATE = reverse("backoffice:pricing-rule-create")


def custom_rule(**overrides) -> dict:
    data = {
        "group": "CUSTOM", "label": "Festival d'été", "offer": "", "venue": "", "offerer": "", "subcategories": [],
        "revenue_above": "", "revenue_up_to": "", "rate": "", "amount_per_place": "",
        "valid_from": "2026-07-01", "valid_until": "2026-09-01",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_the_rules_page_lists_the_guides_scale(staff_client):
    response = staff_client.get(RULES)
    rows = texts(response, "tbody th")
    assert rows[:4] == ["Jusqu'à 20 000 €", "De 20 000 € à 40 000 €", "De 40 000 € à 150 000 €", "Au-delà de 150 000 €"]
    text = visible_text(response)
    assert "au-delà de 40 000,00 €, jusqu'à 150 000,00 €" in text and "85 %" in text
    assert "Livres au-delà de 20 000 €" in text and "Non remboursé" in text


def test_the_rules_page_is_for_staff_only(pro_client):
    assert pro_client.get(RULES).status_code == 404  # the back office hides itself from non-staff


def test_staff_add_a_custom_rule_for_an_offer_and_it_prices_its_bookings(staff_client):
    offer = OfferFactory(subcategory_id="CINE_PLEIN_AIR")
    response = staff_client.post(CREATE, custom_rule(offer=offer.pk, rate="92,5"))
    assert response.status_code == 302
    rule = PricingRule.objects.get(label="Festival d'été")
    assert (rule.offer, rule.rate_bp) == (offer, 9_250)
    assert rule.valid_from == datetime.datetime(2026, 7, 1, tzinfo=ZoneInfo("Europe/Paris"))  # midnight in Paris
    assert AuditLogEntry.objects.get(action="pricing_rule.created").data["rate_bp"] == 9_250
    booking = used_booking(offer=offer, price_cents=1_000, used_at=rule.valid_from)
    price_events()
    assert booking.pricings.get().amount == 925
    assert "92,5 %" in visible_text(staff_client.get(RULES))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rate": ""}, "indiquez un taux ou un montant par place."),
        ({"rate": "50"}, "choisissez une offre, un lieu ou une structure."),
        ({"group": "STANDARD", "rate": "90", "valid_until": ""}, "Une autre règle s'applique déjà"),
    ],
)
def test_an_incomplete_or_overlapping_rule_is_refused(staff_client, overrides, message):
    response = staff_client.post(CREATE, custom_rule(**overrides))
    assert response.status_code == 400
    assert message in visible_text(response)
    assert not PricingRule.objects.filter(label="Festival d'été").exists()


def test_a_new_rate_from_a_date_is_the_old_rule_ended_then_a_new_one(staff_client):
    first_band = PricingRule.objects.get(group="STANDARD", revenue_above__isnull=True)
    response = staff_client.post(
        reverse("backoffice:pricing-rule-end", args=[first_band.pk]), {"valid_until": "2027-01-01"}
    )
    assert response.status_code == 302
    first_band.refresh_from_db()
    assert first_band.valid_until == datetime.datetime(2027, 1, 1, tzinfo=ZoneInfo("Europe/Paris"))
    response = staff_client.post(
        CREATE,
        custom_rule(group="STANDARD", label="Jusqu'à 20 000 € (2027)", revenue_up_to="20000", rate="98",
                    valid_from="2027-01-01", valid_until=""),
    )  # fmt: skip
    assert response.status_code == 302
    assert [entry.action for entry in AuditLogEntry.objects.order_by("id")] == [
        "pricing_rule.ended", "pricing_rule.created",
    ]  # fmt: skip


def test_staff_see_any_bookings_events_and_pricings(staff_client):
    venue = VenueFactory()
    booking = used_booking(venue, price_cents=870, subcategory_id="LIVRE_PAPIER")
    price_events()
    unuse(booking)
    price_events()
    response = staff_client.get(reverse("backoffice:booking-detail", args=[booking.pk]))
    text = visible_text(response)
    assert "Réservation validée" in text and "Validation annulée" in text
    assert "Livres jusqu'à 20 000 €" in text and "Annulée" in text
