"""Reads of pricing (docs/domain/finance.md#pricing-points, #scale): a venue's pricing point, its scale gauge, the
pricing of a booking and why, the rules."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from passculture.core.money import format_cents
from passculture.finance import rules
from passculture.finance.models import (
    FinanceEvent,
    FinanceEventMotive,
    FinanceEventStatus,
    Pricing,
    PricingPointLink,
    PricingRule,
    PricingRuleGroup,
    PricingStatus,
)
from passculture.offerers.models import Venue

# The order of the groups wherever they are listed (the justificatif's order, docs/domain/finance.md#justificatifs).
GROUP_ORDER = [
    PricingRuleGroup.STANDARD,
    PricingRuleGroup.BOOK,
    PricingRuleGroup.NOT_REIMBURSED,
    PricingRuleGroup.CUSTOM,
]


def pricing_point_at(venue: Venue, at: datetime.datetime) -> Venue | None:
    """The pricing point of ``venue`` at ``at``: itself if it has a SIRET, else the link in force then (or, when
    the venue had none then, the link in force now: a choice made since covers what waited for it)."""
    return pricing_points_at([venue], at)[venue.pk]


def pricing_points_at(venues: Iterable[Venue], at: datetime.datetime) -> dict[int, Venue | None]:
    """``{venue id: pricing point at at}`` for many venues in one query (the pages' lists), by the rule of
    :func:`pricing_point_at`."""
    venues = list(venues)
    in_force: dict[int, Venue] = {}
    current: dict[int, Venue] = {}
    siretless = [venue.pk for venue in venues if not venue.siret]
    for link in PricingPointLink.objects.filter(venue_id__in=siretless).select_related("pricing_point"):
        if link.starts_at <= at and (link.ends_at is None or link.ends_at > at):
            in_force[link.venue_id] = link.pricing_point
        if link.ends_at is None:
            current[link.venue_id] = link.pricing_point
    return {venue.pk: venue if venue.siret else in_force.get(venue.pk) or current.get(venue.pk) for venue in venues}


def current_link(venue: Venue) -> PricingPointLink | None:
    return PricingPointLink.objects.filter(venue=venue, ends_at__isnull=True).select_related("pricing_point").first()


def pricing_point_candidates(venue: Venue) -> list[Venue]:
    """The venues that may be ``venue``'s pricing point: the SIRET venues of its structure."""
    return list(Venue.objects.filter(offerer_id=venue.offerer_id, siret__isnull=False, is_virtual=False))


def venues_waiting_for_pricing_point(venues: Iterable[Venue]) -> list[Venue]:
    """Among ``venues``, those without a SIRET and without a pricing point in force: their used bookings cannot be
    priced until one is chosen."""
    candidates = [venue for venue in venues if not venue.siret]
    linked = set(
        PricingPointLink.objects.filter(venue__in=candidates, ends_at__isnull=True).values_list("venue_id", flat=True)
    )
    return [venue for venue in candidates if venue.pk not in linked]


def waiting_bookings_count(venue: Venue) -> int:
    return FinanceEvent.objects.filter(venue=venue, status=FinanceEventStatus.PENDING).count()


def scale_bands(group: str, at: datetime.datetime) -> list[rules.Band]:
    valid = Q(valid_until__isnull=True) | Q(valid_until__gt=at)
    return [
        rules.Band(rule.revenue_above, rule.revenue_up_to, rule.rate_bp or 0, rule.label)
        for rule in PricingRule.objects.filter(valid, group=group, valid_from__lte=at).order_by(
            F("revenue_above").asc(nulls_first=True)
        )
    ]


def pricing_point_revenue(point: Venue, year: int) -> int:
    """The revenue of the year counted by the scale of ``point``: priced bookings (adjustments included) and used
    bookings still to price."""
    priced = (
        Pricing.objects.filter(pricing_point=point, year=year)
        .exclude(status=PricingStatus.CANCELLED)
        .aggregate(total=Sum("booking_amount"))["total"]
    )
    to_price = FinanceEvent.objects.filter(
        pricing_point=point, year=year, status=FinanceEventStatus.READY, motive=FinanceEventMotive.BOOKING_USED
    ).aggregate(total=Sum(F("booking__unit_price_cents") * F("booking__quantity")))["total"]
    return (priced or 0) + (to_price or 0)


@dataclass(frozen=True)
class VenueScale:
    """What the venue page and the home show of the scale: the pricing point (``None``: to choose), the gauge of
    its revenue this year, and the next booking's rate for books."""

    venue: Venue
    point: Venue | None
    year: int
    gauge: rules.Gauge | None
    next_book_rate_bp: int | None
    waiting: int  # used bookings waiting for a pricing point


def venue_scale(venue: Venue, now: datetime.datetime | None = None) -> VenueScale:
    now = now or timezone.now()
    year = rules.paris_year(now)
    point = pricing_point_at(venue, now)
    waiting = 0 if venue.siret else waiting_bookings_count(venue)
    if point is None:
        return VenueScale(venue, None, year, None, None, waiting)
    revenue = pricing_point_revenue(point, year)
    gauge = rules.gauge(revenue, scale_bands(PricingRuleGroup.STANDARD, now))
    books = rules.gauge(revenue, scale_bands(PricingRuleGroup.BOOK, now))
    return VenueScale(venue, point, year, gauge, books.next_rate_bp, waiting)


def pricings_of_bookings(booking_ids: Iterable[int]) -> dict[int, Pricing]:
    """The pricing in force of each booking (the last one not cancelled), with its rule."""
    found: dict[int, Pricing] = {}
    pricings = (
        Pricing.objects.filter(booking_id__in=list(booking_ids), amount__gte=0)
        .exclude(status=PricingStatus.CANCELLED)
        .select_related("rule", "pricing_point")
        .order_by("id")
    )
    for pricing in pricings:
        found[pricing.booking_id] = pricing
    return found


def pricing_history(booking_id: int) -> list[Pricing]:
    """Every pricing of a booking, cancelled ones and adjustments included (staff)."""
    return list(
        Pricing.objects.filter(booking_id=booking_id).select_related("rule", "pricing_point", "event").order_by("id")
    )


def events_of_booking(booking_id: int) -> list[FinanceEvent]:
    return list(FinanceEvent.objects.filter(booking_id=booking_id).select_related("pricing_point").order_by("id"))


def pricing_rules(*, group: str = "", current_only: bool = False) -> list[PricingRule]:
    rows = PricingRule.objects.select_related("offer", "venue", "offerer")
    if group:
        rows = rows.filter(group=group)
    if current_only:
        now = timezone.now()
        rows = rows.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now), valid_from__lte=now)
    order = Case(*(When(group=g, then=Value(i)) for i, g in enumerate(GROUP_ORDER)), output_field=IntegerField())
    return list(rows.order_by(order, F("revenue_above").asc(nulls_first=True), "-valid_from", "id"))


def pricing_rule(rule_id: int) -> PricingRule:
    return PricingRule.objects.select_related("offer", "venue", "offerer").get(pk=rule_id)


def why(pricing: Pricing) -> str:
    """Why this rate, in French: the rule and, for the scale, the revenue it fell in."""
    rule = pricing.rule
    if rule.group == PricingRuleGroup.CUSTOM:
        return f"Règle dérogatoire « {rule.label} »"
    if rule.group == PricingRuleGroup.NOT_REIMBURSED:
        return "Type d'offre non remboursé"
    where = f"chiffre d'affaires de l'année de {format_cents(pricing.revenue_after)} avec cette réservation"
    return f"{rule.get_group_display()}, tranche « {rule.label} » ({where})"


def offerer_scales(venues: Iterable[Venue]) -> tuple[list[VenueScale], list[VenueScale]]:
    """For the pro home: one scale per pricing point of ``venues``, and the venues still without one."""
    now = timezone.now()
    points: dict[int, VenueScale] = {}
    waiting = []
    for venue in venues:
        scale = venue_scale(venue, now)
        if scale.point is None:
            waiting.append(scale)
        elif scale.point.pk not in points or scale.point.pk == venue.pk:
            points[scale.point.pk] = scale
    return list(points.values()), waiting


def bookings_waiting_for_pricing_point(booking_ids: Iterable[int]) -> set[int]:
    """Among ``booking_ids``, the used bookings whose venue has no pricing point yet."""
    return set(
        FinanceEvent.objects.filter(booking_id__in=list(booking_ids), status=FinanceEventStatus.PENDING).values_list(
            "booking_id", flat=True
        )
    )
