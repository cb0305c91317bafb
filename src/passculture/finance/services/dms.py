"""Use cases fed by Démarches simplifiées (docs/domain/finance.md#dms-states, #dms-updates): a dossier's update
applied to its account, the webhook's sync, the backup poll, and staff attaching a dossier kept without structure."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from passculture.connectors import dms
from passculture.core.audit import log_action
from passculture.finance import errors, rules
from passculture.finance.models import (
    ApplicationSource,
    BankAccount,
    BankAccountLink,
    BankAccountStatus,
    DmsSyncState,
)
from passculture.finance.services.bank_accounts import (
    Details,
    clean_details,
    link_from,
    locked_account,
    set_status,
)
from passculture.offerers.models import Offerer, Venue

# --- Démarches simplifiées dossiers (docs/domain/finance.md#dms-states) -----------------------------------------


@dataclass(frozen=True)
class ApplicationUpdate:
    account: BankAccount
    changed: bool  # False: an update older than (or as old as) the last one applied, ignored


def _applicant(siret: str) -> tuple[Offerer | None, Venue | None]:
    """The structure (and venue) a dossier's SIRET names: a venue's SIRET, else the structure of its SIREN."""
    venue = Venue.objects.select_related("offerer").filter(siret=siret).first() if siret else None
    if venue is not None:
        return venue.offerer, venue
    offerer = Offerer.objects.filter(siren=siret[:9]).first() if len(siret) >= 9 else None
    return offerer, None


def apply_application_update(
    procedure_id: str | int,
    dossier_id: str | int,
    state: str,
    updated_at: datetime.datetime,
    *,
    siret: str = "",
    label: str = "",
    iban: str = "",
    bic: str = "",
    pending_correction: bool = False,
    actor: str = "DMS",
) -> ApplicationUpdate:
    """Apply what a DS dossier says (webhook or poll) to its account, created on first sight.

    An update as old as or older than the last one applied changes nothing (DS may deliver them out of order: a
    status is never taken back by an older one). The details are stored normalised when they pass the checks, as
    DS gave them otherwise (staff see them flagged). A dossier whose SIRET matches no structure is kept, with no
    structure, for staff. When the dossier is accepted and its SIRET is a venue's with no account, that venue is
    linked to it.
    """
    status = rules.status_from_dms(state, pending_correction)
    siret = "".join((siret or "").split())
    procedure_id, dossier_id = str(procedure_id), str(dossier_id)
    try:
        details = clean_details(label, iban, bic)
    except errors.DomainError:
        details = Details(
            (label or "").strip()[:100],
            "".join((iban or "").split()).upper()[:34],
            "".join((bic or "").split()).upper()[:11],
        )
    offerer, venue = _applicant(siret)
    with transaction.atomic():
        account = (
            BankAccount.objects.select_for_update()
            .filter(dms_procedure_id=procedure_id, dms_dossier_id=dossier_id)
            .first()
        )
        if account is not None and account.dms_updated_at is not None and updated_at <= account.dms_updated_at:
            return ApplicationUpdate(account, changed=False)
        if account is None:
            account = BankAccount.objects.create(
                source=ApplicationSource.DMS, dms_procedure_id=procedure_id, dms_dossier_id=dossier_id, status=""
            )
            log_action(actor, "bank_account.dms_received", account, {"procedure": procedure_id, "dossier": dossier_id})
        account.offerer = account.offerer or offerer
        account.applicant_siret, account.dms_updated_at = siret, updated_at
        account.label, account.iban, account.bic = details.label, details.iban, details.bic
        account.save()
        if status != account.status:
            set_status(account, status, actor, f"Dossier DS {dossier_id} : {state}")
        accepted_for_venue = (
            status == BankAccountStatus.ACCEPTED and venue is not None and venue.offerer_id == account.offerer_id
        )
        if (
            accepted_for_venue
            and venue
            and not BankAccountLink.objects.filter(venue=venue, ends_at__isnull=True).exists()
        ):
            link_from(account, [venue.pk], actor, timezone.now())
    return ApplicationUpdate(account, changed=True)


# --- Reading Démarches simplifiées: the webhook and the poll (docs/domain/finance.md#dms-updates) -----------------


def _followed_procedure(procedure_id: str | int) -> int:
    """The number of a bank details procedure of ``settings.DMS_PROCEDURE_IDS``, or a refusal."""
    try:
        number = int(procedure_id)
    except (TypeError, ValueError):
        number = None
    if number is None or number not in settings.DMS_PROCEDURE_IDS:
        raise errors.DmsProcedureNotFollowed(field="procedure_id", procedure=procedure_id)
    return number


def _apply_dms_dossier(dossier: dms.Dossier, actor) -> ApplicationUpdate:
    return apply_application_update(
        dossier.procedure_number,
        dossier.number,
        dossier.state.value,
        dossier.updated_at,
        siret=dossier.applicant_siret,
        label=dossier.account_label,
        iban=dossier.iban,
        bic=dossier.bic,
        pending_correction=dossier.pending_correction,
        actor=actor,
    )


def dms_dossier_sync(
    procedure_id: str | int, dossier_id: str | int, actor="DMS", notified_at: datetime.datetime | None = None
) -> ApplicationUpdate:
    """Read one dossier from DS and apply it (the webhook; staff's "relire"). DS is asked before any transaction
    opens. A notification older than (or as old as) the update already applied is answered without asking DS:
    nothing older ever takes a status back."""
    procedure = _followed_procedure(procedure_id)
    if notified_at is not None:
        known = BankAccount.objects.filter(
            dms_procedure_id=str(procedure), dms_dossier_id=str(dossier_id), dms_updated_at__gte=notified_at
        ).first()
        if known is not None:
            return ApplicationUpdate(known, changed=False)
    try:
        dossier = dms.get_dms_client().get_dossier(int(dossier_id))
    except dms.DmsNotFound:
        raise errors.DmsDossierNotFound(field="dossier_id", dossier=dossier_id) from None
    except dms.DmsError as exc:
        raise errors.DmsUnavailable(reason=exc.code) from exc
    if dossier.procedure_number != procedure:
        raise errors.DmsProcedureMismatch(field="procedure_id", dossier=dossier.number, procedure=procedure)
    return _apply_dms_dossier(dossier, actor)


@dataclass
class DmsPollResult:
    procedure_id: int
    read: int = 0
    applied: int = 0
    unchanged: int = 0
    failed: int = 0
    error: str = ""


def _advance_dms_cursor(state_id: int, updated_at: datetime.datetime) -> None:
    """Move the procedure's cursor forward to ``updated_at`` (never back: two polls may run at once)."""
    DmsSyncState.objects.filter(pk=state_id).filter(
        Q(updated_since__isnull=True) | Q(updated_since__lt=updated_at)
    ).update(updated_since=updated_at)


def dms_poll(procedure_id: str | int, actor="DMS") -> DmsPollResult:
    """The backup of the webhook: apply every dossier of the procedure updated since the stored cursor (less a
    margin), page after page, oldest update first, moving the cursor after each page. A dossier that cannot be
    applied is counted and keeps the cursor before it, so the next poll tries it again; DS failing stops the run
    where it is. Each dossier is applied in its own transaction; DS is read outside them."""
    procedure = int(procedure_id)
    state, _ = DmsSyncState.objects.get_or_create(procedure_id=str(procedure))
    result = DmsPollResult(procedure)
    since = rules.dms_poll_since(state.updated_since)
    client = dms.get_dms_client()
    after: str | None = None
    stuck = False
    try:
        while True:
            page = client.list_dossiers(procedure, updated_since=since, after=after)
            for dossier in page.dossiers:
                result.read += 1
                try:
                    update = _apply_dms_dossier(dossier, actor)
                except errors.DomainError as exc:
                    result.failed += 1
                    result.error = f"Dossier {dossier.number} : {exc.message}"
                    stuck = True
                    continue
                if update.changed:
                    result.applied += 1
                else:
                    result.unchanged += 1
                if not stuck:
                    _advance_dms_cursor(state.pk, dossier.updated_at)
            if not page.has_next_page or not page.end_cursor:
                break
            after = page.end_cursor
    except dms.DmsError as exc:
        result.error = f"Démarches simplifiées : {exc.code} ({exc})"[:255]
    now = timezone.now()
    DmsSyncState.objects.filter(pk=state.pk).update(
        last_run_at=now, dossiers_read=result.read, last_error=result.error[:255]
    )
    if not result.error:
        DmsSyncState.objects.filter(pk=state.pk).update(last_success_at=now)
    return result


def dms_poll_all(actor="DMS") -> list[DmsPollResult]:
    """Poll every followed procedure (``settings.DMS_PROCEDURE_IDS``)."""
    return [dms_poll(procedure, actor) for procedure in settings.DMS_PROCEDURE_IDS]


def _is_paid(venue: Venue) -> bool:
    return BankAccountLink.objects.filter(venue=venue, ends_at__isnull=True).exists()


@transaction.atomic
def dms_account_attach(account_id: int, actor) -> BankAccount:
    """Staff attach a DS dossier kept without structure to the structure its SIRET names now (signed up since);
    accepted, it pays the venue of that SIRET when the venue has no account."""
    account = locked_account(account_id)
    if account.offerer_id is not None:
        return account
    offerer, venue = _applicant(account.applicant_siret)
    if offerer is None:
        raise errors.DmsNoStructure(siret=account.applicant_siret or "—")
    account.offerer = offerer
    account.save(update_fields=["offerer"])
    log_action(actor, "bank_account.dms_attached", account, {"offerer": offerer.pk, "siret": account.applicant_siret})
    if account.status == BankAccountStatus.ACCEPTED and venue is not None and not _is_paid(venue):
        link_from(account, [venue.pk], actor, timezone.now())
    return account
