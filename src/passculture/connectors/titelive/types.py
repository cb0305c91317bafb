"""What the rest of the application needs to know from Titelive's daily catalogue files (``Quotidien<DD>.tit``).

Each line of a file becomes a ``CatalogueLine`` or a ``LineProblem`` (line number, stable code, French message).
Required fields (EAN-13, title, price) refuse the line when unreadable; an odd optional field gives its empty
form (``""``, ``None``, ``()``) and never loses the line.

``CatalogueLine`` is an immutable ``NamedTuple``, not a frozen dataclass: a daily file has a million lines and a
frozen dataclass of 22 fields costs several microseconds to build (one ``object.__setattr__`` per field), about as
much as parsing the line.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple


class CatalogueLine(NamedTuple):
    line_number: int  # 1-based, in its file
    ean: str  # EAN-13, check digit verified
    title: str
    authors: str
    price_cents: int  # public price including VAT
    isbn: str = ""  # ISBN-10 as given
    publisher: str = ""
    distributor: str = ""
    collection: str = ""
    csr_code: str = ""  # Titelive "rayon" code ("2704"), the legacy classification
    csr_label: str = ""
    clil_codes: tuple[str, ...] = ()  # CLIL themes ("3000"), see docs/connectors.md on where they come from
    availability_code: int | None = None  # 1 available, 2 forthcoming, … 9 abandoned
    publication_date: datetime.date | None = None  # None when unknown (Titelive writes 01/01/2070)
    support_code: str = ""  # "T", "P", "BD", "CA"… (upper case)
    vat_rate: Decimal | None = None  # percent: Decimal("5.5"), Decimal("2.1")
    is_school_book: bool = False  # Titelive's school flag
    is_update: bool = False  # record status: False for a creation, True for an update of a known record
    updated_at: datetime.datetime | None = None  # last update at Titelive (naive, Paris time)
    summary: str = ""  # Titelive's comment (sub-title, edition…)
    dewey: str = ""
    # Title and authors both "xxx": announced but not published yet. Skipped by the import, not refused.
    not_yet_published: bool = False


class LineProblemCode(StrEnum):
    FIELD_COUNT = "field_count"
    INVALID_EAN = "invalid_ean"
    NO_TITLE = "no_title"
    INVALID_PRICE = "invalid_price"


LINE_PROBLEM_MESSAGES: dict[str, str] = {
    LineProblemCode.FIELD_COUNT: "Ligne mal formée : {count} champs au lieu de {expected}. Ligne ignorée.",
    LineProblemCode.INVALID_EAN: "L’EAN « {value} » n’est pas un EAN-13 valide. Ligne ignorée.",
    LineProblemCode.NO_TITLE: "Ligne sans titre. Ligne ignorée.",
    LineProblemCode.INVALID_PRICE: "Prix illisible ou négatif (« {value} »). Ligne ignorée.",
}


@dataclass(frozen=True, slots=True)
class LineProblem:
    line_number: int
    code: str
    message: str
    ean: str = ""  # the first field as given, when there is one


@dataclass(frozen=True, slots=True)
class TiteliveFile:
    """A daily file of a source: its date (resolved from ``Quotidien<DD>``) and where to read it."""

    date: datetime.date
    name: str  # "Quotidien04.tit"
    path: Path
