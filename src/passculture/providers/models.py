"""Catalogue providers, their links to venues and the record of every sync (docs/domain/imports.md)."""

from django.db import models

from passculture.offerers.models import Venue


class ProviderKind(models.TextChoices):
    CINEMA = "CINEMA", "Programme de cinéma"
    BOOK_CATALOGUE = "BOOK_CATALOGUE", "Catalogue de livres"
    STOCK_SOFTWARE = "STOCK_SOFTWARE", "Logiciel de gestion de stock"


class Provider(models.Model):
    """An outside system offers come from: Allociné, the Titelive catalogue, a bookstore's stock software."""

    code = models.SlugField("code", max_length=32, unique=True)
    name = models.CharField("nom", max_length=140)
    kind = models.CharField("type", max_length=20, choices=ProviderKind)
    base_url = models.URLField("URL de base", blank=True)
    # The whole value of the Authorization header sent to a stock software ("Bearer …"); empty: none.
    authorization = models.CharField("en-tête d'authentification", max_length=255, blank=True)
    prices_in_cents = models.BooleanField("prix en centimes", default=False)
    is_enabled_for_pro = models.BooleanField("proposé aux acteurs culturels", default=True)
    # Where the next run starts: the date of the last catalogue file fully imported (Titelive).
    cursor = models.CharField("curseur", max_length=64, blank=True)

    class Meta:
        verbose_name = "fournisseur"
        verbose_name_plural = "fournisseurs"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def actor_label(self) -> str:
        """Who a sync acts as in the audit trail (a system actor, not a user)."""
        return f"Fournisseur {self.name}"


class VenueProvider(models.Model):
    """A venue linked to a provider: its id there (Allociné theater id or SIRET) and the import's parameters."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="provider_links")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="venue_links")
    venue_id_at_provider = models.CharField("identifiant du lieu chez le fournisseur", max_length=64)
    # Allociné: what each imported showing costs, how many places (None: unlimited), Duo or not.
    price_cents = models.PositiveIntegerField("prix (centimes)", null=True, blank=True)
    quantity = models.PositiveIntegerField("nombre de places", null=True, blank=True)
    is_duo = models.BooleanField("Duo", default=True)
    is_active = models.BooleanField("actif", default=True)
    last_sync_at = models.DateTimeField("dernière synchronisation réussie", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lien lieu – fournisseur"
        verbose_name_plural = "liens lieux – fournisseurs"
        constraints = [models.UniqueConstraint(fields=["venue", "provider"], name="venue_provider_once")]

    def __str__(self) -> str:
        return f"{self.venue} ↔ {self.provider}"


class SyncStatus(models.TextChoices):
    RUNNING = "RUNNING", "En cours"
    SUCCESS = "SUCCESS", "Terminée"
    FAILED = "FAILED", "Échouée"


class SyncRun(models.Model):
    """One sync of a provider (for one venue, or the whole catalogue), with its counts; kept for pros and staff."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="runs")
    venue_provider = models.ForeignKey(
        VenueProvider, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.CASCADE, related_name="sync_runs")
    started_at = models.DateTimeField("début", auto_now_add=True)
    ended_at = models.DateTimeField("fin", null=True, blank=True)
    status = models.CharField("statut", max_length=10, choices=SyncStatus, default=SyncStatus.RUNNING)
    created = models.PositiveIntegerField("créées", default=0)
    updated = models.PositiveIntegerField("mises à jour", default=0)
    unchanged = models.PositiveIntegerField("inchangées", default=0)
    refused = models.PositiveIntegerField("refusées", default=0)
    skipped = models.PositiveIntegerField("ignorées", default=0)
    removed = models.PositiveIntegerField("supprimées", default=0)
    errors = models.PositiveIntegerField("erreurs", default=0)
    message = models.TextField("message", blank=True)
    # Stock software: the last ref of the last page fully imported (the next page starts after it), the
    # ``modifiedSince`` the run asked with, and the interrupted run it resumed (same cursor and modifiedSince).
    cursor = models.CharField("reprise", max_length=64, blank=True)
    modified_since = models.DateTimeField("modifiées depuis", null=True, blank=True)
    resumed_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="resumed_by",
        verbose_name="reprise de",
    )  # fmt: skip

    class Meta:
        verbose_name = "synchronisation"
        verbose_name_plural = "synchronisations"
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["venue", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.provider} {self.started_at:%Y-%m-%d %H:%M}"

    COUNTS = ("created", "updated", "unchanged", "refused", "skipped", "removed", "errors")


class SyncProblem(models.Model):
    """A refused line of a run (or a warning about an imported one), with its reason."""

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="problems")
    line_number = models.PositiveIntegerField("ligne", default=0)
    item = models.CharField("élément", max_length=255)
    code = models.CharField("code", max_length=64)
    message = models.TextField("motif")
    is_warning = models.BooleanField("avertissement", default=False)

    class Meta:
        verbose_name = "ligne signalée"
        verbose_name_plural = "lignes signalées"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.item}: {self.code}"
