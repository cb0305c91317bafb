"""Eligibility of offers and catalogue lines: pure rules over data lists (docs/domain/offers.md#eligibility).

Each ``check_*`` function returns ``None`` when eligible, or an ``Ineligibility`` with a stable ``code`` and the
French message shown to pros (and written in sync reports). Used by the offer wizard and by the catalogue imports
(Allociné, Titelive, bookstore software). Services that must refuse call ``raise_if_ineligible`` to turn the first
reason into a ``DomainError``.

The lists are module-level data, in one place, so that reviewing or extending them is a one-line change.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from passculture.core.errors import DomainError
from passculture.core.money import format_cents
from passculture.offers.categories import Subcategory, get_subcategory


class IneligibilityCode(StrEnum):
    SPECIAL_SCREENING = "special_screening"
    SPECIAL_EVENT = "special_event"
    SCHOOL_BOOK = "school_book"
    PAPER_PRESS = "paper_press"
    NOT_A_BOOK = "not_a_book"
    PRICE_ABOVE_MAXIMUM = "price_above_maximum"
    SUBCATEGORY_NOT_SELECTABLE = "subcategory_not_selectable"


@dataclass(frozen=True, slots=True)
class Ineligibility:
    code: str
    message: str

    def as_error(self, field: str | None = None) -> "IneligibleOffer":
        return IneligibleOffer(self.message, code=self.code, field=field)


class IneligibleOffer(DomainError):
    code = "INELIGIBLE"
    message = "Cette offre n’est pas éligible au pass Culture."


# --- Cinema (docs/domain/offers.md#special-screenings) --------------------------------------------------------

# Only a standard digital projection is eligible. The other projections Allociné sends, all refused (kept for
# documentation and tests).
ELIGIBLE_PROJECTIONS: frozenset[str] = frozenset({"DIGITAL"})
KNOWN_SPECIAL_PROJECTIONS: frozenset[str] = frozenset(
    {"F_3D", "IMAX", "IMAX_3D", "F_4K", "F_35MM", "REALD_3D", "LASER"}
)
# Any non-empty "experience" is refused; these are the values of Allociné's API met in practice (one value or a
# list), kept for documentation and tests.
KNOWN_SPECIAL_EXPERIENCES: frozenset[str] = frozenset(
    {"E_4DX", "DOLBY_CINEMA", "DOLBY_ATMOS", "SCREEN_X", "ICE", "MX4D"}
)
# Allociné movie types dropped whole (broadcast operas, concerts, sport… shown in cinemas).
INELIGIBLE_MOVIE_TYPES: frozenset[str] = frozenset({"SPECIAL_EVENT"})

MESSAGE_SPECIAL_SCREENING = (
    "Les séances spéciales (3D, IMAX, Dolby…) ne sont pas éligibles au pass Culture : "
    "seules les séances en projection numérique standard le sont."
)
MESSAGE_SPECIAL_EVENT = (
    "Les événements spéciaux projetés en salle (retransmissions d’opéra, de concerts…) "
    "ne sont pas éligibles au pass Culture."
)


# The words of a showtime's title that name a special screening, when a pro types the format with the film's title
# ("Avatar 3D", "Dune - IMAX"); the catalogue imports check the projection and experience fields instead.
SPECIAL_SCREENING_WORDS: frozenset[str] = frozenset({"3D", "IMAX", "4DX", "DOLBY", "ATMOS", "SCREENX"})
SHOWTIME_SUBCATEGORIES: frozenset[str] = frozenset({"SEANCE_CINE", "EVENEMENT_CINE", "FESTIVAL_CINE", "CINE_PLEIN_AIR"})


def _normalise(value: object) -> str:
    return str(value).strip().upper() if value is not None else ""


def _values(value: str | Iterable[str] | None) -> set[str]:
    """One value or a list of values (Allociné gives lists), normalised; empty strings dropped."""
    if value is None or isinstance(value, str):
        items: Iterable[str | None] = (value,)
    else:
        items = value
    return {text for text in (_normalise(item) for item in items) if text}


def check_movie_showtime(
    projection: str | Iterable[str] | None,
    experience: str | Iterable[str] | None,
    movie_type: str | None = None,
) -> Ineligibility | None:
    """A showtime is eligible only when projected in standard digital (``DIGITAL``) with no ``experience``.

    ``projection`` may be one value or the list Allociné gives (it must then be exactly ``["DIGITAL"]``); a
    missing projection is not a standard one. ``movie_type`` ``SPECIAL_EVENT`` drops the whole movie.
    """
    if _normalise(movie_type) in INELIGIBLE_MOVIE_TYPES:
        return Ineligibility(IneligibilityCode.SPECIAL_EVENT, MESSAGE_SPECIAL_EVENT)
    projections = _values(projection)
    if not projections or not projections <= ELIGIBLE_PROJECTIONS or _values(experience):
        return Ineligibility(IneligibilityCode.SPECIAL_SCREENING, MESSAGE_SPECIAL_SCREENING)
    return None


def check_showtime_title(subcategory_id: str, name: str) -> Ineligibility | None:
    """A screening entered in the offer wizard whose title names a special format (3D, IMAX, 4DX, Dolby…)."""
    if subcategory_id not in SHOWTIME_SUBCATEGORIES:
        return None
    if set(re.findall(r"[0-9A-Z]+", _normalise(name))) & SPECIAL_SCREENING_WORDS:
        return Ineligibility(IneligibilityCode.SPECIAL_SCREENING, MESSAGE_SPECIAL_SCREENING)
    return None


# --- Books (docs/domain/offers.md#school-books, #press-and-non-books) -----------------------------------------

# CLIL themes named by the guide ("ISBN 3000 et 3013"): 3000 Scolaire, 3013 Parascolaire. Matched exactly: the
# sub-themes' numbering is not certain enough to list them (3012, for instance, stays eligible), and Titelive's
# school flag and the rayon (CSR) codes below catch the school books filed under a more precise theme.
SCHOOL_CLIL_CODES: frozenset[str] = frozenset({"3000", "3013"})

# Legacy Titelive rayon (CSR) codes of school and para-school books, as inclusive (start, end) ranges.
SCHOOL_CSR_RANGES: tuple[tuple[int, int], ...] = (
    (2700, 2704),
    (2800, 2804),
    (2900, 2907),
    (3000, 3008),
    (3302, 3304),
    (3511, 3511),
    (3611, 3611),
    (4001, 4002),
    (4800, 4800),
    (4803, 4803),
    (4806, 4807),
    (5512, 5512),
    (9620, 9623),
    (9800, 9800),
    (9811, 9812),
    (9814, 9814),
)

# Paper press: French press VAT rate (2.1 %) on a line whose Titelive support code is "R" (revue).
PAPER_PRESS_VAT_RATE = Decimal("2.1")
PAPER_PRESS_SUPPORT_CODE = "R"

# Titelive "codesupport" values accepted as books in a book catalogue: T (livre, grand format), M (moyen format),
# P (poche), BL (beau livre), BD (bande dessinée), LC / LD (livre + CD / + DVD), TL, and R (revue: eligible unless
# it is paper press, above). Any other support (CD, DVD, calendar, poster, object…) is not a book. A line without a
# support code is not checked.
BOOK_SUPPORT_CODES: frozenset[str] = frozenset({"BD", "BL", "LC", "LD", "M", "P", "R", "T", "TL"})

MESSAGE_SCHOOL_BOOK = "Les livres scolaires et parascolaires ne sont pas éligibles au pass Culture."
MESSAGE_PAPER_PRESS = "La presse papier n’est pas éligible au pass Culture."
MESSAGE_NOT_A_BOOK = "Ce produit n’est pas un livre (support « {support} ») : il n’est pas éligible à ce titre."


def is_school_csr_code(code: int) -> bool:
    return any(start <= code <= end for start, end in SCHOOL_CSR_RANGES)


def _parse_code(value: str | int | None) -> int | None:
    """A CSR code as an integer; ``None`` when absent or not a number (nothing to check)."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    return int(text) if text.isdecimal() else None


def _parse_rate(value: Decimal | str | float | None) -> Decimal | None:
    """A VAT rate in percent (``2.1``, ``"2,10"``); ``None`` when absent or unreadable."""
    if value is None:
        return None
    try:
        rate = Decimal(str(value).strip().replace(",", ".").rstrip("%").strip())
    except InvalidOperation:
        return None
    return rate if rate.is_finite() else None


def book_ineligibilities(
    *,
    clil_codes: Iterable[str | int] = (),
    csr_code: str | int | None = None,
    school_flag: bool = False,
    support_code: str | None = None,
    vat_rate: Decimal | str | float | None = None,
) -> list[Ineligibility]:
    """Every reason a catalogue line cannot be offered as a book (empty list: eligible), most specific first."""
    reasons: list[Ineligibility] = []
    support = _normalise(support_code)
    if support == PAPER_PRESS_SUPPORT_CODE and _parse_rate(vat_rate) == PAPER_PRESS_VAT_RATE:
        reasons.append(Ineligibility(IneligibilityCode.PAPER_PRESS, MESSAGE_PAPER_PRESS))
    elif support and support not in BOOK_SUPPORT_CODES:
        reasons.append(Ineligibility(IneligibilityCode.NOT_A_BOOK, MESSAGE_NOT_A_BOOK.format(support=support)))
    csr = _parse_code(csr_code)
    if (
        school_flag
        or any(_normalise(code) in SCHOOL_CLIL_CODES for code in clil_codes)
        or (csr is not None and is_school_csr_code(csr))
    ):
        reasons.append(Ineligibility(IneligibilityCode.SCHOOL_BOOK, MESSAGE_SCHOOL_BOOK))
    return reasons


def check_book(
    *,
    clil_codes: Iterable[str | int] = (),
    csr_code: str | int | None = None,
    school_flag: bool = False,
    support_code: str | None = None,
    vat_rate: Decimal | str | float | None = None,
) -> Ineligibility | None:
    """The first reason a catalogue line cannot be offered as a book, or ``None``. See ``book_ineligibilities``."""
    reasons = book_ineligibilities(
        clil_codes=clil_codes,
        csr_code=csr_code,
        school_flag=school_flag,
        support_code=support_code,
        vat_rate=vat_rate,
    )
    return reasons[0] if reasons else None


# --- Price and type ---------------------------------------------------------------------------------------------

MESSAGE_PRICE_ABOVE_MAXIMUM = "Le prix ({price}) dépasse le prix maximum autorisé pour cette offre ({maximum})."
MESSAGE_SUBCATEGORY_NOT_SELECTABLE = "Le type d’offre « {label} » est réservé à l’équipe du pass Culture."


def check_price(price_cents: int, max_price_cents: int | None) -> Ineligibility | None:
    """A price above the configured maximum (when one is set) is refused; the maximum itself is allowed."""
    if max_price_cents is None or price_cents <= max_price_cents:
        return None
    message = MESSAGE_PRICE_ABOVE_MAXIMUM.format(price=format_cents(price_cents), maximum=format_cents(max_price_cents))
    return Ineligibility(IneligibilityCode.PRICE_ABOVE_MAXIMUM, message)


def check_subcategory_selectable(subcategory: Subcategory | str, by_staff: bool) -> Ineligibility | None:
    """Staff-only subcategories (``is_selectable=False``) are refused to pros."""
    if isinstance(subcategory, str):
        subcategory = get_subcategory(subcategory)
    if subcategory.is_selectable or by_staff:
        return None
    message = MESSAGE_SUBCATEGORY_NOT_SELECTABLE.format(label=subcategory.label)
    return Ineligibility(IneligibilityCode.SUBCATEGORY_NOT_SELECTABLE, message)


# --- Catalogue products ------------------------------------------------------------------------------------------

MESSAGE_INELIGIBLE_PRODUCT = "Ce produit n’est pas éligible au pass Culture."
# The French message of a reason stored with a catalogue product (its code only: an import found it ineligible).
PRODUCT_MESSAGES: dict[str, str] = {
    IneligibilityCode.SPECIAL_SCREENING: MESSAGE_SPECIAL_SCREENING,
    IneligibilityCode.SPECIAL_EVENT: MESSAGE_SPECIAL_EVENT,
    IneligibilityCode.SCHOOL_BOOK: MESSAGE_SCHOOL_BOOK,
    IneligibilityCode.PAPER_PRESS: MESSAGE_PAPER_PRESS,
    IneligibilityCode.NOT_A_BOOK: "Ce produit n’est pas un livre : il n’est pas éligible à ce titre.",
}


def check_product(is_eligible: bool, reason_code: str = "") -> Ineligibility | None:
    """A catalogue product that an import found ineligible, with the French message of its stored reason."""
    if is_eligible:
        return None
    return Ineligibility(
        reason_code or "ineligible_product", PRODUCT_MESSAGES.get(reason_code, MESSAGE_INELIGIBLE_PRODUCT)
    )


# --- Aggregation -------------------------------------------------------------------------------------------------


def first_ineligibility(*results: Ineligibility | Iterable[Ineligibility] | None) -> Ineligibility | None:
    """The first reason among results of ``check_*`` (or lists of reasons); ``None`` if all are eligible."""
    for result in results:
        if result is None:
            continue
        if isinstance(result, Ineligibility):
            return result
        reason = next(iter(result), None)
        if reason is not None:
            return reason
    return None


def raise_if_ineligible(*results: Ineligibility | Iterable[Ineligibility] | None) -> None:
    """Raise ``IneligibleOffer`` (code and message of the first reason) when any result is a refusal."""
    reason = first_ineligibility(*results)
    if reason is not None:
        raise reason.as_error()
