"""Finance models: bank details (the accounts of a structure, their review, their supporting documents, and which
account pays which venue over time: docs/domain/finance.md#bank-details), then pricing (pricing points, finance
events, the rules of the scale and the pricings)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from passculture.bookings.models import Booking
from passculture.core.documents import PrivateStorage
from passculture.offerers.models import Offerer, Venue
from passculture.offers.models import Offer


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
    comment = models.TextField(blank=True, max_length=2000)
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
    pricing_point = models.ForeignKey(  # the ready events' partial index below
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
            # Partial: the pricing run's update of a priced event (READY → PRICED) writes no entry in either (the
            # ready events of a pricing point, the waiting ones of a venue: the only statuses read by these keys).
            models.Index(fields=["pricing_point"], name="finance_event_ready_point", condition=Q(status="READY")),
            models.Index(fields=["venue"], name="finance_event_venue_pending", condition=Q(status="PENDING")),
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
    # The keys the pricing run writes (its event, and the booking, venue and pricing point copied from it; the rule
    # below) carry no database constraint: the run reads each from its table in the same statement, events and rules
    # are never deleted, and the event's own constraints guard its booking and venues (docs/adr/0010: one trigger
    # per key and inserted row was half of the pricing's time). `finance_check` verifies that none is orphaned;
    # Django still PROTECTs them on delete.
    event = models.ForeignKey(
        FinanceEvent, on_delete=models.PROTECT, related_name="pricings", db_index=False, db_constraint=False
    )
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="pricings", db_constraint=False)
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="pricings", db_index=False, db_constraint=False
    )
    pricing_point = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="pricing_point_pricings", db_index=False, db_constraint=False
    )
    status = models.CharField(max_length=10, choices=PricingStatus, default=PricingStatus.VALIDATED)
    # Set once by a payment batch (docs/domain/finance.md#batches), in the transaction that marks it PROCESSED; the
    # transfer is null when the account's total of the batch is zero (settled without a transfer).
    batch = models.ForeignKey(
        "PaymentBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="pricings", db_index=False
    )
    transfer = models.ForeignKey(
        "Transfer", null=True, blank=True, on_delete=models.PROTECT, related_name="pricings", db_index=False
    )
    value_date = models.DateTimeField("date de valeur")
    year = models.PositiveSmallIntegerField("année (heure de Paris)")
    rule = models.ForeignKey(
        PricingRule, on_delete=models.PROTECT, related_name="pricings", db_index=False, db_constraint=False
    )
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
            models.Index(fields=["batch"], name="pricing_batch", condition=Q(batch__isnull=False)),
            models.Index(fields=["transfer"], name="pricing_transfer", condition=Q(transfer__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.amount}"


# =====================================================================================================================
# Payments: fortnightly batches, their transfers and SEPA file, the justificatifs
# (docs/domain/finance.md#batches, #sepa, #justificatifs).
# =====================================================================================================================


class PaymentBatchStatus(models.TextChoices):
    CREATED = "CREATED", "Virements préparés"
    CONFIRMED = "CONFIRMED", "Virements confirmés"


class PaymentBatch(models.Model):
    """The payment of one fortnight: every priced, unpaid booking used up to ``cutoff`` (inclusive, Paris) of the
    venues an accepted account paid at the cut-off. One batch per cut-off: running it again finds it. Its SEPA file
    is kept in the row itself (written in the same transaction: a crash leaves both or neither)."""

    cutoff = models.DateField("date de fin de quinzaine", unique=True)
    status = models.CharField("statut", max_length=10, choices=PaymentBatchStatus, default=PaymentBatchStatus.CREATED)
    execution_date = models.DateField("date d'exécution des virements")
    message_id = models.CharField("identifiant du message SEPA", max_length=35, unique=True)
    sepa_xml = models.TextField("fichier SEPA (pain.001.001.03)", blank=True)
    total = models.BigIntegerField("montant total (centimes)", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField("lancé par", max_length=255, blank=True)
    confirmed_at = models.DateTimeField("confirmé le", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "lot de virements"
        verbose_name_plural = "lots de virements"
        ordering = ["-cutoff"]

    def __str__(self) -> str:
        return f"Lot du {self.cutoff:%d/%m/%Y}"


def _justificatif_path(instance: "Transfer", filename: str) -> str:
    return f"justificatifs/{filename}"


class Transfer(models.Model):
    """One credit transfer of a batch to one bank account ("VIR<n>"), and its "Justificatif de remboursement":
    numbered once when the batch is confirmed, from a counter row locked per year (no gap), its PDF rendered after that
    commit (empty ``justificatif`` meanwhile: "Justificatif en préparation"), stored once and never generated again."""

    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, related_name="transfers")
    bank_account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="transfers")
    label = models.CharField("n° de virement", max_length=20, unique=True)
    amount = models.BigIntegerField("montant (centimes)")
    # The account as it was paid (it may change later): the SEPA file and the justificatif say these.
    iban = models.CharField("IBAN", max_length=34)
    bic = models.CharField("BIC", max_length=11)
    account_label = models.CharField("intitulé du compte bancaire", max_length=100)
    justificatif_number = models.CharField("n° du justificatif", max_length=12, null=True, blank=True, unique=True)
    justificatif_date = models.DateField("date du justificatif", null=True, blank=True)
    justificatif = models.FileField(storage=PrivateStorage(), upload_to=_justificatif_path, max_length=200, blank=True)

    class Meta:
        verbose_name = "virement"
        verbose_name_plural = "virements"
        ordering = ["-batch__cutoff", "label"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "bank_account"], name="transfer_one_per_account_and_batch"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="transfer_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.label


class JustificatifCounter(models.Model):
    """The last number given to a justificatif in ``year``: locked (``select_for_update``) and incremented in the
    transaction that numbers, so numbers have no gap (a rolled-back transaction gives its number back)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "compteur des justificatifs"

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
