"""Exports of bookings and tickets to issue (docs/domain/bookings.md#follow-up): columns, values, formats, streaming."""

import csv
import datetime
import io
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.db.models import QuerySet
from django.utils import timezone

from passculture.bookings import exports, selectors
from passculture.bookings.models import BookingStatus
from tests.factories import (
    BeneficiaryFactory,
    BookingFactory,
    EventOfferFactory,
    EventStockFactory,
    OfferFactory,
    StockFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

REUNION = ZoneInfo("Indian/Reunion")


@pytest.fixture
def reunion_venue(offerer):
    return VenueFactory(
        offerer=offerer,
        name="Théâtre du Port",
        timezone="Indian/Reunion",
        department_code="974",
        postal_code="97420",
    )


@pytest.fixture
def duo_booking(reunion_venue):
    offer = EventOfferFactory(venue=reunion_venue, name="Concert au Port", extra_data={"ean": "9782070612758"})
    stock = StockFactory(
        offer=offer, price_cents=1250, beginning_datetime=datetime.datetime(2026, 4, 2, 20, 30, tzinfo=REUNION)
    )
    return BookingFactory(
        stock=stock,
        user=BeneficiaryFactory(first_name="Léa", last_name="Dupont", email="lea@example.org", phone="0692123456"),
        quantity=2,
        booked_at=datetime.datetime(2026, 3, 1, 10, 15, tzinfo=REUNION),
        status=BookingStatus.REIMBURSED,
        used_at=datetime.datetime(2026, 4, 2, 20, 0, tzinfo=REUNION),
        reimbursed_at=datetime.datetime(2026, 4, 16, 9, 0, tzinfo=REUNION),
    )


def test_the_columns_are_exactly_those_of_domain_section_8():
    assert exports.BOOKING_COLUMNS == [
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


class TestBookingRows:
    def test_a_duo_is_two_lines_with_local_times(self, pro, duo_booking):
        rows = list(exports.booking_rows(selectors.pro_booking_list(pro)))
        expected = [
            "Théâtre du Port",
            "Concert au Port",
            datetime.datetime(2026, 4, 2, 20, 30),
            "9782070612758",
            "Dupont Léa",
            "lea@example.org",
            "0692123456",
            datetime.datetime(2026, 3, 1, 10, 15),
            datetime.datetime(2026, 4, 2, 20, 0),
            duo_booking.token,
            Decimal("12.50"),
            "remboursé",
            datetime.datetime(2026, 4, 16, 9, 0),
            "Oui",
        ]
        assert rows == [expected, expected]

    def test_a_single_booking_of_a_thing(self, pro, venue):
        offer = OfferFactory(venue=venue, name="Le Petit Prince", extra_data={})  # no EAN
        booking = BookingFactory(
            stock=StockFactory(offer=offer, price_cents=0),
            cancellation_limit_datetime=timezone.now() + datetime.timedelta(hours=1),
        )
        [row] = list(exports.booking_rows(selectors.pro_booking_list(pro)))
        assert row[2] is None and row[3] == "" and row[8] is None and row[12] is None
        assert (row[9], row[10], row[11], row[13]) == (booking.token, Decimal(0), "réservé", "Non")

    def test_rows_are_read_in_chunks_never_all_at_once(self, pro, venue, monkeypatch):
        stock = EventStockFactory(offer__venue=venue)
        for _ in range(5):
            BookingFactory(stock=stock)
        calls = []
        original = QuerySet.iterator

        def spy(self, chunk_size=None):
            calls.append(chunk_size)
            return original(self, chunk_size=chunk_size)

        monkeypatch.setattr(QuerySet, "iterator", spy)
        bookings = selectors.pro_booking_list(pro)
        rows = exports.booking_rows(bookings)
        assert calls == []  # a generator: nothing is read before the response asks for it
        assert len(list(rows)) == 5
        assert calls == [exports.CHUNK_SIZE] == [2000]
        assert bookings._result_cache is None  # the queryset never cached the whole result

    def test_ticket_rows_one_per_place(self, pro, duo_booking):
        rows = list(exports.ticket_rows(selectors.tickets_to_issue(duo_booking.stock)))
        assert rows == [
            [duo_booking.token, "Dupont Léa", "1/2", "Oui", Decimal("12.50"), "remboursé"],
            [duo_booking.token, "Dupont Léa", "2/2", "Oui", Decimal("12.50"), "remboursé"],
        ]


class TestCsv:
    def parse(self, text: str) -> list[list[str]]:
        return list(csv.reader(io.StringIO(text), delimiter=";"))

    def test_semicolons_bom_and_french_formats(self, pro, duo_booking):
        lines = exports.csv_lines(exports.BOOKING_COLUMNS, exports.booking_rows(selectors.pro_booking_list(pro)))
        text = "".join(lines)
        assert text.startswith("\ufeffLieu;Nom de l'offre;Date de l'évènement;EAN;")
        header, *rows = self.parse(text.removeprefix("\ufeff"))
        assert header == exports.BOOKING_COLUMNS
        assert len(rows) == 2
        row = dict(zip(header, rows[0], strict=True))
        assert row["Date de l'évènement"] == "02/04/2026 20:30"
        assert row["Date et heure de réservation"] == "01/03/2026 10:15"
        assert row["Date et heure de validation"] == "02/04/2026 20:00"
        assert row["Date et heure de remboursement"] == "16/04/2026 09:00"
        assert row["Prix de la réservation"] == "12,50"
        assert row["Duo"] == "Oui"
        assert row["Nom et prénom du bénéficiaire"] == "Dupont Léa"
        assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")

    def test_formulas_typed_by_people_are_neutralised(self):
        rows = [['=HYPERLINK("http://x")', "+33612345678", "-", "@SUM(A1)", "Plain", None]]
        [line] = list(exports.csv_lines(["a", "b", "c", "d", "e", "f"], rows))[1:]
        assert self.parse(line) == [['\'=HYPERLINK("http://x")', "+33612345678", "'-", "'@SUM(A1)", "Plain", ""]]

    def test_streamed_in_pieces_of_about_64_kib_not_line_by_line(self):
        rows = [[f"Spectateur {n}", "Théâtre", None, "", "x" * 40] for n in range(5000)]
        lines = list(exports.csv_lines(["a", "b", "c", "d", "e"], rows))

        pieces = list(exports.csv_chunks(["a", "b", "c", "d", "e"], rows))

        assert "".join(pieces) == "".join(lines)
        assert 2 <= len(pieces) <= len("".join(lines)) // exports.CSV_CHUNK + 1  # a few pieces, not 5,001 lines
        assert all(len(piece) < exports.CSV_CHUNK + 200 for piece in pieces)


class TestBookingCsvChunks:
    """The bookings CSV of the "Suivi des réservations" has its own writer: the same text as ``csv_chunks`` of
    ``booking_rows``, cell for cell."""

    @pytest.fixture
    def bookings(self, pro, venue, duo_booking):
        now = timezone.now()
        paris = OfferFactory(venue=venue, name='=HYPERLINK("http://x")', extra_data={})  # no EAN
        BookingFactory(  # réservé: still cancellable
            stock=StockFactory(offer=paris, price_cents=999),
            user=BeneficiaryFactory(first_name="@Léo", last_name="", phone="+33612345678"),
            cancellation_limit_datetime=now + datetime.timedelta(hours=1),
        )
        BookingFactory(  # confirmé: no longer cancellable
            stock=EventStockFactory(
                offer__venue=venue,
                offer__name="Spectacle d'hiver",
                beginning_datetime=datetime.datetime(2026, 10, 25, 0, 59, tzinfo=datetime.UTC),  # 02:59 CEST
            ),
            cancellation_limit_datetime=now - datetime.timedelta(hours=1),
            booked_at=datetime.datetime(2026, 3, 29, 1, 0, tzinfo=datetime.UTC),  # 03:00 CEST, the DST switch
        )
        BookingFactory(stock=StockFactory(offer=paris, price_cents=5), status=BookingStatus.CANCELLED)
        BookingFactory(stock=StockFactory(offer=paris, price_cents=2000), status=BookingStatus.USED)
        return selectors.pro_booking_list(pro, now=now), now

    def test_same_text_as_the_typed_rows(self, bookings):
        queryset, now = bookings
        expected = "".join(exports.csv_chunks(exports.BOOKING_COLUMNS, exports.booking_rows(queryset, now)))

        text = "".join(exports.booking_csv_chunks(queryset, now))

        assert text == expected
        lines = text.split("\r\n")
        assert len(lines) == 1 + 6 + 1  # header, the duo's two lines, four single bookings, the last line break
        assert {"réservé", "confirmé", "validé", "annulé", "remboursé"} <= set(text.replace("\r\n", ";").split(";"))
        assert "'=HYPERLINK" in text and ";'@Léo;" in text and ";+33612345678;" in text
        assert "25/10/2026 02:59" in text and "29/03/2026 03:00" in text and ";20,00;" in text and ";0,05;" in text

    def test_pieces_of_about_size_characters(self, bookings):
        queryset, now = bookings

        pieces = list(exports.booking_csv_chunks(queryset, now, size=300))

        assert len(pieces) >= 3
        assert all(len(piece) < 300 + 400 for piece in pieces)  # at most a line over
        assert "".join(pieces) == "".join(exports.booking_csv_chunks(queryset, now))
        assert pieces[0].startswith("\ufeffLieu;")

    def test_rows_are_read_in_chunks_never_all_at_once(self, pro, venue):
        stock = EventStockFactory(offer__venue=venue)
        for _ in range(3):
            BookingFactory(stock=stock)
        with mock.patch.object(QuerySet, "iterator", autospec=True, side_effect=QuerySet.iterator) as iterator:
            chunks = exports.booking_csv_chunks(selectors.pro_booking_list(pro))
            assert iterator.call_count == 0  # a generator: nothing is read before the response asks for it
            assert "".join(chunks).count("\r\n") == 4
        assert [call.kwargs["chunk_size"] for call in iterator.call_args_list] == [exports.CHUNK_SIZE]


class TestCsvHelpers:
    @pytest.mark.parametrize("cents", [0, 1, 5, 10, 99, 100, 1250, 30000, 123456789, -5, -1250])
    def test_euros_from_cents_as_the_decimal_formatting(self, cents):
        assert exports.csv_euros(cents) == exports._csv_text(Decimal(cents) / 100)

    @pytest.mark.parametrize(
        "utc",
        [
            datetime.datetime(2026, 3, 29, 0, 59, tzinfo=datetime.UTC),  # before Paris's spring switch
            datetime.datetime(2026, 3, 29, 1, 0, tzinfo=datetime.UTC),  # after it
            datetime.datetime(2026, 10, 25, 0, 59, tzinfo=datetime.UTC),
            datetime.datetime(2026, 10, 25, 1, 0, tzinfo=datetime.UTC),
            datetime.datetime(2026, 12, 31, 23, 5, 59, 999999, tzinfo=datetime.UTC),  # a new year in Paris
        ],
    )
    @pytest.mark.parametrize("tz_name", ["Europe/Paris", "Indian/Reunion", "America/Cayenne", "Pacific/Noumea"])
    def test_datetime_at_the_venue_as_strftime(self, utc, tz_name):
        zone = ZoneInfo(tz_name)
        assert exports.csv_datetime(utc, zone) == utc.astimezone(zone).strftime(exports.CSV_DATETIME)

    def test_no_datetime_is_an_empty_cell(self):
        assert exports.csv_datetime(None, REUNION) == ""


class TestXlsx:
    def test_typed_cells_and_headers(self, pro, duo_booking):
        buffer = io.BytesIO()
        rows = exports.booking_rows(selectors.pro_booking_list(pro))
        exports.write_xlsx(buffer, exports.BOOKING_COLUMNS, rows)
        buffer.seek(0)
        sheet = openpyxl.load_workbook(buffer).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert sheet.title == "Réservations"
        assert values[0] == exports.BOOKING_COLUMNS
        assert len(values) == 3  # the header and the two places of the duo
        row = dict(zip(values[0], values[1], strict=True))
        assert row["Date de l'évènement"] == datetime.datetime(2026, 4, 2, 20, 30)
        assert row["Prix de la réservation"] == 12.5
        assert row["Contremarque"] == duo_booking.token
        assert row["Duo"] == "Oui"
        cells = dict(zip(values[0], list(sheet.iter_rows())[1], strict=True))
        assert cells["Date de l'évènement"].number_format == exports.XLSX_DATETIME

    def test_text_is_never_a_formula(self):
        buffer = io.BytesIO()
        exports.write_xlsx(buffer, ["Nom"], [["=1+1"], ["a\x01b"]])
        buffer.seek(0)
        sheet = openpyxl.load_workbook(buffer).active
        cell = sheet["A2"]
        assert (cell.value, cell.data_type) == ("=1+1", "s")
        assert sheet["A3"].value == "ab"
