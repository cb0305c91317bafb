"""Pure rules of bank details (docs/domain/finance.md#bank-details): the review as a state machine, the DS states,
IBAN and BIC checks, masking, and what an uploaded document may be. No ORM."""

import datetime

from schwifty import BIC, IBAN
from schwifty.exceptions import InvalidBBANChecksum, SchwiftyException

from passculture.core import documents
from passculture.core.transitions import StateMachine, Transition
from passculture.finance import errors
from passculture.finance.models import BankAccountStatus

_DRAFT, _ON_GOING, _ACCEPTED, _REFUSED, _WITHOUT, _CORRECTIONS = (
    BankAccountStatus.DRAFT, BankAccountStatus.ON_GOING, BankAccountStatus.ACCEPTED, BankAccountStatus.REFUSED,
    BankAccountStatus.WITHOUT_CONTINUATION, BankAccountStatus.WITH_PENDING_CORRECTIONS,
)  # fmt: skip

# The review of an embedded application (docs/domain/finance.md#review). A refusal names the account's status:
# ``check(name, status, status=<its label>)``.
BANK_ACCOUNT_STATUS = StateMachine(
    Transition("accept", frozenset({_DRAFT, _ON_GOING}), _ACCEPTED, errors.InvalidBankAccountTransition),
    Transition("refuse", frozenset({_DRAFT, _ON_GOING, _CORRECTIONS}), _REFUSED, errors.InvalidBankAccountTransition),
    Transition("ask_corrections", frozenset({_DRAFT, _ON_GOING}), _CORRECTIONS, errors.InvalidBankAccountTransition),
    Transition("close", frozenset({_DRAFT, _ON_GOING, _CORRECTIONS}), _WITHOUT, errors.InvalidBankAccountTransition),
    # The pro sends the corrected application (new documents, label, IBAN, BIC): back in the staff's queue.
    Transition("resubmit", frozenset({_CORRECTIONS, _DRAFT}), _ON_GOING, errors.InvalidBankAccountTransition),
)

REVIEW_ACTIONS = ("accept", "ask_corrections", "refuse", "close")
# Statuses in the staff's queue, and those of accounts that can no longer pay anything.
TO_REVIEW = frozenset({_DRAFT, _ON_GOING})
CLOSED = frozenset({_REFUSED, _WITHOUT})
# Statuses that still need something from the pro or from staff: the pages keep the yellow banner.
PENDING = frozenset({_DRAFT, _ON_GOING, _CORRECTIONS})


def review_actions(status: str) -> set[str]:
    """The staff decisions an account in ``status`` allows: the buttons of its back-office page."""
    return BANK_ACCOUNT_STATUS.available(status, REVIEW_ACTIONS)


# --- Démarches simplifiées (docs/domain/finance.md#dms-states) ---------------------------------------------------

DMS_STATES = {
    "en_construction": _DRAFT,
    "en_instruction": _ON_GOING,
    "accepte": _ACCEPTED,
    "refuse": _REFUSED,
    "sans_suite": _WITHOUT,
}


def status_from_dms(state: str, pending_correction: bool = False) -> str:
    """The status of the account a DS dossier in ``state`` gives; a dossier sent back to the applicant for
    corrections (DS's "en attente de corrections") is ``WITH_PENDING_CORRECTIONS``."""
    try:
        status = DMS_STATES[state]
    except KeyError:
        raise errors.UnknownDmsState(state=state) from None
    if pending_correction and status in {_DRAFT, _ON_GOING}:
        return _CORRECTIONS
    return status


# --- DS updates: the webhook's dates and the poll's window (docs/domain/finance.md#dms-updates) ------------------

# The poll reads again the updates of the last minutes before its cursor: a dossier DS saved while the previous
# poll was reading is not skipped (re-reading one changes nothing).
DMS_POLL_OVERLAP = datetime.timedelta(minutes=5)

_DMS_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S.%f %z")


def parse_dms_date(value: str) -> datetime.datetime:
    """A date of a DS webhook, aware: DS sends ``2026-01-08 16:45:00 +0100`` (``… UTC`` too) or ISO 8601
    (``2026-01-08T16:45:00+01:00``, ``…Z``). A date without its offset is refused."""
    text = " ".join((value or "").split())
    if text.endswith(" UTC"):
        text = text[:-4] + " +0000"
    for date_format in _DMS_DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format)
        except ValueError:
            pass
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise errors.DmsDateInvalid(field="updated_at", value=value) from None
    if parsed.tzinfo is None:
        raise errors.DmsDateInvalid(field="updated_at", value=value)
    return parsed


def dms_poll_since(cursor: datetime.datetime | None) -> datetime.datetime | None:
    """The date the poll asks DS for the dossiers updated since: its cursor, less the overlap (all at first)."""
    return None if cursor is None else cursor - DMS_POLL_OVERLAP


def check_dms_state(state: str) -> str:
    """A DS state named by a webhook, checked against the known ones."""
    status_from_dms(state)
    return state


# --- IBAN and BIC (docs/domain/finance.md#iban-and-bic) ---------------------------------------------------------


def clean_iban(value: str) -> str:
    """The IBAN compacted and upper-cased, checked (length, check digits, country, and the national key: the French
    RIB key); :class:`errors.InvalidIban` otherwise."""
    try:
        iban = IBAN(value or "", validate_bban=True)
    except InvalidBBANChecksum:
        raise errors.InvalidRibKey(field="iban") from None
    except SchwiftyException:
        raise errors.InvalidIban(field="iban") from None
    return iban.compact


def clean_bic(value: str) -> str:
    """The BIC upper-cased, checked (8 or 11 characters, a known country); :class:`errors.InvalidBic` otherwise."""
    try:
        return BIC((value or "").replace(" ", "")).compact
    except SchwiftyException:
        raise errors.InvalidBic(field="bic") from None


def details_valid(iban: str, bic: str) -> bool:
    """Whether stored details pass the checks (a DS dossier may hold wrong ones: staff see it)."""
    try:
        clean_iban(iban)
        clean_bic(bic)
    except errors.DomainError:
        return False
    return True


def format_iban(iban: str) -> str:
    """``FR76 3000 6000 0112 3456 7890 189``: the whole IBAN, for staff."""
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def mask_iban(iban: str) -> str:
    """``FR76 •••• •••• 0189``: what the pros see (the country, the check digits and the last four characters)."""
    if len(iban) < 8:
        return "•" * len(iban)
    return f"{iban[:4]} •••• •••• {iban[-4:]}"


# --- Supporting documents (docs/domain/finance.md#documents) ----------------------------------------------------

MAX_DOCUMENT_MB = 10
MAX_DOCUMENT_BYTES = MAX_DOCUMENT_MB * 1024 * 1024


def check_document(name: str, size: int, head: bytes) -> str:
    """The kind (``pdf``, ``png``, ``jpeg``) of an uploaded file read from its first bytes, after checking its name
    (no path) and its size; a coded refusal otherwise."""
    if documents.has_path(name):
        raise errors.DocumentName()
    if size > MAX_DOCUMENT_BYTES:
        raise errors.DocumentTooLarge(name=name, limit=MAX_DOCUMENT_MB)
    kind = documents.sniff(head)
    if kind is None:
        raise errors.DocumentType(name=name)
    return kind
