from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditLogEntry(models.Model):
    """Who did what, to what, when: written in the same transaction as the change it records."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=255, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=255, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]
        verbose_name = "entrée du journal d'audit"
        verbose_name_plural = "journal d'audit"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"


class StoredEmail(models.Model):
    """A message kept by the embedded mail backend, listed at /dev/mails (never in production)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    from_email = models.CharField(max_length=255)
    to = models.TextField(help_text="Destinataires, séparés par des virgules")
    subject = models.CharField(max_length=998)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "courriel (développement)"
        verbose_name_plural = "courriels (développement)"

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    @property
    def recipients(self) -> list[str]:
        return [address.strip() for address in self.to.split(",") if address.strip()]


class Parameter(models.Model):
    """A business parameter with a validity date (amounts, delays, thresholds): data, not constants.

    The value in force at a moment is the row with the latest ``valid_from`` not after it; changing a parameter
    adds a row, so past decisions can be explained with the value they used.
    """

    key = models.CharField(max_length=100)
    value = models.JSONField()
    valid_from = models.DateTimeField()
    description = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["key", "valid_from"], name="parameter_unique_key_valid_from")]
        verbose_name = "paramètre"
        verbose_name_plural = "paramètres"

    def __str__(self) -> str:
        return f"{self.key} = {self.value} (depuis le {self.valid_from:%d/%m/%Y})"


class ThrottleCounter(models.Model):
    """The attempts counted under one throttling key until ``expires_at`` (core/throttling.py, without Redis)."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.FloatField(db_index=True, help_text="Fin de la fenêtre (secondes depuis l'époque Unix)")

    class Meta:
        verbose_name = "compteur de limitation"
        verbose_name_plural = "compteurs de limitation"

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
