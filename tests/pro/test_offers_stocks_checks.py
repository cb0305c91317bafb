"""docs/domain/offers.md#stocks: what the stock forms refuse or ask to confirm before a date or a stock is saved
(booking limits in the past, duplicate or empty dates, implausible prices)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from passculture.offers import errors
from passculture.offers.models import Stock
from tests.factories import EventOfferFactory, OfferFactory, StockFactory
from tests.html import field_errors
from tests.html import unescaped as text
from tests.pro.helpers import date_data, recurrence_data

PARIS = ZoneInfo("Europe/Paris")


def yesterday() -> datetime.date:
    return (timezone.localtime() - datetime.timedelta(days=1)).date()


@pytest.fixture
def concert(venue):
    return EventOfferFactory(venue=venue)


@pytest.fixture
def book(venue):
    return OfferFactory(venue=venue)


# --- Item: a booking limit in the past ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_concert_date_whose_booking_limit_is_past_is_refused_on_that_field(pro_client, concert):
    response = pro_client.post(
        reverse("pro:stock-create", args=[concert.pk]),
        date_data(booking_limit_date=yesterday().isoformat(), booking_limit_time="10:00"),
    )
    assert response.status_code == 200
    assert errors.BookingLimitInPast.message in field_errors(response, "booking_limit_date")
    assert not Stock.objects.exists()


@pytest.mark.django_db
def test_a_books_stock_whose_booking_limit_is_past_is_refused(pro_client, book):
    data = {"price": "10", "quantity": "5", "booking_limit_date": yesterday().isoformat()}
    response = pro_client.post(reverse("pro:stock-create", args=[book.pk]), data)
    assert response.status_code == 200
    assert errors.BookingLimitInPast.message in field_errors(response, "booking_limit_date")
    assert "Le stock a été enregistré" not in text(response)
    assert not Stock.objects.exists()


@pytest.mark.django_db
def test_editing_a_stock_refuses_a_new_booking_limit_in_the_past(pro_client, book):
    stock = StockFactory(offer=book)
    data = {"price": "10", "quantity": "5", "booking_limit_date": yesterday().isoformat()}
    response = pro_client.post(reverse("pro:stock-edit", args=[stock.pk]), data)
    assert errors.BookingLimitInPast.message in field_errors(response, "booking_limit_date")
    stock.refresh_from_db()
    assert stock.booking_limit_datetime is None


@pytest.mark.django_db
def test_a_recurrence_whose_first_booking_limit_would_be_past_is_refused(pro_client, concert):
    tomorrow = (timezone.localtime() + datetime.timedelta(days=1)).date()
    data = recurrence_data(
        first_day=tomorrow.isoformat(),
        last_day=tomorrow.isoformat(),
        weekdays=[str(tomorrow.weekday())],
        times="20:30",
        booking_limit_hours_before="72",
    )
    response = pro_client.post(reverse("pro:stock-recurrence", args=[concert.pk]), data)
    assert response.status_code == 200
    assert "déjà passée" in " ".join(field_errors(response, "recurrence-booking_limit_hours_before"))
    assert not Stock.objects.exists()
