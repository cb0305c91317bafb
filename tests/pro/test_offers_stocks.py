"""docs/domain/offers.md#stocks: dates of events and the stock of things, in the venue's time zone, field by field."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from passculture.bookings.services import booking_create
from passculture.offers import errors
from passculture.offers.models import Stock, StockDateChange
from tests.factories import (
    BeneficiaryFactory,
    EventOfferFactory,
    EventStockFactory,
    OfferFactory,
    StockFactory,
    VenueFactory,
)
from tests.html import unescaped as text
from tests.pro.helpers import date_data, future_day, next_weekday, recurrence_data

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def concert(venue):
    return EventOfferFactory(venue=venue)


@pytest.fixture
def book(venue):
    return OfferFactory(venue=venue)


# --- Events: one date -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_date_is_read_in_the_venues_time_zone_and_its_booking_limit_defaults_to_the_start(pro_client, concert):
    day = future_day()
    response = pro_client.post(reverse("pro:stock-create", args=[concert.pk]), date_data())
    assert response.status_code == 302
    stock = Stock.objects.get()
    assert stock.beginning_datetime == datetime.datetime.combine(day, datetime.time(20, 30), tzinfo=PARIS)
    assert stock.booking_limit_datetime == stock.beginning_datetime
    assert (stock.price_cents, stock.quantity) == (1250, 100)
    page = text(pro_client.get(reverse("pro:offer-stocks", args=[concert.pk])))
    assert f"{day:%d/%m/%Y} à 20:30" in page
    assert "12,50\u00a0€" in page


@pytest.mark.django_db
def test_an_overseas_venue_keeps_its_local_time(pro, pro_client, offerer):
    reunion = VenueFactory(offerer=offerer, department_code="974", timezone="Indian/Reunion", postal_code="97400")
    offer = EventOfferFactory(venue=reunion)
    day = future_day()
    pro_client.post(reverse("pro:stock-create", args=[offer.pk]), date_data(beginning_time="19:00"))
    stock = Stock.objects.get()
    assert stock.beginning_datetime == datetime.datetime.combine(
        day, datetime.time(19), tzinfo=ZoneInfo("Indian/Reunion")
    )
    assert f"{day:%d/%m/%Y} à 19:00" in text(pro_client.get(reverse("pro:offer-stocks", args=[offer.pk])))


@pytest.mark.django_db
def test_a_free_date_with_unlimited_places(pro_client, concert):
    pro_client.post(reverse("pro:stock-create", args=[concert.pk]), date_data(price="0", quantity=""))
    stock = Stock.objects.get()
    assert (stock.price_cents, stock.quantity) == (0, None)
    page = text(pro_client.get(reverse("pro:offer-stocks", args=[concert.pk])))
    assert "Gratuit" in page and "Illimité" in page


@pytest.mark.django_db
def test_an_explicit_booking_limit(pro_client, concert):
    day = future_day()
    limit = day - datetime.timedelta(days=1)
    pro_client.post(
        reverse("pro:stock-create", args=[concert.pk]),
        date_data(booking_limit_date=limit.isoformat(), booking_limit_time="18:00"),
    )
    stock = Stock.objects.get()
    assert stock.booking_limit_datetime == datetime.datetime.combine(limit, datetime.time(18), tzinfo=PARIS)


PAST = (timezone.localtime() - datetime.timedelta(days=2)).date().isoformat()
DATE_ERRORS = [
    ({"price": ""}, "Veuillez indiquer le prix (0 pour une offre gratuite)."),
    ({"price": "douze"}, "Le prix doit être un montant en euros, par exemple 12,50 (0 pour une offre gratuite)."),
    ({"price": "12,505"}, "Le prix a au plus deux décimales (ex. 12,50)."),
    ({"price": "-5"}, errors.InvalidPrice.message),
    ({"price": "9" * 15}, "Montant trop élevé."),
    ({"quantity": "-3"}, "La quantité doit être un nombre entier positif ou nul (laissez vide pour « Illimité »)."),
    ({"quantity": "dix"}, "La quantité doit être un nombre entier positif ou nul"),
    ({"quantity": "9" * 15}, "Quantité trop élevée"),
    ({"beginning_date": ""}, "Veuillez indiquer la date de l'événement."),
    ({"beginning_date": "2026-02-31"}, "Date invalide (jj/mm/aaaa)."),
    ({"beginning_date": "1500-01-01"}, "Date invalide : indiquez une date entre 2000 et 2099."),
    ({"beginning_date": PAST}, errors.BeginningInPast.message),
    ({"beginning_time": ""}, "Veuillez indiquer l'heure de l'événement."),
    ({"beginning_time": "25:00"}, "Heure invalide (hh:mm)."),
    (
        {"booking_limit_date": future_day(40).isoformat(), "booking_limit_time": "10:00"},
        errors.BookingLimitAfterBeginning.message,
    ),
    ({"booking_limit_date": future_day(10).isoformat()}, "Indiquez aussi l'heure limite de réservation."),
    ({"booking_limit_time": "10:00"}, "Indiquez aussi la date limite de réservation."),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "message"), DATE_ERRORS)
def test_date_errors(pro_client, concert, overrides, message):
    response = pro_client.post(reverse("pro:stock-create", args=[concert.pk]), date_data(**overrides))
    assert response.status_code == 200
    assert message in text(response)
    assert not Stock.objects.exists()


# --- Events: several dates at once ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_several_dates_at_once(pro_client, concert):
    response = pro_client.post(reverse("pro:stock-recurrence", args=[concert.pk]), recurrence_data())
    assert response.status_code == 302
    stocks = list(Stock.objects.order_by("beginning_datetime"))
    assert len(stocks) == 8  # 2 weeks × (Monday, Friday) × (14:00, 20:30)
    local = [stock.beginning_datetime.astimezone(PARIS) for stock in stocks]
    assert {moment.weekday() for moment in local} == {0, 4}
    assert {moment.strftime("%H:%M") for moment in local} == {"14:00", "20:30"}
    assert all(stock.price_cents == 800 and stock.quantity == 50 for stock in stocks)
    assert "8 dates ajoutées." in text(pro_client.get(response.url))


RECURRENCE_ERRORS = [
    ({"weekdays": []}, "Cochez au moins un jour de la semaine."),
    ({"weekdays": ["8"]}, "Choisissez des jours de la semaine dans la liste."),
    ({"times": ""}, "Indiquez au moins un horaire (ex. 14:00, 20:30)."),
    ({"times": "14:00, 25h"}, "Horaire invalide : « 25h »."),
    ({"times": "midi"}, "Horaire invalide : « midi »."),
    ({"first_day": ""}, "Veuillez indiquer le premier jour."),
    ({"last_day": "demain"}, "Date invalide (jj/mm/aaaa)."),
    ({"last_day": next_weekday(0, 1).isoformat(), "first_day": next_weekday(0, 9).isoformat()}, "La fin de la période"),
    (
        {"first_day": next_weekday(0).isoformat(), "last_day": next_weekday(0).isoformat(), "weekdays": ["1"]},
        "Aucune date à venir ne correspond à ces jours et horaires.",
    ),
    ({"price": "-1"}, errors.InvalidPrice.message),
    ({"price": ""}, "Veuillez indiquer le prix (0 pour une offre gratuite)."),
    ({"quantity": "-1"}, "La quantité doit être un nombre entier positif ou nul"),
    ({"booking_limit_hours_before": "-2"}, "Indiquez un nombre entier d'heures positif ou nul."),
    ({"first_day": "2000-01-01", "last_day": "2099-12-31"}, "La période ne peut pas dépasser un an."),
    (
        {
            "first_day": next_weekday(0, 1).isoformat(),
            "last_day": (next_weekday(0, 1) + datetime.timedelta(days=300)).isoformat(),
            "weekdays": ["0", "1", "2", "3", "4", "5", "6"],
        },
        "dates : 500 au maximum.",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "message"), RECURRENCE_ERRORS)
def test_recurrence_errors(pro_client, concert, overrides, message):
    response = pro_client.post(reverse("pro:stock-recurrence", args=[concert.pk]), recurrence_data(**overrides))
    assert response.status_code == 200
    assert message in text(response)
    assert not Stock.objects.exists()


# --- Editing and deleting a date --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_quantity_never_goes_below_the_places_booked(pro_client, concert):
    stock = EventStockFactory(offer=concert, quantity=10, booked_quantity=5)
    local = stock.beginning_datetime.astimezone(PARIS)
    response = pro_client.post(
        reverse("pro:stock-edit", args=[stock.pk]),
        date_data(beginning_date=local.date().isoformat(), beginning_time=local.strftime("%H:%M"), quantity="3"),
    )
    assert "La quantité ne peut pas être inférieure au nombre de places déjà réservées (5)." in text(response)
    stock.refresh_from_db()
    assert stock.quantity == 10


@pytest.mark.django_db
def test_changing_a_date_keeps_a_history_for_the_notifications(pro_client, pro, concert):
    stock = EventStockFactory(offer=concert)
    form_page = text(pro_client.get(reverse("pro:stock-edit", args=[stock.pk])))
    local = stock.beginning_datetime.astimezone(PARIS)
    assert f'value="{local.date().isoformat()}"' in form_page and "12,50" in form_page
    new_day = future_day(45)
    response = pro_client.post(
        reverse("pro:stock-edit", args=[stock.pk]),
        date_data(beginning_date=new_day.isoformat(), beginning_time="21:00", price="15"),
    )
    assert response.status_code == 302
    stock.refresh_from_db()
    assert stock.beginning_datetime == datetime.datetime.combine(new_day, datetime.time(21), tzinfo=PARIS)
    assert stock.price_cents == 1500
    change = StockDateChange.objects.get()
    assert (change.stock, change.author) == (stock, pro)


@pytest.mark.django_db
def test_moving_a_booked_date_tells_the_young_people(
    pro_client, concert, mailoutbox, django_capture_on_commit_callbacks
):
    stock = EventStockFactory(offer=concert, quantity=100)
    young = BeneficiaryFactory(email="lou@example.org")
    booking = booking_create(young, stock.pk)
    mailoutbox.clear()
    assert "les bénéficiaires ayant réservé en sont prévenus" in text(
        pro_client.get(reverse("pro:stock-edit", args=[stock.pk]))
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = pro_client.post(
            reverse("pro:stock-edit", args=[stock.pk]),
            date_data(beginning_date=future_day(45).isoformat(), beginning_time="21:00"),
            follow=True,
        )
    assert "Les bénéficiaires qui ont réservé sont prévenus de la nouvelle date par e-mail." in text(response)
    [notice] = mailoutbox
    assert notice.to == [young.email] and booking.token in notice.body
    assert StockDateChange.objects.get().notified_at is not None


@pytest.mark.django_db
def test_deleting_a_date_asks_for_confirmation_first(pro_client, concert):
    stock = EventStockFactory(offer=concert)
    page = text(pro_client.get(reverse("pro:stock-delete", args=[stock.pk])))
    assert "Supprimer cette date annule les réservations en cours et prévient les bénéficiaires." in page
    stock.refresh_from_db()
    assert not stock.is_soft_deleted
    response = pro_client.post(reverse("pro:stock-delete", args=[stock.pk]))
    assert response.status_code == 302
    stock.refresh_from_db()
    assert stock.is_soft_deleted
    assert "a été supprimée" in text(pro_client.get(response.url))
    assert pro_client.get(reverse("pro:stock-edit", args=[stock.pk])).status_code == 404


@pytest.mark.django_db
def test_a_date_cannot_be_deleted_more_than_48_hours_after_the_event(pro_client, concert):
    past = timezone.now() - datetime.timedelta(days=3)
    stock = EventStockFactory(offer=concert, beginning_datetime=past, booking_limit_datetime=past)
    response = pro_client.post(reverse("pro:stock-delete", args=[stock.pk]), follow=True)
    assert errors.StockDeletionTooLate.message in text(response)
    stock.refresh_from_db()
    assert not stock.is_soft_deleted


# --- Things: one stock ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_thing_has_one_stock_with_an_optional_booking_limit(pro_client, book):
    page = text(pro_client.get(reverse("pro:offer-stocks", args=[book.pk])))
    assert "Stock et prix" in page and 'name="beginning_date"' not in page
    limit = future_day(20)
    response = pro_client.post(
        reverse("pro:stock-create", args=[book.pk]),
        {"price": "7,90", "quantity": "", "booking_limit_date": limit.isoformat()},
    )
    assert response.status_code == 302
    stock = Stock.objects.get()
    assert (stock.price_cents, stock.quantity, stock.beginning_datetime) == (790, None, None)
    assert stock.booking_limit_datetime == datetime.datetime.combine(limit, datetime.time(23, 59), tzinfo=PARIS)
    page = text(pro_client.get(reverse("pro:offer-stocks", args=[book.pk])))
    assert f'action="{reverse("pro:stock-edit", args=[stock.pk])}"' in page  # the form now edits it
    again = pro_client.post(reverse("pro:stock-create", args=[book.pk]), {"price": "5", "quantity": "1"})
    assert errors.ThingHasOneStock.message in text(again)


THING_ERRORS = [
    ({"price": "350"}, "Le prix (350,00\u00a0€) dépasse le prix maximum autorisé pour cette offre (300,00\u00a0€)."),
    ({"price": "-0,01"}, errors.InvalidPrice.message),
    ({"quantity": "3,5"}, "La quantité doit être un nombre entier positif ou nul"),
    ({"booking_limit_date": "31/02/2027"}, "Date invalide (jj/mm/aaaa)."),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "message"), THING_ERRORS)
def test_thing_stock_errors(pro_client, book, overrides, message):
    data = {"price": "10", "quantity": "5", "booking_limit_date": "", **overrides}
    response = pro_client.post(reverse("pro:stock-create", args=[book.pk]), data)
    assert response.status_code == 200
    assert message in text(response)


@pytest.mark.django_db
def test_a_things_stock_is_edited_in_place(pro_client, book):
    stock = StockFactory(offer=book, booked_quantity=2)
    response = pro_client.post(reverse("pro:stock-edit", args=[stock.pk]), {"price": "0", "quantity": "2"})
    assert response.status_code == 302
    stock.refresh_from_db()
    assert (stock.price_cents, stock.quantity) == (0, 2)
    response = pro_client.post(reverse("pro:stock-edit", args=[stock.pk]), {"price": "0", "quantity": "1"})
    assert "places déjà réservées (2)" in text(response)


# --- Scoping and bad input --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_another_structures_stocks_are_not_found(pro_client):
    stock = EventStockFactory()  # another structure
    offer = stock.offer
    assert pro_client.get(reverse("pro:offer-stocks", args=[offer.pk])).status_code == 404
    assert pro_client.post(reverse("pro:stock-create", args=[offer.pk]), date_data()).status_code == 404
    assert pro_client.post(reverse("pro:stock-recurrence", args=[offer.pk]), recurrence_data()).status_code == 404
    assert pro_client.get(reverse("pro:stock-edit", args=[stock.pk])).status_code == 404
    assert pro_client.post(reverse("pro:stock-delete", args=[stock.pk])).status_code == 404
    stock.refresh_from_db()
    assert not stock.is_soft_deleted
    assert Stock.objects.count() == 1


GARBAGE = ["<script>", "é" * 300, "0" * 50, "\x00", "-1", "9" * 30, "2026-13-45", "１２", "1e999", "NaN", "Infinity"]


@pytest.mark.django_db
@pytest.mark.parametrize("garbage", GARBAGE)
def test_no_stock_input_produces_a_server_error(pro_client, concert, book, garbage):
    for field in date_data():
        response = pro_client.post(reverse("pro:stock-create", args=[concert.pk]), date_data(**{field: garbage}))
        assert response.status_code in (200, 302), field
    for field in ["first_day", "last_day", "weekdays", "times", "price", "quantity", "booking_limit_hours_before"]:
        response = pro_client.post(
            reverse("pro:stock-recurrence", args=[concert.pk]), recurrence_data(**{field: garbage})
        )
        assert response.status_code in (200, 302), field
    for field in ["price", "quantity", "booking_limit_date"]:
        data = {"price": "10", "quantity": "5", "booking_limit_date": "", field: garbage}
        assert pro_client.post(reverse("pro:stock-create", args=[book.pk]), data).status_code in (200, 302), field


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14:00, 20:30", ["14:00", "20:30"]),
        ("20h30; 9h", ["09:00", "20:30"]),
        ("20:30 14:00 20:30", ["14:00", "20:30"]),
    ],
)
def test_times_typed_by_a_pro(typed, expected):
    from passculture.pro.forms.offers.fields import parse_times

    assert [moment.strftime("%H:%M") for moment in parse_times(typed)] == expected


def test_a_local_time_becomes_utc_across_daylight_saving():
    from passculture.pro.forms.offers.fields import local_to_utc

    winter = local_to_utc(datetime.date(2027, 1, 15), datetime.time(20, 30), "Europe/Paris")
    summer = local_to_utc(datetime.date(2027, 7, 15), datetime.time(20, 30), "Europe/Paris")
    assert (winter.hour, summer.hour) == (19, 18)
    assert local_to_utc(datetime.date(2027, 1, 15), datetime.time(20, 30), "America/Cayenne").hour == 23


@pytest.mark.django_db
@pytest.mark.parametrize("garbage", GARBAGE)
def test_no_stock_edit_input_produces_a_server_error(pro_client, concert, book, garbage):
    date, thing = EventStockFactory(offer=concert), StockFactory(offer=book)
    for field in date_data():
        response = pro_client.post(reverse("pro:stock-edit", args=[date.pk]), date_data(**{field: garbage}))
        assert response.status_code in (200, 302), field
    for field in ["price", "quantity", "booking_limit_date"]:
        data = {"price": "10", "quantity": "5", "booking_limit_date": "", field: garbage}
        assert pro_client.post(reverse("pro:stock-edit", args=[thing.pk]), data).status_code in (200, 302), field
