"""Suivi des réservations: lines, filters, counts, pagination, query count, cancelling, and the exports."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from passculture.bookings import exports
from passculture.bookings.models import Booking, BookingStatus, CancellationReason
from passculture.core.audit import audit_trail
from tests.factories import BeneficiaryFactory, BookingFactory, EventStockFactory, UserFactory, VenueFactory
from tests.html import links, visible_text

pytestmark = pytest.mark.django_db

URL = reverse("pro:bookings")


def lines(response) -> list[dict]:
    return response.context["lines"]


class TestList:
    def test_a_line_shows_what_the_pro_needs(self, pro_client, offerer):
        venue = VenueFactory(offerer=offerer, name="Salle du Port", timezone="Indian/Reunion", department_code="974")
        starts = datetime.datetime(2026, 6, 5, 20, 30, tzinfo=ZoneInfo("Indian/Reunion"))
        stock = EventStockFactory(
            offer__venue=venue, offer__name="Concert au Port", price_cents=1250, beginning_datetime=starts
        )
        user = BeneficiaryFactory(first_name="Léa", last_name="Dupont", email="lea@example.org", phone="0692123456")
        booking = BookingFactory(
            stock=stock, user=user, booked_at=datetime.datetime(2026, 5, 1, 9, 5, tzinfo=ZoneInfo("UTC"))
        )
        page = pro_client.get(URL).content.decode()
        for text in (
            "Concert au Port",
            "Salle du Port",
            "05/06/2026 à 20:30",  # the venue's time zone
            "Dupont Léa",
            "lea@example.org",
            "0692123456",
            "01/05/2026 à 13:05",
            booking.token,
            "12,50",
            "Confirmé",
            "Annuler",
        ):
            assert text in page, text

    def test_a_duo_booking_is_two_lines(self, pro_client, venue):
        now = timezone.now()
        duo = BookingFactory(stock__offer__venue=venue, quantity=2, booked_at=now - datetime.timedelta(days=2))
        single = BookingFactory(
            stock__offer__venue=venue, stock__offer__name="Solo", booked_at=now - datetime.timedelta(days=3)
        )
        response = pro_client.get(URL)
        assert [(line["booking"].token, line["place"]) for line in lines(response)] == [
            (duo.token, 1),
            (duo.token, 2),
            (single.token, 1),
        ]
        page = response.content.decode()
        assert "Duo — place 1/2" in page and "Duo — place 2/2" in page
        assert "2 réservations</strong> (3 places)" in page

    def test_counts_by_status_and_status_filter(self, pro_client, venue):
        stock = EventStockFactory(offer__venue=venue)
        now = timezone.now()
        booked = BookingFactory(
            stock=stock, booked_at=now, cancellation_limit_datetime=now + datetime.timedelta(hours=40)
        )
        BookingFactory(stock=stock)
        BookingFactory(stock=stock, status=BookingStatus.USED, used_at=now)
        cancelled = BookingFactory(stock=stock, status=BookingStatus.CANCELLED)
        response = pro_client.get(URL)
        counts = response.context["counts"]
        assert (counts["total"], counts["booked"], counts["confirmed"], counts["validated"], counts["cancelled"]) == (
            4,
            1,
            1,
            1,
            1,
        )
        page = response.content.decode()
        assert "Réservé (1)" in page and "Confirmé (1)" in page and "Remboursé (0)" in page
        assert [line["booking"] for line in lines(pro_client.get(URL, {"status": "booked"}))] == [booked]
        response = pro_client.get(URL, {"status": "cancelled"})
        assert [line["booking"] for line in lines(response)] == [cancelled]
        assert response.context["counts"]["total"] == 4  # the tabs count every status of the other filters
        text = visible_text(response)
        assert "1 réservation (1 place) correspondant à ces filtres" in text  # what the table lists
        assert "4 réservations" not in text
        cancel_url = reverse("pro:booking-cancel", args=[cancelled.pk])
        assert not [href for href in links(response) if href.startswith(cancel_url)]  # a cancelled one has none

    def test_search_and_filters(self, pro_client, venue, offerer):
        other_venue = VenueFactory(offerer=offerer)
        lea = BookingFactory(stock__offer__venue=venue, user=BeneficiaryFactory(last_name="Dupont"))
        max_ = BookingFactory(
            stock__offer__venue=other_venue, stock__offer__name="Expo", user=BeneficiaryFactory(last_name="Durand")
        )
        assert [line["booking"] for line in lines(pro_client.get(URL, {"q": "dupont"}))] == [lea]
        assert [line["booking"] for line in lines(pro_client.get(URL, {"q": max_.token.lower()}))] == [max_]
        assert [line["booking"] for line in lines(pro_client.get(URL, {"venue": other_venue.pk}))] == [max_]
        assert [line["booking"] for line in lines(pro_client.get(URL, {"offer": lea.offer_id}))] == [lea]
        event_day = timezone.localtime(lea.stock.beginning_datetime, ZoneInfo("Europe/Paris")).date()
        response = pro_client.get(URL, {"event_date": event_day.isoformat(), "venue": venue.pk})
        assert [line["booking"] for line in lines(response)] == [lea]
        response = pro_client.get(URL, {"q": "personne"})
        assert "Aucune réservation ne correspond à ces filtres." in response.content.decode()

    def test_an_invalid_date_is_shown_and_ignored(self, pro_client, venue):
        BookingFactory(stock__offer__venue=venue)
        response = pro_client.get(URL, {"event_date": "31/02/2026", "period_start": "2026-03-10"})
        assert response.status_code == 200
        assert "Date invalide (jj/mm/aaaa)." in response.content.decode()
        response = pro_client.get(URL, {"period_start": "2026-03-10", "period_end": "2026-03-01"})
        assert "La fin de la période doit être après son début." in response.content.decode()

    def test_another_structure_in_a_filter_is_not_found(self, pro_client):
        other = VenueFactory()
        booking = BookingFactory(stock__offer__venue=other)
        assert pro_client.get(URL, {"venue": other.pk}).status_code == 404
        assert pro_client.get(URL, {"offer": booking.offer_id}).status_code == 404
        assert pro_client.get(URL, {"venue": "abc"}).status_code == 404
        response = pro_client.get(URL)
        assert booking.token not in response.content.decode()

    def test_pagination_25_bookings_per_page(self, pro_client, venue):
        stock = EventStockFactory(offer__venue=venue, quantity=100)
        for _ in range(30):
            BookingFactory(stock=stock)
        first = pro_client.get(URL, {"q": ""})
        second = pro_client.get(URL, {"page": 2})
        assert len(lines(first)) == 25 and len(lines(second)) == 5
        assert not {line["booking"].pk for line in lines(first)} & {line["booking"].pk for line in lines(second)}
        assert "Page suivante" in first.content.decode()

    def test_the_query_count_does_not_grow_with_the_bookings(self, pro_client, venue, offerer):
        BookingFactory(stock__offer__venue=venue)

        def queries() -> int:
            with CaptureQueriesContext(connection) as context:
                assert pro_client.get(URL, {"status": "confirmed"}).status_code == 200
            return len(context)

        few = queries()
        for index in range(12):  # other venues, offers, dates and beneficiaries
            other_venue = VenueFactory(offerer=offerer)
            BookingFactory(stock__offer__venue=other_venue, stock__offer__name=f"Offre {index}", quantity=2)
        assert queries() == few

    def test_empty_state(self, pro_client):
        page = pro_client.get(URL).content.decode()
        assert "Aucune réservation pour le moment" in page

    def test_a_user_without_structure_sees_an_empty_page(self, client, venue):

        BookingFactory(stock__offer__venue=venue)
        client.force_login(UserFactory())
        response = client.get(URL)
        assert response.status_code == 200 and response.context["counts"]["total"] == 0


class TestCancel:
    def test_confirmation_then_cancellation_with_a_reason(
        self, pro_client, pro, venue, mailoutbox, django_capture_on_commit_callbacks
    ):
        stock = EventStockFactory(offer__venue=venue)
        booking = BookingFactory(stock=stock, quantity=2)
        url = reverse("pro:booking-cancel", args=[booking.pk])
        page = pro_client.get(url, {"next": f"{URL}?q=x"}).content.decode()
        assert "Confirmez l'annulation" in page and "pour ses deux places" in page
        response = pro_client.post(url, {"comment": "  ", "next": f"{URL}?q=x"})
        assert response.status_code == 200
        assert "Indiquez le motif de l'annulation" in visible_text(response)
        assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
        with django_capture_on_commit_callbacks(execute=True):
            response = pro_client.post(url, {"comment": "Concert reporté", "next": f"{URL}?q=x"}, follow=True)
        assert response.redirect_chain[-1][0] == f"{URL}?q=x"
        assert "a été annulée" in response.content.decode()
        booking.refresh_from_db()
        assert (booking.status, booking.cancellation_reason) == (BookingStatus.CANCELLED, CancellationReason.OFFERER)
        entry = audit_trail(booking).first()
        assert (entry.action, entry.actor, entry.data["comment"]) == ("booking.cancelled", pro, "Concert reporté")
        assert booking.user.email in {mail.to[0] for mail in mailoutbox}

    def test_an_unsafe_next_is_ignored(self, pro_client, venue):
        booking = BookingFactory(stock__offer__venue=venue)
        url = reverse("pro:booking-cancel", args=[booking.pk])
        response = pro_client.post(url, {"comment": "Erreur", "next": "https://evil.example/"})
        assert response.url == URL

    def test_a_used_booking_cannot_be_cancelled(self, pro_client, venue):
        booking = BookingFactory(stock__offer__venue=venue, status=BookingStatus.USED, used_at=timezone.now())
        url = reverse("pro:booking-cancel", args=[booking.pk])
        response = pro_client.post(url, {"comment": "Erreur"}, follow=True)
        assert "Seule une réservation qui n'a pas encore été validée peut être annulée." in visible_text(response)
        assert Booking.objects.get(pk=booking.pk).status == BookingStatus.USED

    def test_another_structure_booking_is_not_found(self, pro_client):
        booking = BookingFactory(stock__offer__venue=VenueFactory())
        url = reverse("pro:booking-cancel", args=[booking.pk])
        assert pro_client.get(url).status_code == 404
        assert pro_client.post(url, {"comment": "x"}).status_code == 404
        assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


class TestExport:
    def url(self, fmt: str) -> str:
        return reverse("pro:bookings-export", args=[fmt])

    def test_csv_is_streamed_with_the_filters_of_the_page(self, pro_client, venue):
        duo = BookingFactory(stock__offer__venue=venue, quantity=2, user=BeneficiaryFactory(last_name="Dupont"))
        BookingFactory(
            stock__offer__venue=venue, stock__offer__name="Autre", user=BeneficiaryFactory(last_name="Durand")
        )
        response = pro_client.get(self.url("csv"), {"q": "dupont"})
        assert response.status_code == 200 and response.streaming
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="reservations-pass-culture-')
        content = b"".join(response.streaming_content)
        assert content.startswith(b"\xef\xbb\xbf")
        header, *rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
        assert header == exports.BOOKING_COLUMNS
        assert [row[9] for row in rows] == [duo.token, duo.token]
        assert [row[13] for row in rows] == ["Oui", "Oui"]

    def test_xlsx(self, pro_client, venue):
        booking = BookingFactory(stock__offer__venue=venue)
        response = pro_client.get(self.url("xlsx"))
        assert response.status_code == 200 and response.streaming
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert ".xlsx" in response["Content-Disposition"]
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert rows[0] == exports.BOOKING_COLUMNS
        assert [row[9] for row in rows[1:]] == [booking.token]

    def test_unknown_format_and_other_structure(self, pro_client):
        assert pro_client.get(self.url("pdf")).status_code == 404
        other = VenueFactory()
        BookingFactory(stock__offer__venue=other)
        assert pro_client.get(self.url("csv"), {"venue": other.pk}).status_code == 404
        content = b"".join(pro_client.get(self.url("csv")).streaming_content).decode("utf-8-sig")
        assert content.count("\r\n") == 1  # the header only: the other structure's booking is not exported
