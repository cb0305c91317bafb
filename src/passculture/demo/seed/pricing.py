"""Pricing in the demo: the digital venue of the validated structure counts its revenue in the scale of "Cinéma
Démo", its pricing point (docs/domain/finance.md#pricing-points)."""

from collections import Counter

from passculture.accounts.models import User
from passculture.finance.models import FinanceEvent, Pricing, PricingPointLink, PricingRule
from passculture.finance.services.pricing_points import pricing_point_link
from passculture.offerers.models import Offerer, Venue

DIGITAL_PRICING_POINT_SIRET = "12345678200010"  # Cinéma Démo


def ensure_pricing_point(offerer: Offerer, staff: User, counts: Counter) -> None:
    digital = Venue.objects.get(offerer=offerer, is_virtual=True)
    if PricingPointLink.objects.filter(venue=digital, ends_at__isnull=True).exists():
        return
    point = Venue.objects.get(offerer=offerer, siret=DIGITAL_PRICING_POINT_SIRET)
    pricing_point_link(digital.pk, point.pk, staff)
    counts["pricing_points"] += 1


def wipe_pricing(bookings, venues, offers, offerers) -> None:
    """What finance keeps of the demo: pricings and finance events of its bookings, pricing points and custom rules
    of its venues (they protect the bookings and venues about to go)."""
    Pricing.objects.filter(booking__in=bookings).delete()
    events = FinanceEvent.objects.filter(booking__in=bookings)
    events.filter(reverses__isnull=False).delete()  # a reverse event protects the event it reverses
    events.delete()
    PricingPointLink.objects.filter(venue__in=venues).delete()
    PricingRule.objects.filter(offer__in=offers).delete()
    PricingRule.objects.filter(venue__in=venues).delete()
    PricingRule.objects.filter(offerer__in=offerers).delete()
