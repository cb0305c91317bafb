"""Row generators of the bookings exports and the tickets to issue (docs/domain/bookings.md#follow-up), CSV and XLSX.

Rows are typed (local naive datetimes, ``Decimal`` euros) and produced while the queryset is read in chunks
(``.iterator`` over plain values, no model instances): 100,000 bookings are never all in memory. The CSV lines are
generated one by one; the XLSX is written by XlsxWriter in ``constant_memory`` mode, which flushes each row to a
temporary file. Building the HTTP response is the view's job.
"""

import csv
import datetime
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

import xlsxwriter
from django.db.models import QuerySet
from django.utils import timezone

from passculture.bookings.models import Booking
from passculture.bookings.rules import PRO_STATUS_LABELS, pro_status
from passculture.core.dates import localtime_in

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


def _local(value: datetime.datetime | None, tz_name: str) -> datetime.datetime | None:
    """The wall-clock time at the venue, without time zone (spreadsheets have none)."""
    return localtime_in(value, tz_name).replace(tzinfo=None) if value else None


def _euros(cents: int) -> Decimal:
    return Decimal(cents) / 100


def _name(values: dict) -> str:
    """ "Nom et prénom du bénéficiaire"."""
    return f"{values['user__last_name']} {values['user__first_name']}".strip()


_BOOKING_FIELDS = (
    "offer__venue__public_name",
    "offer__venue__name",
    "offer__venue__timezone",
    "offer__name",
    "offer__extra_data",
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


def _status_label(values: dict, now: datetime.datetime) -> str:
    return PRO_STATUS_LABELS[pro_status(values["status"], values["cancellation_limit_datetime"], now)]


def booking_rows(bookings: QuerySet[Booking], now: datetime.datetime | None = None) -> Iterator[list[Value]]:
    """One row per place (a duo is two lines), in ``BOOKING_COLUMNS`` order, dates at the venue."""
    now = now or timezone.now()
    for values in _read(bookings, _BOOKING_FIELDS):
        tz_name = values["offer__venue__timezone"]
        row = [
            values["offer__venue__public_name"] or values["offer__venue__name"],
            values["offer__name"],
            _local(values["stock__beginning_datetime"], tz_name),
            (values["offer__extra_data"] or {}).get("ean", ""),
            _name(values),
            values["user__email"],
            values["user__phone"],
            _local(values["created_at"], tz_name),
            _local(values["used_at"], tz_name),
            values["token"],
            _euros(values["unit_price_cents"]),
            _status_label(values, now),
            _local(values["reimbursed_at"], tz_name),
            "Oui" if values["quantity"] == 2 else "Non",
        ]
        for _ in range(values["quantity"]):
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
    # A cell starting like a formula would run in a spreadsheet: names and titles are typed by other people.
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


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


# --- XLSX --------------------------------------------------------------------------------------------------------

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write_xlsx(destination, columns: list[str], rows: Iterable[list[Value]], title: str = "Réservations") -> None:
    """Write the sheet to ``destination`` (a path or a binary file), one row at a time (``constant_memory``).

    Text is always written as text, never as a formula or a link, whatever it starts with.
    """
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
