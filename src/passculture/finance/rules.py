"""Pure finance rules. No ORM.

Bank details (docs/domain/finance.md#bank-details): the review as a state machine, the DS states, IBAN and BIC
checks, masking, and what an uploaded document may be. Pricing (docs/domain/finance.md#scale): the calendar year of a
value date in Paris time, the amount of a booking at a rate, the group of a subcategory, the gauge of the scale."""

import datetime
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from schwifty import BIC, IBAN
from schwifty.exceptions import InvalidBBANChecksum, SchwiftyException

from passculture.core import documents
from passculture.core.dates import PARIS
from passculture.core.transitions import StateMachine, Transition
from passculture.finance import errors
from passculture.finance.models import BankAccountStatus
from passculture.offers.categories import SUBCATEGORIES, ReimbursementFamily

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


# =====================================================================================================================
# Pricing
# =====================================================================================================================

FULL_RATE_BP = 10_000  # rates are kept in ten-thousandths: 9 500 = 95 %

# The scale groups, as the values of ``PricingRuleGroup`` (models) spell them.
STANDARD, BOOK, NOT_REIMBURSED, CUSTOM = "STANDARD", "BOOK", "NOT_REIMBURSED", "CUSTOM"
GROUP_OF_FAMILY = {
    ReimbursementFamily.STANDARD: STANDARD,
    ReimbursementFamily.BOOK: BOOK,
    ReimbursementFamily.NOT_REIMBURSED: NOT_REIMBURSED,
}


def paris_year(value_date: datetime.datetime) -> int:
    """The calendar year of ``value_date`` in Paris time: the scale restarts at midnight on 1 January, Paris."""
    return value_date.astimezone(ZoneInfo(PARIS)).year


def amount_at_rate(total_cents: int, rate_bp: int) -> int:
    """``total × rate``, rounded half up to the cent (both non-negative): 8,70 € at 95 % → 8,27 € (8,265)."""
    return (total_cents * rate_bp + FULL_RATE_BP // 2) // FULL_RATE_BP


def subcategories_of_group(group: str) -> list[str]:
    """The subcategory ids whose reimbursement family maps to ``group`` (STANDARD, BOOK or NOT_REIMBURSED)."""
    return sorted(s.id for s in SUBCATEGORIES if GROUP_OF_FAMILY[s.reimbursement_family] == group)


def group_of_subcategory(subcategory_id: str) -> str:
    for subcategory in SUBCATEGORIES:
        if subcategory.id == subcategory_id:
            return GROUP_OF_FAMILY[subcategory.reimbursement_family]
    return STANDARD


def parse_subcategories(text: str) -> list[str]:
    return [part for part in (text or "").split(",") if part]


def join_subcategories(ids: Iterable[str]) -> str:
    return ",".join(sorted(set(ids)))


def format_rate(rate_bp: int | None) -> str:
    """9 500 → "95 %", 9 250 → "92,5 %" (French, narrow no-break space)."""
    if rate_bp is None:
        return "—"
    whole, rest = divmod(rate_bp, 100)
    text = str(whole) if rest == 0 else f"{rate_bp / 100:.2f}".rstrip("0").replace(".", ",")
    return f"{text}\u202f%"


@dataclass(frozen=True)
class Band:
    """A band of the scale: ``above`` < revenue ≤ ``up_to`` gets ``rate_bp`` (``None``: no floor, no ceiling)."""

    above: int | None
    up_to: int | None
    rate_bp: int
    label: str = ""

    def holds(self, revenue: int) -> bool:
        return (self.above is None or revenue > self.above) and (self.up_to is None or revenue <= self.up_to)


@dataclass(frozen=True)
class Gauge:
    """A pricing point's revenue of the year against the band edges of the general scale."""

    revenue: int
    edges: tuple[int, ...]  # the ceilings of the bands, ascending (20 000 €, 40 000 €, 150 000 €)
    bands: tuple[Band, ...]  # ascending
    current: Band | None  # the band the revenue is in
    next_rate_bp: int | None  # the rate of a booking of 1 cent more (the next one)
    percent: int  # how far along the last edge, 0..100 (the bar)

    @property
    def low(self) -> int:
        """The meter's marks: the first edge (low), the second (high), the last (max)."""
        return self.edges[0] if self.edges else 0

    @property
    def high(self) -> int:
        return self.edges[1] if len(self.edges) > 1 else self.low

    @property
    def max(self) -> int:
        return self.edges[-1] if self.edges else max(self.revenue, 1)

    @property
    def next_edge(self) -> int | None:
        return next((edge for edge in self.edges if edge >= self.revenue), None)


def gauge(revenue: int, bands: Sequence[Band]) -> Gauge:
    ordered = sorted(bands, key=lambda band: -1 if band.above is None else band.above)
    edges = tuple(band.up_to for band in ordered if band.up_to is not None)
    current = next((band for band in ordered if band.holds(revenue)), None)
    following = next((band for band in ordered if band.holds(revenue + 1)), None)
    ceiling = edges[-1] if edges else 0
    percent = 100 if not ceiling or revenue >= ceiling else revenue * 100 // ceiling
    return Gauge(revenue, edges, tuple(ordered), current, following.rate_bp if following else None, percent)


# =====================================================================================================================
# Payments (docs/domain/finance.md#batches, #sepa, #justificatifs)
# =====================================================================================================================

SEPA_EXECUTION_DELAY = datetime.timedelta(days=7)
# The EPC's basic Latin set of a SEPA file: every other character is transliterated or becomes a space.
_EPC_ALLOWED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ ")
_EPC_SPECIAL = {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "&": "+", "’": "'"}
NAME_MAX, REMITTANCE_MAX = 70, 140
# The lines of a justificatif, group by group, in this order.
JUSTIFICATIF_GROUPS = (STANDARD, BOOK, NOT_REIMBURSED, CUSTOM)


def is_cutoff(day: datetime.date) -> bool:
    """Batches close on the 15th and on the last day of each month."""
    return day.day == 15 or (day + datetime.timedelta(days=1)).day == 1


def last_cutoff_before(today: datetime.date) -> datetime.date:
    """The latest cut-off strictly before ``today``: the batch the scheduled run (the 1st and the 16th) pays."""
    day = today - datetime.timedelta(days=1)
    while not is_cutoff(day):
        day -= datetime.timedelta(days=1)
    return day


def fortnight_start(cutoff: datetime.date) -> datetime.date:
    return cutoff.replace(day=1) if cutoff.day <= 15 else cutoff.replace(day=16)


def cutoff_end(cutoff: datetime.date) -> datetime.datetime:
    """The instant a cut-off ends: midnight in Paris after ``cutoff`` (bookings used up to then are paid)."""
    next_day = cutoff + datetime.timedelta(days=1)
    return datetime.datetime(next_day.year, next_day.month, next_day.day, tzinfo=ZoneInfo(PARIS))


def fortnight_label(cutoff: datetime.date) -> str:
    """``1ère quinzaine 11-2026`` / ``2nde quinzaine 11-2026``."""
    half = "1ère" if cutoff.day <= 15 else "2nde"
    return f"{half} quinzaine {cutoff:%m-%Y}"


def remittance_text(cutoff: datetime.date) -> str:
    return f"pass Culture Pro - remboursement {fortnight_label(cutoff)}"


def execution_date(batch_date: datetime.date) -> datetime.date:
    return batch_date + SEPA_EXECUTION_DELAY


def epc_text(text: str, limit: int) -> str:
    """``text`` in the EPC character set (accents dropped, ``&`` as ``+``, other characters as spaces), spaces
    collapsed, cut at ``limit`` characters."""
    out = []
    for char in text or "":
        char = _EPC_SPECIAL.get(char, char)
        char = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        out.append("".join(c if c in _EPC_ALLOWED else " " for c in char))
    return " ".join("".join(out).split())[:limit].rstrip()


def justificatif_number(year: int, sequence: int) -> str:
    """``F26`` and seven digits: the ``sequence``-th justificatif of ``year``."""
    return f"F{year % 100:02d}{sequence:07d}"


def expected_amount(booking_amount: int, quantity: int, rate_bp: int | None, amount_per_place: int | None) -> int:
    """What a pricing must say, from its booking's amount (negative for an adjustment) and its rule."""
    sign = -1 if booking_amount < 0 else 1
    total = abs(booking_amount)
    if amount_per_place is not None:
        return sign * min(amount_per_place * quantity, total)
    return sign * amount_at_rate(total, rate_bp or 0)


@dataclass(frozen=True)
class JustificatifLine:
    group: str
    rate_bp: int | None  # None: a fixed amount per place (custom rule)
    booked: int  # amount of the validated bookings, VAT included (cents)
    reimbursed: int

    @property
    def contribution(self) -> int:
        """What the structure bears: the part not reimbursed."""
        return self.booked - self.reimbursed

    @property
    def contribution_rate_bp(self) -> int | None:
        return None if self.rate_bp is None else FULL_RATE_BP - self.rate_bp


def justificatif_lines(rows: Iterable[tuple[str, int | None, int, int]]) -> list[JustificatifLine]:
    """``(group, rate, booked, reimbursed)`` rows summed into one line per group and rate: groups in the order of
    :data:`JUSTIFICATIF_GROUPS`, rates highest first (fixed amounts last)."""
    sums: dict[tuple[str, int | None], list[int]] = {}
    for group, rate_bp, booked, reimbursed in rows:
        line = sums.setdefault((group, rate_bp), [0, 0])
        line[0] += booked
        line[1] += reimbursed
    order = {group: index for index, group in enumerate(JUSTIFICATIF_GROUPS)}
    keys = sorted(sums, key=lambda key: (order.get(key[0], len(order)), key[1] is None, -(key[1] or 0)))
    return [JustificatifLine(group, rate, *sums[(group, rate)]) for group, rate in keys]
