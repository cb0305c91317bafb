from django.conf import settings
from django.db import models


class EligibilityStatus(models.TextChoices):
    PENDING = "PENDING", "Identité à vérifier"
    ELIGIBLE = "ELIGIBLE", "Éligible"
    REFUSED = "REFUSED", "Non éligible"


class BeneficiaryProfile(models.Model):
    """A young person's side of an account: what eligibility is checked on (docs/domain/beneficiaries.md)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="beneficiary")
    birth_date = models.DateField("date de naissance")
    postal_code = models.CharField("code postal", max_length=5)
    city = models.CharField("ville", max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    eligibility = models.CharField(max_length=10, choices=EligibilityStatus, default=EligibilityStatus.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    refusal_reason = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "profil bénéficiaire"
        verbose_name_plural = "profils bénéficiaires"

    def __str__(self) -> str:
        return f"{self.user} ({self.get_eligibility_display()})"


class Deposit(models.Model):
    """The credit granted to a beneficiary: an amount, caps, an expiry (all from versioned parameters)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deposits")
    amount_cents = models.PositiveIntegerField("montant (centimes)")
    physical_cap_cents = models.PositiveIntegerField("plafond biens physiques (centimes)", null=True, blank=True)
    digital_cap_cents = models.PositiveIntegerField("plafond numérique (centimes)", null=True, blank=True)
    # Denormalised spending, changed only under a row lock in the bookings services (never overdrawn).
    spent_cents = models.PositiveIntegerField(default=0)
    physical_spent_cents = models.PositiveIntegerField(default=0)
    digital_spent_cents = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField("expire le")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "crédit"
        verbose_name_plural = "crédits"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(spent_cents__lte=models.F("amount_cents")), name="deposit_not_overdrawn"
            ),
            models.CheckConstraint(
                condition=models.Q(physical_cap_cents__isnull=True)
                | models.Q(physical_spent_cents__lte=models.F("physical_cap_cents")),
                name="deposit_physical_cap_respected",
            ),
            models.CheckConstraint(
                condition=models.Q(digital_cap_cents__isnull=True)
                | models.Q(digital_spent_cents__lte=models.F("digital_cap_cents")),
                name="deposit_digital_cap_respected",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.amount_cents / 100:.2f} €"

    @property
    def remaining_cents(self) -> int:
        return self.amount_cents - self.spent_cents
