from django.conf import settings
from django.db import models
from django.db.models import F, Q

from passculture.core.uploads import UploadPath
from passculture.offerers.models import Venue
from passculture.offers.eligibility import check_product


class Product(models.Model):
    """A catalogue product known by its EAN (a book, a record…), shared by every venue that sells it."""

    ean = models.CharField("EAN", max_length=13, unique=True)
    name = models.CharField("titre", max_length=255)
    subcategory_id = models.CharField("sous-catégorie", max_length=64)
    author = models.CharField("auteur", max_length=255, blank=True)
    performer = models.CharField("interprète", max_length=255, blank=True)
    publisher = models.CharField("éditeur", max_length=255, blank=True)
    description = models.TextField("résumé", max_length=10_000, blank=True)
    price_cents = models.PositiveIntegerField("prix public (centimes)", null=True, blank=True)
    extra_data = models.JSONField(default=dict, blank=True)
    # What the book catalogue (Titelive) says and the eligibility rules read (docs/domain/imports.md#titelive).
    csr_code = models.CharField("code rayon (CSR)", max_length=8, blank=True)
    clil_code = models.CharField("code CLIL", max_length=32, blank=True)
    is_school = models.BooleanField("scolaire", default=False)
    support_code = models.CharField("code support", max_length=4, blank=True)
    vat_rate = models.DecimalField("taux de TVA", max_digits=5, decimal_places=2, null=True, blank=True)
    publication_date = models.DateField("date de parution", null=True, blank=True)
    # False when an eligibility rule refuses the product (school book, press…); the reason explains why.
    is_eligible = models.BooleanField("éligible", default=True)
    ineligibility_reason = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "produit"
        verbose_name_plural = "produits"

    def __str__(self) -> str:
        return f"{self.name} ({self.ean})"

    @property
    def ineligibility(self):
        """Why an offer of this product is refused (code and French message), or ``None``."""
        return check_product(self.is_eligible, self.ineligibility_reason)


class OfferValidation(models.TextChoices):
    DRAFT = "DRAFT", "Brouillon"
    PENDING = "PENDING", "En instruction"
    APPROVED = "APPROVED", "Validée"
    REJECTED = "REJECTED", "Refusée"


class OfferStatus(models.TextChoices):
    """What a pro sees, derived in this order (first that applies wins)."""

    REJECTED = "REJECTED", "Refusée"
    PENDING = "PENDING", "En instruction"
    DRAFT = "DRAFT", "Brouillon"
    INACTIVE = "INACTIVE", "Désactivée"
    EXPIRED = "EXPIRED", "Expirée"
    SOLD_OUT = "SOLD_OUT", "Épuisée"
    ACTIVE = "ACTIVE", "Publiée"


class Offer(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="offers")
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.PROTECT, related_name="offers")
    subcategory_id = models.CharField("type d'offre", max_length=64, db_index=True)
    name = models.CharField("titre de l'offre", max_length=90)
    description = models.TextField("description", max_length=10_000, blank=True)
    # Conditional fields of the subcategory (ean, author, performer, visa, show_type…), keyed by field name.
    extra_data = models.JSONField(default=dict, blank=True)
    url = models.URLField("URL d'accès", max_length=500, blank=True)
    is_duo = models.BooleanField("Duo", default=False)
    is_national = models.BooleanField("rayonnement national", default=False)
    is_active = models.BooleanField("active", default=True)
    validation = models.CharField(max_length=10, choices=OfferValidation, default=OfferValidation.DRAFT)
    rejection_reason = models.TextField("motif de refus", max_length=2000, blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    booking_email = models.EmailField("email de notification des réservations", blank=True)
    withdrawal_details = models.TextField("modalités de retrait", max_length=5_000, blank=True)
    duration_minutes = models.PositiveIntegerField("durée (minutes)", null=True, blank=True)
    image = models.ImageField("image", upload_to=UploadPath("offers"), blank=True)  # core/uploads.py
    image_credit = models.CharField("crédit de l'image", max_length=255, blank=True)
    audio_disability_compliant = models.BooleanField(default=False)
    mental_disability_compliant = models.BooleanField(default=False)
    motor_disability_compliant = models.BooleanField(default=False)
    visual_disability_compliant = models.BooleanField(default=False)
    # Catalogue imports (Allociné, Titelive, bookstore software) keep a stable id per provider, and the code of the
    # provider the offer comes from (``providers.Provider.code``; empty: typed by hand).
    id_at_provider = models.CharField(max_length=255, null=True, blank=True, unique=True)
    provider_code = models.CharField("fournisseur", max_length=32, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "offre"
        verbose_name_plural = "offres"
        indexes = [
            models.Index(fields=["venue", "-created_at"]),
            models.Index(fields=["validation", "is_active"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def subcategory(self):
        from passculture.offers.categories import get_subcategory

        return get_subcategory(self.subcategory_id)

    @property
    def is_event(self) -> bool:
        return self.subcategory.is_event

    @property
    def is_digital(self) -> bool:
        return bool(self.url)

    @property
    def ean(self) -> str:
        return self.extra_data.get("ean", "")

    @property
    def notification_email(self) -> str:
        return self.booking_email or self.venue.booking_email


class Stock(models.Model):
    """A price and a number of places: one per date for events, a single one for things."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="stocks")
    price_cents = models.PositiveIntegerField("prix (centimes)")
    quantity = models.PositiveIntegerField("quantité", null=True, blank=True, help_text="Vide : illimité")
    booked_quantity = models.PositiveIntegerField("places réservées", default=0)
    beginning_datetime = models.DateTimeField("date et heure", null=True, blank=True)
    booking_limit_datetime = models.DateTimeField("date limite de réservation", null=True, blank=True)
    is_soft_deleted = models.BooleanField(default=False)
    id_at_provider = models.CharField(max_length=255, null=True, blank=True, unique=True)
    # Set when a pro edits an imported stock, so later syncs keep the pro's values.
    edited_fields = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "stock"
        verbose_name_plural = "stocks"
        ordering = ["beginning_datetime", "id"]
        indexes = [models.Index(fields=["offer", "beginning_datetime"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=F("booked_quantity")),
                name="stock_quantity_not_below_booked",
            ),
            models.CheckConstraint(
                condition=Q(beginning_datetime__isnull=True)
                | Q(booking_limit_datetime__isnull=True)
                | Q(booking_limit_datetime__lte=F("beginning_datetime")),
                name="stock_booking_limit_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} @ {self.beginning_datetime or '—'}"

    @property
    def remaining_quantity(self) -> int | None:
        return None if self.quantity is None else self.quantity - self.booked_quantity


class StockDateChange(models.Model):
    """History of an event date's changes: the bookings side notifies beneficiaries from it."""

    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="date_changes")
    old_beginning_datetime = models.DateTimeField()
    new_beginning_datetime = models.DateTimeField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.stock_id}: {self.old_beginning_datetime} → {self.new_beginning_datetime}"


class ValidationRuleKind(models.TextChoices):
    PRICE_ABOVE = "PRICE_ABOVE", "Prix supérieur à un seuil"
    NAME_KEYWORD = "NAME_KEYWORD", "Mot-clé dans le titre ou la description"
    NEW_OFFERER = "NEW_OFFERER", "Premières offres d'une structure"
    SUBCATEGORY = "SUBCATEGORY", "Type d'offre surveillé"


class OfferValidationRule(models.Model):
    """A rule (data, editable by staff) that sends an offer to manual review when it matches."""

    name = models.CharField("nom", max_length=140)
    kind = models.CharField("type de règle", max_length=20, choices=ValidationRuleKind)
    # PRICE_ABOVE: {"cents": 30000}; NAME_KEYWORD: {"keywords": ["…"]}; NEW_OFFERER: {"first_offers": 3};
    # SUBCATEGORY: {"subcategories": ["…"]}
    parameters = models.JSONField(default=dict)
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "règle de validation des offres"
        verbose_name_plural = "règles de validation des offres"

    def __str__(self) -> str:
        return self.name
