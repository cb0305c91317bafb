"""Pure, streaming parser of Titelive's daily catalogue files (``Quotidien<DD>.tit``).

ISO-8859-1, LF or CRLF, 45 fields separated by ``~`` plus a trailing ``~`` (46 elements once split), dd/mm/yyyy
dates, decimal commas. The positions read are data (``COLUMNS``), in one place. Every line gives a
``CatalogueLine`` or a ``LineProblem``; nothing raises on a bad line.
"""

import datetime
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from operator import itemgetter
from typing import BinaryIO

from passculture.connectors.ean import clean_ean13
from passculture.core.money import euros_to_cents

from .types import LINE_PROBLEM_MESSAGES, CatalogueLine, LineProblem, LineProblemCode

ENCODING = "iso-8859-1"
SEPARATOR = "~"
FIELD_COUNT = 45
ELEMENT_COUNT = FIELD_COUNT + 1  # the trailing "~" leaves an empty last element

# 0-based positions of the fields read (Titelive's published layout). ``clil`` is not part of that layout: we read
# CLIL theme codes, when a file carries them, from position 30, a position the layout leaves unnamed (codes
# separated by "," or ";"). See docs/connectors.md.
COLUMNS: dict[str, int] = {
    "ean": 0,
    "isbn": 1,
    "title": 2,
    "csr_code": 4,
    "availability": 5,
    "collection": 6,
    "price": 9,
    "publisher": 10,
    "distributor": 11,
    "publication_date": 12,
    "support_code": 13,
    "record_status": 21,
    "authors": 23,
    "updated_at": 25,
    "vat_rate": 26,
    "csr_label": 27,
    "clil": 30,
    "comment": 31,
    "school_flag": 39,
    "dewey": 43,
}

# Titelive writes this publication date when it does not know it.
UNKNOWN_DATE = datetime.date(2070, 1, 1)
NOT_PUBLISHED_MARK = "xxx"

_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_CLIL_CODE = re.compile(r"\d{1,6}")
EAN_LENGTH = 13
# The GS1 key of an EAN-13 read from its ASCII codes: weights 1 and 3 alternate over the first 12 digits, so the 12
# codes carry 6 × 48 + 3 × 6 × 48 of "0"s to take off.
_ZERO = ord("0")
_DIGITS_OFFSET = 6 * _ZERO + 3 * 6 * _ZERO
_MAX_PRICE_CENTS = 2_147_483_647
# Dates, rates, prices and codes repeat from line to line: their parsed values are cached (values are immutable).
_CACHE_SIZE = 8192
# The file is read and decoded by chunks of this many bytes (one decode call per chunk, not per line).
CHUNK_SIZE = 1 << 20


def _quote(value: str) -> str:
    return value if len(value) <= 40 else value[:39] + "…"


def _problem(line_number: int, code: LineProblemCode, ean: str = "", **values: object) -> LineProblem:
    message = LINE_PROBLEM_MESSAGES[code].format(**{key: _quote(str(value)) for key, value in values.items()})
    return LineProblem(line_number=line_number, code=code.value, message=message, ean=ean)


@lru_cache(maxsize=_CACHE_SIZE)
def parse_datetime(value: str) -> datetime.datetime | None:
    """``"25/12/2024"`` or ``"25/12/2024 14:03:00"`` → a naive datetime; ``None`` when empty or unreadable."""
    match = _DATE.fullmatch(value.strip())
    if not match:
        return None
    day, month, year, hour, minute, second = match.groups()
    try:
        return datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None


@lru_cache(maxsize=_CACHE_SIZE)
def parse_date(value: str) -> datetime.date | None:
    """A publication date; ``None`` when empty, unreadable or Titelive's "unknown" (01/01/2070)."""
    parsed = parse_datetime(value)
    if parsed is None or parsed.date() == UNKNOWN_DATE:
        return None
    return parsed.date()


@lru_cache(maxsize=_CACHE_SIZE)
def parse_rate(value: str) -> Decimal | None:
    """A VAT rate in percent with a decimal comma (``"5,5"`` → ``Decimal("5.50")``); ``None`` when unreadable."""
    text = value.strip().replace(",", ".")
    if not text:
        return None
    try:
        rate = Decimal(text)
    except InvalidOperation:
        return None
    if not rate.is_finite() or not 0 <= rate <= 100:
        return None
    return rate.quantize(Decimal("0.01"))


@lru_cache(maxsize=_CACHE_SIZE)
def _small_int(value: str) -> int | None:
    text = value.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None


@lru_cache(maxsize=_CACHE_SIZE)
def parse_clil_codes(value: str) -> tuple[str, ...]:
    return tuple(code for code in re.split(r"[,;\s]+", value.strip()) if _CLIL_CODE.fullmatch(code))


@lru_cache(maxsize=_CACHE_SIZE)
def _price_cents(value: str) -> int | None:
    """A price with a decimal comma ("12,50") in cents; ``None`` when unreadable, negative or absurd."""
    if not value.strip():
        return None
    try:
        cents = euros_to_cents(value)
    except (ValueError, ArithmeticError):
        return None
    return cents if 0 <= cents <= _MAX_PRICE_CENTS else None


def is_not_yet_published(title: str, authors: str) -> bool:
    """Title and authors both "xxx" (any case): Titelive announces the EAN before the book is described."""
    return title.strip().lower() == NOT_PUBLISHED_MARK and authors.strip().lower() == NOT_PUBLISHED_MARK


# The fields read, fetched in one call (``operator.itemgetter``), in the order of ``COLUMNS`` (``parse_line``
# unpacks them in that order: keep both in step).
_fetch_fields = itemgetter(*COLUMNS.values())


def parse_line(text: str, line_number: int) -> CatalogueLine | LineProblem:
    """One decoded line (line end removed) → a ``CatalogueLine`` or a ``LineProblem``."""
    elements = text.split(SEPARATOR)
    if len(elements) != ELEMENT_COUNT:
        raw_ean = elements[0].strip()
        return _problem(
            line_number, LineProblemCode.FIELD_COUNT, raw_ean, count=len(elements) - 1, expected=FIELD_COUNT
        )
    (
        raw_ean, isbn, title, csr_code, availability, collection, price, publisher, distributor, publication_date,
        support_code, record_status, authors, updated_at, vat_rate, csr_label, clil, comment, school_flag, dewey,
    ) = map(str.strip, _fetch_fields(elements))  # fmt: skip
    if len(raw_ean) == EAN_LENGTH and raw_ean.isascii() and raw_ean.isdigit():  # the usual form, checked inline
        digits = raw_ean.encode("ascii")
        total = sum(digits[0:12:2]) + 3 * sum(digits[1:12:2]) - _DIGITS_OFFSET
        ean = raw_ean if -total % 10 == digits[12] - _ZERO else None
    else:  # spaces, dashes, another length…: the shared rule decides
        ean = clean_ean13(raw_ean)
    if ean is None:
        return _problem(line_number, LineProblemCode.INVALID_EAN, raw_ean, value=raw_ean)
    # Both fields are stripped: only three-letter ones can be "xxx" (the test is skipped for every other line).
    not_yet_published = len(title) == len(authors) == len(NOT_PUBLISHED_MARK) and is_not_yet_published(title, authors)
    price_cents = _price_cents(price)
    if not not_yet_published:
        if not title:
            return _problem(line_number, LineProblemCode.NO_TITLE, ean)
        if price_cents is None:
            return _problem(line_number, LineProblemCode.INVALID_PRICE, ean, value=price)
    # Positional, in the order of ``CatalogueLine``'s fields (keywords cost more than building the tuple itself).
    return CatalogueLine(
        line_number,
        ean,
        title,
        authors,
        price_cents or 0,
        isbn,
        publisher,
        distributor,
        collection,
        csr_code,
        csr_label,
        parse_clil_codes(clil),
        _small_int(availability),
        parse_date(publication_date),
        support_code.upper(),
        parse_rate(vat_rate),
        school_flag == "1",
        record_status == "1",
        parse_datetime(updated_at),
        comment,
        dewey,
        not_yet_published,
    )


def parse_lines(lines: Iterable[bytes | str]) -> Iterator[CatalogueLine | LineProblem]:
    """Stream a file's lines (bytes are decoded as ISO-8859-1; LF or CRLF). Blank lines are skipped silently;
    line numbers count every physical line, blank ones included, so they match what a text editor shows."""
    for line_number, raw in enumerate(lines, start=1):
        text = (raw.decode(ENCODING) if isinstance(raw, bytes) else raw).rstrip("\r\n")
        if not text or text.isspace():  # the same as ``not text.strip()``, without building the stripped copy
            continue
        yield parse_line(text, line_number)


def decoded_lines(stream: BinaryIO, chunk_size: int = CHUNK_SIZE) -> Iterator[str]:
    """The lines of a binary stream, split on LF only as iterating the binary file would (a CR is left for
    ``parse_lines`` to remove), decoded one chunk at a time rather than one line at a time. ISO-8859-1 has one byte
    per character: a chunk never ends inside a character."""
    tail = ""
    while chunk := stream.read(chunk_size):
        lines = (tail + chunk.decode(ENCODING)).split("\n")
        tail = lines.pop()
        yield from lines
    if tail:
        yield tail


def parse_file(stream: BinaryIO) -> Iterator[CatalogueLine | LineProblem]:
    """Stream an open binary file (constant memory: one chunk at a time)."""
    return parse_lines(decoded_lines(stream))
