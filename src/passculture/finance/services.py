"""Use cases that write bank details (docs/domain/finance.md): the embedded application and its review, the
updates of Démarches simplifiées dossiers, and the links of venues to accounts over time."""

import contextlib
import datetime
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from passculture.accounts.models import User
from passculture.connectors import dms
from passculture.core import documents
from passculture.core.audit import log_action
from passculture.core.mail import send_on_commit
from passculture.finance import errors, rules
from passculture.finance.models import (
    ApplicationSource,
    BankAccount,
    BankAccountDocument,
    BankAccountLink,
    BankAccountStatus,
    BankAccountStatusChange,
    DmsSyncState,
    DocumentKind,
)
from passculture.offerers.models import Offerer, Venue

# --- Details and documents (docs/domain/finance.md#iban-and-bic, #documents) ------------------------------------


@dataclass(frozen=True)
class Upload:
    """A file a user sent: the name their browser gave, its bytes (the page checks the size before reading them
    all), and the size the upload announced."""

    name: str
    content: bytes
    size: int | None = None


@dataclass(frozen=True)
class Details:
    label: str
    iban: str
    bic: str


def clean_details(label: str, iban: str, bic: str) -> Details:
    """The account's label, IBAN and BIC checked and normalised (the first refusal found)."""
    if not (label or "").strip():
        raise errors.LabelRequired(field="label")
    return Details(label.strip()[:100], rules.clean_iban(iban), rules.clean_bic(bic))


def document_field(kind: str) -> str:
    """The form field of a kind of document (``identity``, ``rib``)."""
    return kind.lower()


def check_uploads(files: dict[str, Upload | None], required: bool) -> dict[str, tuple[Upload, str]]:
    """Each upload with its kind read from its content; a refusal names the field of the faulty one."""
    checked = {}
    for kind in DocumentKind.values:
        upload = files.get(kind)
        if upload is None:
            if required:
                raise errors.DocumentMissing(field=document_field(kind), document=DOCUMENT_NAMES[kind])
            continue
        try:
            sniffed = rules.check_document(upload.name, max(upload.size or 0, len(upload.content)), upload.content[:16])
        except errors.DomainError as error:
            error.field = document_field(kind)
            raise
        checked[kind] = (upload, sniffed)
    return checked


DOCUMENT_NAMES: dict[str, str] = {
    DocumentKind.IDENTITY: "le justificatif de l'identité de la structure (Kbis de moins de 6 mois, PV d'AG…)",
    DocumentKind.RIB: "le RIB",
}


@contextlib.contextmanager
def _files_removed_on_error() -> Iterator[list[str]]:
    """Names written inside the block are deleted again when it fails (its transaction rolled back)."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        storage = BankAccountDocument._meta.get_field("file").storage
        for name in written:
            storage.delete(name)
        raise


def _store(account: BankAccount, actor: User, checked: dict[str, tuple[Upload, str]], written: list[str]) -> None:
    """Write the files under names the server chooses (the user's name is only shown)."""
    for kind, (upload, sniffed) in checked.items():
        document = BankAccountDocument(
            bank_account=account,
            kind=kind,
            original_name=upload.name[:255],
            content_type=documents.content_type(sniffed),
            size=len(upload.content),
            uploaded_by=actor,
        )
        name = f"{uuid.uuid4().hex}.{documents.extension(sniffed)}"
        document.file.save(name, ContentFile(upload.content), save=False)
        written.append(str(document.file.name))
        document.save()


# --- Status and history -------------------------------------------------------------------------------------------


def _set_status(account: BankAccount, to_status: str, author, comment: str = "") -> None:
    """Record the change in the account's history and its audit entry, and move it."""
    before = account.status if account.pk else ""
    BankAccountStatusChange.objects.create(
        bank_account=account,
        from_status=before,
        to_status=to_status,
        author=author if isinstance(author, User) else None,
        author_label=getattr(author, "email", author) or "système",
        comment=comment,
    )
    account.status = to_status
    account.status_changed_at = timezone.now()
    account.save(update_fields=["status", "status_changed_at"])
    log_action(
        author, f"bank_account.{to_status.lower()}", account, {"before": before, "after": to_status, "comment": comment}
    )


def _locked(account_id: int) -> BankAccount:
    return BankAccount.objects.select_for_update().get(pk=account_id)


# --- The embedded application (docs/domain/finance.md#review) ---------------------------------


def bank_account_submit(
    offerer: Offerer,
    actor: User,
    *,
    label: str,
    iban: str,
    bic: str,
    identity: Upload | None,
    rib: Upload | None,
    venue_ids: Iterable[int] = (),
) -> BankAccount:
    """A pro sends an application: details, the two documents, and the venues the account is to pay. It waits for
    the staff's review (``ON_GOING``); the venues are linked at once (they are paid once it is accepted)."""
    details = clean_details(label, iban, bic)
    checked = check_uploads({DocumentKind.IDENTITY: identity, DocumentKind.RIB: rib}, required=True)
    with _files_removed_on_error() as written, transaction.atomic():
        account = BankAccount.objects.create(
            offerer=offerer,
            label=details.label,
            iban=details.iban,
            bic=details.bic,
            source=ApplicationSource.UPLOAD,
            created_by=actor,
        )
        BankAccountStatusChange.objects.create(
            bank_account=account, to_status=BankAccountStatus.ON_GOING, author=actor, author_label=actor.email
        )
        account.status, account.status_changed_at = BankAccountStatus.ON_GOING, timezone.now()
        account.save(update_fields=["status", "status_changed_at"])
        _store(account, actor, checked, written)
        log_action(
            actor, "bank_account.submitted", account, {"offerer": offerer.pk, "iban": rules.mask_iban(details.iban)}
        )
        _link(account, venue_ids, actor, timezone.now())
    return account


def bank_account_resubmit(
    account_id: int,
    actor: User,
    *,
    label: str,
    iban: str,
    bic: str,
    identity: Upload | None = None,
    rib: Upload | None = None,
) -> BankAccount:
    """The pro answers a request for corrections: new details, and the documents they send again (the others are
    kept). The application goes back to the staff's queue."""
    details = clean_details(label, iban, bic)
    checked = check_uploads({DocumentKind.IDENTITY: identity, DocumentKind.RIB: rib}, required=False)
    with _files_removed_on_error() as written, transaction.atomic():
        account = _locked(account_id)
        to_status = rules.BANK_ACCOUNT_STATUS.move("resubmit", account.status, status=account.get_status_display())
        account.label, account.iban, account.bic = details.label, details.iban, details.bic
        account.save(update_fields=["label", "iban", "bic"])
        _store(account, actor, checked, written)
        _set_status(account, to_status, actor, "Dossier corrigé : " + ", ".join(sorted(k.lower() for k in checked)))
    return account


def _review(account_id: int, actor: User, transition: str, comment: str = "", *, reason_required: bool) -> BankAccount:
    """One staff decision: the comment (sent to the structure when the decision needs one), the move guarded by the
    review's state machine, the history and the audit entry."""
    if reason_required and not comment.strip():
        raise errors.ReasonRequired(field="comment")
    account = _locked(account_id)
    to_status = rules.BANK_ACCOUNT_STATUS.move(transition, account.status, status=account.get_status_display())
    _set_status(account, to_status, actor, comment)
    return account


@transaction.atomic
def bank_account_accept(account_id: int, actor: User, comment: str = "") -> BankAccount:
    account = _review(account_id, actor, "accept", comment, reason_required=False)
    send_on_commit("bank_account_accepted", bank_account_id=account.pk)
    return account


@transaction.atomic
def bank_account_refuse(account_id: int, actor: User, reason: str) -> BankAccount:
    account = _review(account_id, actor, "refuse", reason, reason_required=True)
    send_on_commit("bank_account_refused", bank_account_id=account.pk, reason=reason)
    return account


@transaction.atomic
def bank_account_ask_corrections(account_id: int, actor: User, comment: str) -> BankAccount:
    account = _review(account_id, actor, "ask_corrections", comment, reason_required=True)
    send_on_commit("bank_account_corrections", bank_account_id=account.pk, comment=comment)
    return account


@transaction.atomic
def bank_account_close(account_id: int, actor: User, reason: str) -> BankAccount:
    """Staff file an application with no further action (abandoned, duplicate): nothing is sent."""
    return _review(account_id, actor, "close", reason, reason_required=True)


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
            _set_status(account, status, actor, f"Dossier DS {dossier_id} : {state}")
        accepted_for_venue = (
            status == BankAccountStatus.ACCEPTED and venue is not None and venue.offerer_id == account.offerer_id
        )
        if (
            accepted_for_venue
            and venue
            and not BankAccountLink.objects.filter(venue=venue, ends_at__isnull=True).exists()
        ):
            _link(account, [venue.pk], actor, timezone.now())
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
    account = _locked(account_id)
    if account.offerer_id is not None:
        return account
    offerer, venue = _applicant(account.applicant_siret)
    if offerer is None:
        raise errors.DmsNoStructure(siret=account.applicant_siret or "—")
    account.offerer = offerer
    account.save(update_fields=["offerer"])
    log_action(actor, "bank_account.dms_attached", account, {"offerer": offerer.pk, "siret": account.applicant_siret})
    if account.status == BankAccountStatus.ACCEPTED and venue is not None and not _is_paid(venue):
        _link(account, [venue.pk], actor, timezone.now())
    return account


# --- Links of venues to accounts over time (docs/domain/finance.md#links-over-time) -----------------------------


def _link(account: BankAccount, venue_ids: Iterable[int], actor, at: datetime.datetime) -> list[BankAccountLink]:
    """Link each venue to ``account`` from ``at``, ending the link in force then. Under a lock of each venue the
    new link is checked against the venue's others: they never overlap (PostgreSQL also refuses it)."""
    if account.status in rules.CLOSED:
        raise errors.BankAccountClosed(status=account.get_status_display())
    created = []
    venue_ids = set(venue_ids)
    venues = list(Venue.objects.select_for_update().filter(pk__in=venue_ids).order_by("pk"))
    if len(venues) != len(venue_ids):
        raise errors.VenueNotOfOfferer(field="venues")
    for venue in venues:
        if venue.offerer_id != account.offerer_id:
            raise errors.VenueNotOfOfferer(field="venues")
        current = BankAccountLink.objects.filter(venue=venue, ends_at__isnull=True).first()
        if current is not None and current.bank_account_id == account.pk:
            continue
        later = BankAccountLink.objects.filter(venue=venue).filter(Q(ends_at__gt=at) | Q(ends_at__isnull=True))
        if current is not None:
            later = later.exclude(pk=current.pk)
            if current.starts_at >= at:
                raise errors.LinkOverlap(venue=venue.display_name)
        if later.exists():
            raise errors.LinkOverlap(venue=venue.display_name)
        if current is not None:
            current.ends_at = at
            current.save(update_fields=["ends_at"])
        link = BankAccountLink.objects.create(venue=venue, bank_account=account, starts_at=at, created_by=_user(actor))
        log_action(
            actor,
            "bank_account.venue_linked",
            account,
            {
                "venue": venue.pk,
                "from": at.isoformat(),
                "previous_account": current.bank_account_id if current else None,
            },
        )
        created.append(link)
    return created


def _user(actor) -> User | None:
    return actor if isinstance(actor, User) else None


@transaction.atomic
def link_venues(
    account_id: int, venue_ids: Iterable[int], actor, at: datetime.datetime | None = None
) -> list[BankAccountLink]:
    """The pro chooses the venues ``account`` pays, from ``at`` (now): each leaves the account that paid it."""
    account = _locked(account_id)
    return _link(account, venue_ids, actor, at or timezone.now())


@transaction.atomic
def unlink_venue(venue_id: int, actor, at: datetime.datetime | None = None) -> BankAccountLink:
    """The venue is paid by no account from ``at`` (now) on: its link in force ends."""
    at = at or timezone.now()
    venue = Venue.objects.select_for_update().get(pk=venue_id)
    current = BankAccountLink.objects.select_related("bank_account").filter(venue=venue, ends_at__isnull=True).first()
    if current is None:
        raise errors.VenueNotLinked(venue=venue.display_name)
    if current.starts_at >= at:
        # Linked by mistake a moment ago: the link never took effect.
        current.ends_at = current.starts_at + datetime.timedelta(microseconds=1)
    else:
        current.ends_at = at
    current.save(update_fields=["ends_at"])
    log_action(actor, "bank_account.venue_unlinked", current.bank_account, {"venue": venue.pk, "until": at.isoformat()})
    return current
