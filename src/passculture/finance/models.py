"""Bank details: the accounts of a structure, their review, their supporting documents, and which account pays
which venue over time (docs/domain/finance.md#bank-details)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from passculture.core.documents import PrivateStorage
from passculture.offerers.models import Offerer, Venue


class BankAccountStatus(models.TextChoices):
    DRAFT = "DRAFT", "Dossier en construction"
    ON_GOING = "ON_GOING", "En cours de validation"
    ACCEPTED = "ACCEPTED", "Validé"
    REFUSED = "REFUSED", "Refusé"
    WITHOUT_CONTINUATION = "WITHOUT_CONTINUATION", "Classé sans suite"
    WITH_PENDING_CORRECTIONS = "WITH_PENDING_CORRECTIONS", "Corrections demandées"


class ApplicationSource(models.TextChoices):
    UPLOAD = "UPLOAD", "Dépôt sur pass Culture Pro"
    DMS = "DMS", "Démarches simplifiées"


class BankAccount(models.Model):
    """An account a structure is paid to, with the application it came from: the embedded upload (documents below,
    reviewed by staff) or a Démarches simplifiées dossier (``dms_procedure_id``/``dms_dossier_id``, reviewed there).
    A DS dossier whose SIRET matches no structure is kept with no ``offerer`` and shown to staff."""

    offerer = models.ForeignKey(
        Offerer, null=True, blank=True, on_delete=models.PROTECT, related_name="bank_accounts", verbose_name="structure"
    )
    label = models.CharField("intitulé du compte bancaire", max_length=100)
    iban = models.CharField("IBAN", max_length=34)
    bic = models.CharField("BIC", max_length=11)
    status = models.CharField(
        "statut", max_length=24, choices=BankAccountStatus, default=BankAccountStatus.DRAFT, db_index=True
    )
    source = models.CharField("dossier", max_length=6, choices=ApplicationSource, default=ApplicationSource.UPLOAD)
    applicant_siret = models.CharField("SIRET du demandeur", max_length=14, blank=True)
    dms_procedure_id = models.CharField("démarche DS", max_length=20, blank=True)
    dms_dossier_id = models.CharField("dossier DS", max_length=20, blank=True)
    dms_updated_at = models.DateTimeField("dernière mise à jour DS appliquée", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("déposé le", auto_now_add=True)
    status_changed_at = models.DateTimeField("statut modifié le", null=True, blank=True)

    class Meta:
        verbose_name = "compte bancaire"
        verbose_name_plural = "comptes bancaires"
        ordering = ["label", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dms_procedure_id", "dms_dossier_id"],
                condition=~Q(dms_dossier_id=""),
                name="bank_account_unique_dms_dossier",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.label or f"Compte bancaire {self.pk}"

    @property
    def is_accepted(self) -> bool:
        return self.status == BankAccountStatus.ACCEPTED


class BankAccountStatusChange(models.Model):
    """The history of an account's status: who (staff, the pro, DS), when, and why."""

    bank_account = models.ForeignKey(BankAccount, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=24, choices=BankAccountStatus, blank=True)
    to_status = models.CharField(max_length=24, choices=BankAccountStatus)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    author_label = models.CharField(max_length=255, blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.bank_account_id}: {self.from_status or '∅'} → {self.to_status}"


class DocumentKind(models.TextChoices):
    IDENTITY = "IDENTITY", "Justificatif de l'identité (Kbis de moins de 6 mois, PV d'assemblée générale…)"
    RIB = "RIB", "RIB"


def _document_path(instance: "BankAccountDocument", filename: str) -> str:
    # ``filename`` is the server-chosen name set by the service; the user's name is kept in ``original_name`` only.
    return f"bank-details/{filename}"


class BankAccountDocument(models.Model):
    """A supporting document of an embedded application, stored outside the web root under a name the server chose
    (the user's file name is only shown)."""

    bank_account = models.ForeignKey(BankAccount, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("pièce", max_length=8, choices=DocumentKind)
    file = models.FileField(storage=PrivateStorage(), upload_to=_document_path, max_length=200)
    original_name = models.CharField("nom du fichier", max_length=255)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField("taille (octets)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pièce justificative"
        ordering = ["kind", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"


class BankAccountLink(models.Model):
    """The account that pays a venue from ``starts_at`` until ``ends_at`` (open while ``None``). A venue's links
    never overlap: the services check it under a lock of the venue, and on PostgreSQL an exclusion constraint
    (migration 0002) refuses it too."""

    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="bank_account_links")
    bank_account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="links")
    starts_at = models.DateTimeField("depuis le")
    ends_at = models.DateTimeField("jusqu'au", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rattachement d'un lieu à un compte bancaire"
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")), name="bank_account_link_ends_after"
            ),
            # At most one open link per venue, on every database.
            models.UniqueConstraint(fields=["venue"], condition=Q(ends_at__isnull=True), name="bank_account_link_open"),
        ]
        indexes = [models.Index(fields=["venue", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.venue_id} → {self.bank_account_id} ({self.starts_at:%Y-%m-%d}…)"


class DmsSyncState(models.Model):
    """Where the backup poll of a Démarches simplifiées procedure stands (docs/domain/finance.md#dms-updates): the
    latest DS update it applied, from which the next poll reads again, and how its last run went."""

    procedure_id = models.CharField("démarche DS", max_length=20, unique=True)
    updated_since = models.DateTimeField("dernière mise à jour DS lue", null=True, blank=True)
    last_run_at = models.DateTimeField("dernière synchronisation", null=True, blank=True)
    last_success_at = models.DateTimeField("dernière synchronisation réussie", null=True, blank=True)
    last_error = models.CharField("dernière erreur", max_length=255, blank=True)
    dossiers_read = models.PositiveIntegerField("dossiers lus à la dernière synchronisation", default=0)

    class Meta:
        verbose_name = "synchronisation Démarches simplifiées"
        ordering = ["procedure_id"]

    def __str__(self) -> str:
        return f"Démarche {self.procedure_id}"
