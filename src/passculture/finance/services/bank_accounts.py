"""Use cases that write bank details (docs/domain/finance.md#bank-details): the embedded application and its
review, the status history, and the links of venues to accounts over time."""

import contextlib
import datetime
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from passculture.accounts.models import User
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


def set_status(account: BankAccount, to_status: str, author, comment: str = "") -> None:
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


def locked_account(account_id: int) -> BankAccount:
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
        link_from(account, venue_ids, actor, timezone.now())
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
        account = locked_account(account_id)
        to_status = rules.BANK_ACCOUNT_STATUS.move("resubmit", account.status, status=account.get_status_display())
        account.label, account.iban, account.bic = details.label, details.iban, details.bic
        account.save(update_fields=["label", "iban", "bic"])
        _store(account, actor, checked, written)
        set_status(account, to_status, actor, "Dossier corrigé : " + ", ".join(sorted(k.lower() for k in checked)))
    return account


def _review(account_id: int, actor: User, transition: str, comment: str = "", *, reason_required: bool) -> BankAccount:
    """One staff decision: the comment (sent to the structure when the decision needs one), the move guarded by the
    review's state machine, the history and the audit entry."""
    if reason_required and not comment.strip():
        raise errors.ReasonRequired(field="comment")
    account = locked_account(account_id)
    to_status = rules.BANK_ACCOUNT_STATUS.move(transition, account.status, status=account.get_status_display())
    set_status(account, to_status, actor, comment)
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


# --- Links of venues to accounts over time (docs/domain/finance.md#links-over-time) -----------------------------


def link_from(account: BankAccount, venue_ids: Iterable[int], actor, at: datetime.datetime) -> list[BankAccountLink]:
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
        link = BankAccountLink.objects.create(
            venue=venue, bank_account=account, starts_at=at, created_by=user_of(actor)
        )
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


def user_of(actor) -> User | None:
    return actor if isinstance(actor, User) else None


@transaction.atomic
def link_venues(
    account_id: int, venue_ids: Iterable[int], actor, at: datetime.datetime | None = None
) -> list[BankAccountLink]:
    """The pro chooses the venues ``account`` pays, from ``at`` (now): each leaves the account that paid it."""
    account = locked_account(account_id)
    return link_from(account, venue_ids, actor, at or timezone.now())


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
