from django.conf import settings
from django.db import models
from django.db.models import Q

from passculture.beneficiaries.models import Deposit
from passculture.offers.models import Offer, Stock


class BookingStatus(models.TextChoices):
    CONFIRMED = "CONFIRMED", "Réservée"
    USED = "USED", "Validée"
    REIMBURSED = "REIMBURSED", "Remboursée"
    CANCELLED = "CANCELLED", "Annulée"


class CancellationReason(models.TextChoices):
    BENEFICIARY = "BENEFICIARY", "Annulée par le bénéficiaire"
    OFFERER = "OFFERER", "Annulée par la structure"
    EXPIRED = "EXPIRED", "Expirée (non retirée à temps)"
    FRAUD = "FRAUD", "Fraude"
    BACKOFFICE = "BACKOFFICE", "Annulée par le pass Culture"


class UsedBy(models.TextChoices):
    OFFERER = "OFFERER", "Structure (Guichet)"
    API = "API", "Logiciel de billetterie"
    AUTO = "AUTO", "Validation automatique"
    BACKOFFICE = "BACKOFFICE", "Équipe pass Culture"


class Booking(models.Model):
    """One booking (1 place, or 2 for a duo), one countermark."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings")
    deposit = models.ForeignKey(Deposit, null=True, on_delete=models.PROTECT, related_name="bookings")
    stock = models.ForeignKey(Stock, on_delete=models.PROTECT, related_name="bookings")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="bookings")
    token = models.CharField("contremarque", max_length=6, unique=True)
    quantity = models.PositiveSmallIntegerField("quantité", default=1)
    unit_price_cents = models.PositiveIntegerField("prix unitaire (centimes)")
    cap = models.CharField(max_length=10, default="NONE")  # PHYSICAL / DIGITAL / NONE at the time of booking
    status = models.CharField(max_length=10, choices=BookingStatus, default=BookingStatus.CONFIRMED)
    cancellation_reason = models.CharField(max_length=12, choices=CancellationReason, blank=True)
    cancellation_limit_datetime = models.DateTimeField("annulable jusqu'au")
    expiration_datetime = models.DateTimeField("à retirer avant le", null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField("réservée le", auto_now_add=True, db_index=True)
    used_at = models.DateTimeField("validée le", null=True, blank=True)
    used_by = models.CharField(max_length=12, choices=UsedBy, blank=True)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    reimbursed_at = models.DateTimeField("remboursée le", null=True, blank=True)

    class Meta:
        verbose_name = "réservation"
        verbose_name_plural = "réservations"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "offer"], condition=~Q(status="CANCELLED"), name="booking_one_active_per_offer"
            ),
            models.CheckConstraint(condition=Q(quantity__in=[1, 2]), name="booking_quantity_1_or_2"),
        ]
        indexes = [
            models.Index(fields=["status", "stock"]),
        ]

    def __str__(self) -> str:
        return f"{self.token} ({self.get_status_display()})"

    @property
    def total_cents(self) -> int:
        return self.unit_price_cents * self.quantity
