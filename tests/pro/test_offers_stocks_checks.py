"""docs/domain/offers.md#stocks: what the stock forms refuse or ask to confirm before a date or a stock is saved
(booking limits in the past, duplicate or empty dates, implausible prices)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from passculture.bookings.services import booking_create
from passculture.offers import errors
from passculture.offers.models import Stock
from tests.factories import (
    BeneficiaryFactory,
    EbookFactory,
    EventOfferFactory,
    EventStockFactory,
    OfferFactory,
    StockFactory,
)
from tests.html import field_errors, visible_text
from tests.html import unescaped as text
from tests.pro.helpers import date_data, future_day, recurrence_data

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


# --- Item: duplicate dates and dates without places ---------------------------------------------------------------


def _local(stock) -> datetime.datetime:
    return stock.beginning_datetime.astimezone(PARIS)


@pytest.mark.django_db
def test_the_same_date_at_the_same_price_is_refused(pro_client, concert):
    day = future_day()
    data = date_data(beginning_date=day.isoformat(), beginning_time="20:30", price="18,50", quantity="40")
    assert pro_client.post(reverse("pro:stock-create", args=[concert.pk]), data).status_code == 302
    response = pro_client.post(reverse("pro:stock-create", args=[concert.pk]), data)
    assert response.status_code == 200
    [message] = field_errors(response, "beginning_date")
    assert f"La date du {day:%d/%m/%Y} à 20:30 existe déjà à ce prix" in message
    assert Stock.objects.count() == 1


@pytest.mark.django_db
def test_the_same_date_at_another_price_is_a_new_rate(pro_client, concert):
    data = date_data(price="18,50")
    pro_client.post(reverse("pro:stock-create", args=[concert.pk]), data)
    response = pro_client.post(reverse("pro:stock-create", args=[concert.pk]), {**data, "price": "10"})
    assert response.status_code == 302
    assert Stock.objects.count() == 2


@pytest.mark.django_db
def test_a_deleted_date_does_not_count_as_a_duplicate(pro_client, concert):
    stock = EventStockFactory(offer=concert, is_soft_deleted=True)
    local = _local(stock)
    data = date_data(beginning_date=local.date().isoformat(), beginning_time=local.strftime("%H:%M"))
    assert pro_client.post(reverse("pro:stock-create", args=[concert.pk]), data).status_code == 302


@pytest.mark.django_db
def test_moving_a_date_onto_another_one_at_the_same_price_is_refused(pro_client, concert):
    start = datetime.datetime.combine(future_day(), datetime.time(20, 30), tzinfo=PARIS)
    first = EventStockFactory(offer=concert, beginning_datetime=start, booking_limit_datetime=start)
    second = EventStockFactory(offer=concert, starts_in=datetime.timedelta(40))
    local = _local(first)
    data = date_data(beginning_date=local.date().isoformat(), beginning_time=local.strftime("%H:%M"), quantity="10")
    response = pro_client.post(reverse("pro:stock-edit", args=[second.pk]), data)
    assert "existe déjà à ce prix" in " ".join(field_errors(response, "beginning_date"))
    second.refresh_from_db()
    assert second.beginning_datetime != first.beginning_datetime


@pytest.mark.django_db
def test_a_recurrence_repeating_existing_dates_is_refused(pro_client, concert):
    assert pro_client.post(reverse("pro:stock-recurrence", args=[concert.pk]), recurrence_data()).status_code == 302
    response = pro_client.post(reverse("pro:stock-recurrence", args=[concert.pk]), recurrence_data())
    assert response.status_code == 200
    assert "8 de ces dates existent déjà à ce prix" in text(response)
    assert Stock.objects.count() == 8


@pytest.mark.django_db
def test_a_date_without_places_is_refused(pro_client, concert):
    response = pro_client.post(reverse("pro:stock-create", args=[concert.pk]), date_data(quantity="0"))
    assert errors.NoPlaces.message in field_errors(response, "quantity")
    response = pro_client.post(reverse("pro:stock-recurrence", args=[concert.pk]), recurrence_data(quantity="0"))
    assert errors.NoPlaces.message in field_errors(response, "recurrence-quantity")
    assert not Stock.objects.exists()


# --- Item: the recurrence form reports every error at once --------------------------------------------------------


BACKWARDS = {"first_day": future_day(20).isoformat(), "last_day": future_day(10).isoformat()}
PERIOD_ERROR = "La fin de la période doit suivre son début."
AT_ONCE = [
    (  # rules only
        {**BACKWARDS, "price": "-1", "quantity": "0"},
        {"last_day": PERIOD_ERROR, "price": errors.InvalidPrice.message, "quantity": errors.NoPlaces.message},
    ),
    (  # typing and rules together
        {**BACKWARDS, "price": "", "times": "midi"},
        {
            "last_day": PERIOD_ERROR,
            "price": "Veuillez indiquer le prix (0 pour une offre gratuite).",
            "times": "Horaire invalide : « midi ». Indiquez des horaires au format hh:mm séparés par des virgules "
            "(ex. 14:00, 20:30).",
        },
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "expected"), AT_ONCE)
def test_the_recurrence_form_reports_every_error_at_once(pro_client, concert, overrides, expected):
    response = pro_client.post(reverse("pro:stock-recurrence", args=[concert.pk]), recurrence_data(**overrides))
    assert response.status_code == 200
    for field, message in expected.items():
        assert field_errors(response, f"recurrence-{field}") == [message], field
    assert not Stock.objects.exists()


@pytest.mark.django_db
def test_no_upcoming_date_is_reported_with_the_other_errors(pro_client, concert):
    monday = future_day(10) - datetime.timedelta(days=future_day(10).weekday())
    data = recurrence_data(
        first_day=monday.isoformat(), last_day=monday.isoformat(), weekdays=["1"], price="", quantity="beaucoup"
    )
    response = pro_client.post(reverse("pro:stock-recurrence", args=[concert.pk]), data)
    page = text(response)
    assert "Aucune date à venir ne correspond à ces jours et horaires." in page
    assert field_errors(response, "recurrence-price") and field_errors(response, "recurrence-quantity")


# --- Item: implausible prices are confirmed before they are saved --------------------------------------------------


@pytest.mark.django_db
def test_an_ebook_above_the_digital_cap_is_saved_only_once_confirmed(pro_client, offerer):
    ebook = EbookFactory(offerer=offerer)
    data = {"price": "250", "quantity": "", "booking_limit_date": ""}
    response = pro_client.post(reverse("pro:stock-create", args=[ebook.pk]), data)
    assert response.status_code == 200
    warning = visible_text(response, ".fr-alert--warning")
    assert "250,00 €" in warning and "200,00 €" in warning and "plafond des offres numériques" in warning
    assert not Stock.objects.exists()
    response = pro_client.post(reverse("pro:stock-create", args=[ebook.pk]), {**data, "confirm_price": "on"})
    assert response.status_code == 302
    assert Stock.objects.get().price_cents == 25000


@pytest.mark.django_db
def test_a_concert_taking_the_whole_credit_is_saved_only_once_confirmed(pro_client, concert):
    response = pro_client.post(reverse("pro:stock-create", args=[concert.pk]), date_data(price="500"))
    warning = visible_text(response, ".fr-alert--warning")
    assert "500,00 €" in warning and "crédit pass Culture" in warning
    assert not Stock.objects.exists()
    response = pro_client.post(
        reverse("pro:stock-recurrence", args=[concert.pk]), recurrence_data(price="500", confirm_price="on")
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_several_dates_at_an_implausible_price_are_confirmed_too(pro_client, concert):
    response = pro_client.post(reverse("pro:stock-recurrence", args=[concert.pk]), recurrence_data(price="600"))
    assert "600,00 €" in visible_text(response, ".fr-alert--warning")
    assert 'name="recurrence-confirm_price"' in text(response)
    assert not Stock.objects.exists()


@pytest.mark.django_db
def test_raising_the_price_of_a_booked_date_names_the_bookings_before_saving(pro_client, concert):
    stock = EventStockFactory(offer=concert, price_cents=1850, quantity=40)
    booking_create(BeneficiaryFactory(), stock.pk)
    local = _local(stock)
    data = date_data(
        beginning_date=local.date().isoformat(), beginning_time=local.strftime("%H:%M"), price="25", quantity="40"
    )
    response = pro_client.post(reverse("pro:stock-edit", args=[stock.pk]), data)
    warning = visible_text(response, ".fr-alert--warning")
    assert "1 place déjà réservée à 18,50 €" in warning and "25,00 €" in warning
    stock.refresh_from_db()
    assert stock.price_cents == 1850
    response = pro_client.post(reverse("pro:stock-edit", args=[stock.pk]), {**data, "confirm_price": "on"})
    assert response.status_code == 302
    stock.refresh_from_db()
    assert stock.price_cents == 2500


@pytest.mark.django_db
def test_a_plausible_price_is_saved_at_once(pro_client, concert):
    response = pro_client.post(reverse("pro:stock-create", args=[concert.pk]), date_data(price="18,50"))
    assert response.status_code == 302
