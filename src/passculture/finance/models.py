from django.db import models
from django.db.models import Q

from passculture.bookings.models import Booking
from passculture.offerers.models import Offerer, Venue
from passculture.offers.models import Offer

# =====================================================================================================================
# Pricing: pricing points, finance events, the rules of the scale and the pricings
# (docs/domain/finance.md#pricing-points, #finance-events, #scale, #pricing).
# =====================================================================================================================


class PricingPointLink(models.Model):
    """From ``starts_at`` until ``ends_at`` (open: still in force), the revenue of ``venue`` (without a SIRET, or the
    digital venue) counts in the scale of ``pricing_point``, a SIRET venue of the same structure. A venue with a
    SIRET is its own pricing point and has no link. Links of a venue never overlap (the services check it)."""

    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="pricing_point_links")
    pricing_point = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="priced_venue_links")
    starts_at = models.DateTimeField("depuis le")
    ends_at = models.DateTimeField("jusqu'au", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "point de valorisation"
        verbose_name_plural = "points de valorisation"
        ordering = ["venue", "-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="pricing_point_link_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["venue"], condition=Q(ends_at__isnull=True), name="pricing_point_link_one_open_per_venue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.venue} → {self.pricing_point}"


class FinanceEventMotive(models.TextChoices):
    BOOKING_USED = "BOOKING_USED", "Réservation validée"
    BOOKING_UNUSED = "BOOKING_UNUSED", "Validation annulée"
    BOOKING_CANCELLED = "BOOKING_CANCELLED", "Réservation validée puis annulée"


class FinanceEventStatus(models.TextChoices):
    PENDING = "PENDING", "En attente d'un point de valorisation"
    READY = "READY", "À valoriser"
    PRICED = "PRICED", "Valorisé"
    CANCELLED = "CANCELLED", "Annulé"


class FinanceEvent(models.Model):
    """Something that changes what a venue earns: a booking used (``BOOKING_USED``), or the reverse of it (the use
    undone, or a cancellation after use). The event keeps its own value date (the use date: it survives an
    un-use), its venue and its pricing point (null while the venue has none: the event waits, ``PENDING``)."""

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="finance_events")
    motive = models.CharField(max_length=20, choices=FinanceEventMotive)
    status = models.CharField(max_length=10, choices=FinanceEventStatus)
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="finance_events", db_index=False)
    pricing_point = models.ForeignKey(  # indexed by (status, pricing_point) below
        Venue,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pricing_point_finance_events",
        db_index=False,
    )
    value_date = models.DateTimeField("date de valeur")
    year = models.PositiveSmallIntegerField("année (heure de Paris)")
    # A reverse event names the event it reverses.
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "événement financier"
        verbose_name_plural = "événements financiers"
        ordering = ["value_date", "id"]
        indexes = [
            models.Index(fields=["status", "pricing_point"], name="finance_event_status_point"),
            models.Index(fields=["venue", "status"], name="finance_event_venue_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_motive_display()} #{self.booking_id}"


class PricingRuleGroup(models.TextChoices):
    STANDARD = "STANDARD", "Barème général"
    BOOK = "BOOK", "Barème livres"
    NOT_REIMBURSED = "NOT_REIMBURSED", "Barème non remboursé"
    CUSTOM = "CUSTOM", "Barème dérogatoire"


class PricingRule(models.Model):
    """One line of the scale, as dated data: a band of the pricing point's yearly revenue (``revenue_above`` <
    revenue ≤ ``revenue_up_to``) with its rate, for a group of subcategories; or a custom rule of one offer, venue or
    structure (optionally for some subcategories only) with a rate or a fixed amount per place. Applies to the
    bookings used in [``valid_from``, ``valid_until``)."""

    group = models.CharField("barème", max_length=16, choices=PricingRuleGroup)
    label = models.CharField("libellé", max_length=140)
    # No floor (null): from the first cent; the band holds revenue_above < revenue ≤ revenue_up_to.
    revenue_above = models.BigIntegerField("chiffre d'affaires au-delà de (centimes)", null=True, blank=True)
    revenue_up_to = models.BigIntegerField("chiffre d'affaires jusqu'à (centimes)", null=True, blank=True)
    rate_bp = models.PositiveIntegerField("taux (dix-millièmes)", null=True, blank=True)
    amount_per_place = models.PositiveIntegerField("montant par place (centimes)", null=True, blank=True)
    offer = models.ForeignKey(Offer, null=True, blank=True, on_delete=models.PROTECT, related_name="pricing_rules")
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="pricing_rules")
    offerer = models.ForeignKey(Offerer, null=True, blank=True, on_delete=models.PROTECT, related_name="pricing_rules")
    # Comma-separated subcategory ids ("" = all): matched in SQL with LIKE on both databases.
    subcategories = models.CharField("types d'offre", max_length=1000, blank=True)
    valid_from = models.DateTimeField("valable à partir du")
    valid_until = models.DateTimeField("valable jusqu'au", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "règle de remboursement"
        verbose_name_plural = "règles de remboursement"
        ordering = ["group", "revenue_above", "-valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(rate_bp__isnull=False) & Q(amount_per_place__isnull=True))
                | (Q(rate_bp__isnull=True) & Q(amount_per_place__isnull=False) & Q(group="CUSTOM")),
                name="pricing_rule_rate_or_amount",
            ),
            models.CheckConstraint(condition=Q(rate_bp__lte=10000), name="pricing_rule_rate_at_most_100"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("valid_from")),
                name="pricing_rule_valid_until_after_from",
            ),
            models.CheckConstraint(
                condition=(
                    Q(group="CUSTOM")
                    & (
                        Q(offer__isnull=False, venue__isnull=True, offerer__isnull=True)
                        | Q(offer__isnull=True, venue__isnull=False, offerer__isnull=True)
                        | Q(offer__isnull=True, venue__isnull=True, offerer__isnull=False)
                    )
                )
                | (~Q(group="CUSTOM") & Q(offer__isnull=True, venue__isnull=True, offerer__isnull=True)),
                name="pricing_rule_custom_has_one_scope",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def subcategory_ids(self) -> list[str]:
        return [s for s in self.subcategories.split(",") if s]


class PricingStatus(models.TextChoices):
    VALIDATED = "VALIDATED", "Valorisée"
    PROCESSED = "PROCESSED", "Prise dans un virement"
    INVOICED = "INVOICED", "Remboursée"
    CANCELLED = "CANCELLED", "Annulée"


# A pricing in one of these statuses has been taken by a payment batch: it is never changed again.
PAID_PRICING_STATUSES = (PricingStatus.PROCESSED, PricingStatus.INVOICED)


class Pricing(models.Model):
    """What one used booking earns: the rule and rate applied, the pricing point's revenue of the year after it
    (this booking included) and the amount reimbursed, in cents. Unpaid pricings may be re-computed (a later
    event slotted before them); ``PROCESSED``/``INVOICED`` ones (taken by a payment batch) never are."""

    # Indexes are few, for the bulk insert of the pricing: the event's is its partial unique constraint, the venue's
    # and the pricing point's the composite index below (pricing point first), the rule's none (rules are few).
    event = models.ForeignKey(FinanceEvent, on_delete=models.PROTECT, related_name="pricings", db_index=False)
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="pricings")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="pricings", db_index=False)
    pricing_point = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="pricing_point_pricings", db_index=False
    )
    status = models.CharField(max_length=10, choices=PricingStatus, default=PricingStatus.VALIDATED)
    value_date = models.DateTimeField("date de valeur")
    year = models.PositiveSmallIntegerField("année (heure de Paris)")
    rule = models.ForeignKey(PricingRule, on_delete=models.PROTECT, related_name="pricings", db_index=False)
    rate_bp = models.PositiveIntegerField("taux (dix-millièmes)", null=True, blank=True)
    booking_amount = models.BigIntegerField("montant de la réservation (centimes)")
    revenue_after = models.BigIntegerField("chiffre d'affaires de l'année après cette réservation (centimes)")
    amount = models.BigIntegerField("montant remboursé (centimes)")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "valorisation"
        verbose_name_plural = "valorisations"
        ordering = ["value_date", "event_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event"], condition=~Q(status="CANCELLED"), name="pricing_one_active_per_event"
            ),
        ]
        indexes = [
            models.Index(fields=["pricing_point", "year", "status"], name="pricing_point_year_status"),
            models.Index(fields=["venue"], name="pricing_venue"),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.amount}"
