"""Tickets to issue per event date: the booked, non-cancelled places, printable and as CSV/XLSX."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from passculture.bookings import exports
from passculture.bookings.models import BookingStatus
from tests.factories import (
    BeneficiaryFactory,
    BookingFactory,
    EventStockFactory,
    OfferFactory,
    StockFactory,
    VenueFactory,
)
from tests.html import texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def show(venue):
    stock = EventStockFactory(offer__venue=venue, offer__name="Le Misanthrope", price_cents=2000, quantity=100)
    BookingFactory(stock=stock, user=BeneficiaryFactory(last_name="Zola", first_name="Émile"), quantity=2)
    BookingFactory(
        stock=stock,
        user=BeneficiaryFactory(last_name="Abel", first_name="Ana"),
        status=BookingStatus.USED,
        used_at=timezone.now(),
    )
    BookingFactory(
        stock=stock, user=BeneficiaryFactory(last_name="Annulé", first_name="Paul"), status=BookingStatus.CANCELLED
    )
    return stock


class TestDates:
    def test_coming_dates_with_their_booked_places(self, pro_client, show, venue):
        past = EventStockFactory(offer__venue=venue, offer__name="Passé", starts_in=-datetime.timedelta(days=3))
        StockFactory(offer=OfferFactory(venue=venue, name="Un livre"))  # not an event: no ticket
        response = pro_client.get(reverse("pro:tickets"))
        assert list(response.context["page"].object_list) == [show]
        page = response.content.decode()
        assert "Le Misanthrope" in page and "Passé" not in page and "Un livre" not in page
        assert "3 / 100" in page  # 3 places booked and not cancelled, out of 100
        assert "pensez à éditer tous les billets réservés, non annulés" in page
        # a past date stays reachable by its address
        assert pro_client.get(reverse("pro:tickets-detail", args=[past.pk])).status_code == 200

    def test_venue_filter_is_scoped(self, pro_client, show, offerer):
        other_venue = VenueFactory(offerer=offerer)
        elsewhere = EventStockFactory(offer__venue=other_venue, offer__name="Ailleurs")
        response = pro_client.get(reverse("pro:tickets"), {"venue": other_venue.pk})
        assert list(response.context["page"].object_list) == [elsewhere]
        assert pro_client.get(reverse("pro:tickets"), {"venue": VenueFactory().pk}).status_code == 404

    def test_empty(self, pro_client):
        assert "Aucune date d'évènement à venir" in pro_client.get(reverse("pro:tickets")).content.decode()


class TestList:
    def test_one_line_per_place_cancelled_excluded_and_printable(self, pro_client, show):
        response = pro_client.get(reverse("pro:tickets-detail", args=[show.pk]))
        lines = response.context["lines"]
        assert [(line["beneficiary_name"], line["place"]) for line in lines] == [
            ("Abel Ana", 1),
            ("Zola Émile", 1),
            ("Zola Émile", 2),
        ]
        page = response.content.decode()
        assert "Annulé Paul" not in page
        assert "3 billets à éditer" in page
        assert "Duo — 1/2" in page and "Duo — 2/2" in page
        assert 'media="print" href="/static/passculture/tickets-print.css"' in page
        assert texts(response, "button[data-print]") == [
            "Imprimer"
        ]  # prints: tests/browser/test_content_security_policy.py
        assert "60,00" in page  # 3 places at 20 €

    def test_csv_and_xlsx(self, pro_client, show):
        response = pro_client.get(reverse("pro:tickets-export", args=[show.pk, "csv"]))
        assert response.streaming and response["Content-Disposition"].startswith('attachment; filename="billets-')
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert header == exports.TICKET_COLUMNS
        assert [(row[1], row[2], row[3], row[4]) for row in rows] == [
            ("Abel Ana", "1/1", "Non", "20,00"),
            ("Zola Émile", "1/2", "Oui", "20,00"),
            ("Zola Émile", "2/2", "Oui", "20,00"),
        ]
        response = pro_client.get(reverse("pro:tickets-export", args=[show.pk, "xlsx"]))
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        assert [cell.value for cell in next(sheet.iter_rows())] == exports.TICKET_COLUMNS
        assert sheet.max_row == 4

    def test_another_structure_date_is_not_found(self, pro_client):
        stock = EventStockFactory(offer__venue=VenueFactory())
        assert pro_client.get(reverse("pro:tickets-detail", args=[stock.pk])).status_code == 404
        assert pro_client.get(reverse("pro:tickets-export", args=[stock.pk, "csv"])).status_code == 404

    def test_a_thing_has_no_ticket_list(self, pro_client, venue):
        stock = StockFactory(offer=OfferFactory(venue=venue, name="Livre"))
        assert pro_client.get(reverse("pro:tickets-detail", args=[stock.pk])).status_code == 404
