"""Row generators of the bookings exports and the tickets to issue (docs/domain/bookings.md#follow-up), CSV and XLSX.

Rows are typed (local naive datetimes, ``Decimal`` euros) and produced while the queryset is read in chunks
(``.iterator`` over plain tuples, no model instances; a server-side cursor on PostgreSQL): 100,000 bookings are
never all in memory. The XLSX is written by XlsxWriter in ``constant_memory`` mode, which flushes each row to a
temporary file. The bookings CSV has its own path, :func:`booking_csv_chunks`, which writes each cell's text straight
from the row read (dates at the venue, euros from the cents) without the typed values in between: the export of the
"Suivi des réservations" is the one that reaches 100,000 lines. Building the HTTP response is the view's job.

XlsxWriter is imported when a sheet is written: a web worker that never writes one does not hold it.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connections
from django.db.models import Case, CharField, Func, QuerySet, When
from django.db.models import Value as SQLValue
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone

from passculture.bookings import selectors
from passculture.bookings.models import Booking
from passculture.bookings.rules import PRO_STATUS_LABELS, pro_status
from passculture.core.dates import PARIS

CHUNK_SIZE = 2000
BOM = "\ufeff"
CSV_DATETIME = "%d/%m/%Y %H:%M"
XLSX_DATETIME = "dd/mm/yyyy hh:mm"
XLSX_EUROS = '#,##0.00 "€"'

BOOKING_COLUMNS = [
    "Lieu",
    "Nom de l'offre",
    "Date de l'évènement",
    "EAN",
    "Nom et prénom du bénéficiaire",
    "Email du bénéficiaire",
    "Téléphone du bénéficiaire",
    "Date et heure de réservation",
    "Date et heure de validation",
    "Contremarque",
    "Prix de la réservation",
    "Statut de la contremarque",
    "Date et heure de remboursement",
    "Duo",
]
TICKET_COLUMNS = [
    "Contremarque",
    "Nom et prénom du bénéficiaire",
    "Place",
    "Duo",
    "Prix",
    "Statut de la contremarque",
]

Value = str | Decimal | datetime.datetime | None


def _euros(cents: int) -> Decimal:
    return Decimal(cents) / 100


def _name(values: dict) -> str:
    """ "Nom et prénom du bénéficiaire"."""
    return f"{values['user__last_name']} {values['user__first_name']}".strip()


# The columns read for the bookings exports, in this order (``ean`` is read from the offer's JSON by the database).
_BOOKING_FIELDS = (
    "offer__venue__public_name",
    "offer__venue__name",
    "offer__venue__timezone",
    "offer__name",
    "user__first_name",
    "user__last_name",
    "user__email",
    "user__phone",
    "stock__beginning_datetime",
    "created_at",
    "used_at",
    "reimbursed_at",
    "token",
    "unit_price_cents",
    "quantity",
    "status",
    "cancellation_limit_datetime",
    "ean",
)
_TICKET_FIELDS = (
    "token",
    "user__first_name",
    "user__last_name",
    "unit_price_cents",
    "quantity",
    "status",
    "cancellation_limit_datetime",
)


def _read(bookings: QuerySet[Booking], fields: tuple[str, ...]):
    """Plain values in chunks: a model instance per row (and per related row) would cost twice the time."""
    return bookings.values(*fields).iterator(chunk_size=CHUNK_SIZE)


def _read_bookings(bookings: QuerySet[Booking]) -> Iterator[tuple]:
    """The ``_BOOKING_FIELDS`` of each booking as a plain tuple, in chunks (a server-side cursor on PostgreSQL).

    Tuples, not dicts: with the annotation last, Django hands over the driver's rows as they are (no reordering, and
    no converter on PostgreSQL, where the EAN comes out of the JSON as text instead of the whole ``extra_data``).
    """
    fields = (*_BOOKING_FIELDS[:-1], KeyTextTransform("ean", "offer__extra_data"))
    return bookings.values_list(*fields).iterator(chunk_size=CHUNK_SIZE)


def _status_label(values: dict, now: datetime.datetime) -> str:
    return PRO_STATUS_LABELS[pro_status(values["status"], values["cancellation_limit_datetime"], now)]


class _Zones(dict):
    """``ZoneInfo`` by venue time zone name, looked up once per export."""

    def __missing__(self, tz_name: str | None) -> ZoneInfo:
        zone = self[tz_name] = ZoneInfo(tz_name or PARIS)
        return zone


def booking_rows(bookings: QuerySet[Booking], now: datetime.datetime | None = None) -> Iterator[list[Value]]:
    """One row per place (a duo is two lines), in ``BOOKING_COLUMNS`` order, dates at the venue."""
    now = now or timezone.now()
    zones = _Zones()

    def local(value: datetime.datetime | None, zone: ZoneInfo) -> datetime.datetime | None:
        """The wall-clock time at the venue, without time zone (spreadsheets have none)."""
        return value.astimezone(zone).replace(tzinfo=None) if value else None

    for (
        public_name,
        venue_name,
        tz_name,
        offer_name,
        first_name,
        last_name,
        email,
        phone,
        begins,
        created_at,
        used_at,
        reimbursed_at,
        token,
        cents,
        quantity,
        status,
        cancellation_limit,
        ean,
    ) in _read_bookings(bookings):
        zone = zones[tz_name]
        row = [
            public_name or venue_name,
            offer_name,
            local(begins, zone),
            "" if ean is None else str(ean),
            f"{last_name} {first_name}".strip(),
            email,
            phone,
            local(created_at, zone),
            local(used_at, zone),
            token,
            _euros(cents),
            PRO_STATUS_LABELS[pro_status(status, cancellation_limit, now)],
            local(reimbursed_at, zone),
            "Oui" if quantity == 2 else "Non",
        ]
        for _ in range(quantity):
            yield row


def ticket_rows(bookings: QuerySet[Booking], now: datetime.datetime | None = None) -> Iterator[list[Value]]:
    """The tickets to issue for one date: one row per booked, non-cancelled place, in ``TICKET_COLUMNS`` order."""
    now = now or timezone.now()
    for values in _read(bookings, _TICKET_FIELDS):
        quantity = values["quantity"]
        for place in range(1, quantity + 1):
            yield [
                values["token"],
                _name(values),
                f"{place}/{quantity}",
                "Oui" if quantity == 2 else "Non",
                _euros(values["unit_price_cents"]),
                _status_label(values, now),
            ]


# --- CSV ---------------------------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?[\d\s.,]+$")


def _csv_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime(CSV_DATETIME)
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return _csv_typed_text(value)


def _csv_typed_text(value: str | None) -> str:
    """Text typed by people (names, titles, contact details): a cell starting like a formula would run in a
    spreadsheet, so it is prefixed with ``'`` unless it is a plain number (a phone number ``+33…``)."""
    if not value:
        return ""
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


_TWO_DIGITS = [f"{n:02d}" for n in range(100)]


def csv_datetime(value: datetime.datetime | None, zone: ZoneInfo) -> str:
    """``jj/mm/aaaa hh:mm`` at ``zone`` (``CSV_DATETIME``), without ``strftime`` (five times slower)."""
    if value is None:
        return ""
    local = value.astimezone(zone)
    two = _TWO_DIGITS
    return f"{two[local.day]}/{two[local.month]}/{local.year} {two[local.hour]}:{two[local.minute]}"


def csv_euros(cents: int) -> str:
    """An amount in cents as the CSV writes euros (``12,50``), from the integer: no ``Decimal`` on the way."""
    units, rest = divmod(abs(cents), 100)
    return f"{'-' if cents < 0 else ''}{units},{rest:02d}"


class _Line:
    """A file-like object whose ``write`` hands back what ``csv.writer`` writes, so lines can be yielded."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: list[str], rows: Iterable[list[Value]]) -> Iterator[str]:
    """``;``-separated lines, UTF-8 BOM first (so spreadsheet software reads the accents)."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield BOM + writer.writerow(columns)
    for row in rows:
        yield writer.writerow([_csv_text(value) for value in row])


CSV_CHUNK = 64 * 1024  # characters per piece handed to the web server


def csv_chunks(columns: list[str], rows: Iterable[list[Value]], size: int = CSV_CHUNK) -> Iterator[str]:
    """:func:`csv_lines` gathered into pieces of about ``size`` characters: the web server then writes a few
    hundred pieces to the socket for 100,000 bookings instead of one line at a time."""
    pending: list[str] = []
    length = 0
    for line in csv_lines(columns, rows):
        pending.append(line)
        length += len(line)
        if length >= size:
            yield "".join(pending)
            pending, length = [], 0
    if pending:
        yield "".join(pending)


class _LocalText(Func):
    """PostgreSQL: a timestamp at the venue's time zone, written ``jj/mm/aaaa hh:mm`` (``CSV_DATETIME``) by the
    database: the driver then hands over text, not a ``timestamptz`` it would parse in Python (the cost of the
    export's read on PostgreSQL)."""

    template = "to_char(%(expressions)s, 'DD/MM/YYYY HH24:MI')"
    arg_joiner = " AT TIME ZONE "
    output_field = CharField()


_CSV_TEXT_FIELDS = (
    "offer__venue__public_name",
    "offer__venue__name",
    "offer__name",
    "user__first_name",
    "user__last_name",
    "user__email",
    "user__phone",
    "token",
    "unit_price_cents",
    "quantity",
)
_CSV_DATETIME_FIELDS = ("stock__beginning_datetime", "created_at", "used_at", "reimbursed_at")


def _read_csv_records(bookings: QuerySet[Booking], now: datetime.datetime) -> Iterator[tuple]:
    """``_CSV_TEXT_FIELDS``, then the ``_CSV_DATETIME_FIELDS`` as CSV text at the venue, the status label and the EAN
    of each booking, in chunks. The label is the SQL side of the rule (``selectors.status_q``); the dates are
    written by PostgreSQL, or converted here on SQLite (which knows no time zone)."""
    label = Case(
        *(When(selectors.status_q(code, now), then=SQLValue(text)) for code, text in PRO_STATUS_LABELS.items()),
        default=SQLValue(""),
        output_field=CharField(),
    )
    ean = KeyTextTransform("ean", "offer__extra_data")
    if connections[bookings.db].vendor == "postgresql":
        dates = [_LocalText(field, "offer__venue__timezone") for field in _CSV_DATETIME_FIELDS]
        yield from bookings.values_list(*_CSV_TEXT_FIELDS, *dates, label, ean).iterator(chunk_size=CHUNK_SIZE)
        return
    zones = _Zones()
    read = bookings.values_list(*_CSV_TEXT_FIELDS, "offer__venue__timezone", *_CSV_DATETIME_FIELDS, label, ean)
    for *texts, tz_name, begins, created_at, used_at, reimbursed_at, status_label, ean_text in read.iterator(
        chunk_size=CHUNK_SIZE
    ):
        zone = zones[tz_name]
        yield (
            *texts,
            csv_datetime(begins, zone),
            csv_datetime(created_at, zone),
            csv_datetime(used_at, zone),
            csv_datetime(reimbursed_at, zone),
            status_label,
            ean_text,
        )


def booking_csv_chunks(
    bookings: QuerySet[Booking], now: datetime.datetime | None = None, size: int = CSV_CHUNK
) -> Iterator[str]:
    """The bookings CSV, as :func:`csv_chunks` of :func:`booking_rows` would write it, in pieces of about ``size``
    characters: each cell's text is made from the row read (dates at the venue, euros from the cents), without the
    typed values of the XLSX in between."""
    now = now or timezone.now()
    euros: dict[int, str] = {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    text = _csv_typed_text
    length = buffer.write(BOM) + writer.writerow(BOOKING_COLUMNS)
    for (
        public_name,
        venue_name,
        offer_name,
        first_name,
        last_name,
        email,
        phone,
        token,
        cents,
        quantity,
        begins,
        created_at,
        used_at,
        reimbursed_at,
        status_label,
        ean,
    ) in _read_csv_records(bookings, now):
        price = euros.get(cents)
        if price is None:
            price = euros[cents] = csv_euros(cents)
        row = (
            text(public_name or venue_name),
            text(offer_name),
            begins or "",
            text(None if ean is None else str(ean)),
            text(f"{last_name} {first_name}".strip()),
            text(email),
            text(phone),
            created_at or "",
            used_at or "",
            text(token),
            price,
            status_label,
            reimbursed_at or "",
            "Oui" if quantity == 2 else "Non",
        )
        for _ in range(quantity):
            length += writer.writerow(row)
        if length >= size:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            length = 0
    if length:
        yield buffer.getvalue()


# --- XLSX --------------------------------------------------------------------------------------------------------

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write_xlsx(destination, columns: list[str], rows: Iterable[list[Value]], title: str = "Réservations") -> None:
    """Write the sheet to ``destination`` (a path or a binary file), one row at a time (``constant_memory``).

    Text is always written as text, never as a formula or a link, whatever it starts with.
    """
    import xlsxwriter  # heavy: loaded when a sheet is written (see the docstring)

    workbook = xlsxwriter.Workbook(destination, {"constant_memory": True})
    sheet = workbook.add_worksheet(title[:31])
    header = workbook.add_format({"bold": True})
    datetimes = workbook.add_format({"num_format": XLSX_DATETIME})
    euros = workbook.add_format({"num_format": XLSX_EUROS})
    sheet.set_column(0, len(columns) - 1, 20)
    sheet.freeze_panes(1, 0)
    for column, name in enumerate(columns):
        sheet.write_string(0, column, name, header)
    for line, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, datetime.datetime):
                sheet.write_datetime(line, column, value, datetimes)
            elif isinstance(value, Decimal):
                sheet.write_number(line, column, float(value), euros)
            else:
                sheet.write_string(line, column, _ILLEGAL_XML.sub("", value))
    workbook.close()
