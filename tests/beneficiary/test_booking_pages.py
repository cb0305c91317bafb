"""Young people's booking pages: booking from the offer page, "Mes réservations", countermark + QR code, cancelling."""

import datetime
import html

import pytest
import segno
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from passculture.beneficiaries.models import BeneficiaryProfile, Deposit
from passculture.bookings import rules
from passculture.bookings.models import Booking, BookingStatus, CancellationReason
from passculture.bookings.services import booking_cancel_by_beneficiary, booking_create
from passculture.core.dates import format_datetime
from passculture.offers.models import Stock
from tests.factories import (
    BeneficiaryFactory,
    BookFactory,
    EbookFactory,
    EventStockFactory,
    OfferFactory,
    StockFactory,
    UserFactory,
    VenueFactory,
)
from tests.html import texts

pytestmark = pytest.mark.django_db

BOOKINGS = reverse("beneficiary:bookings")
CREDIT = reverse("beneficiary:credit")
LOGIN = reverse("beneficiary:login")


def text(response) -> str:
    """The page as a person reads it: entities decoded, no-break spaces as plain spaces."""
    return html.unescape(response.content.decode()).replace("\u00a0", " ").replace("\u202f", " ")


def offer_url(offer) -> str:
    return reverse("beneficiary:offer", args=[offer.pk])


def book_url(offer) -> str:
    return reverse("beneficiary:book", args=[offer.pk])


def detail_url(booking) -> str:
    return reverse("beneficiary:booking-detail", args=[booking.pk])


def cancel_url(booking) -> str:
    return reverse("beneficiary:booking-cancel", args=[booking.pk])


def book(client, stock, quantity=1, **kwargs):
    return client.post(book_url(stock.offer), {"stock": stock.pk, "quantity": quantity}, **kwargs)


def state(user, *stocks) -> tuple:
    """Everything a refused booking must leave untouched."""
    deposit = Deposit.objects.filter(user=user).first()
    spent = (deposit.spent_cents, deposit.physical_spent_cents, deposit.digital_spent_cents) if deposit else None
    booked = [Stock.objects.get(pk=stock.pk).booked_quantity for stock in stocks]
    return Booking.objects.count(), spent, booked


@pytest.fixture
def young(client):
    user = BeneficiaryFactory(email="jeune@example.org")
    client.force_login(user)
    return user


@pytest.fixture
def concert(venue):
    """A 15 € concert, Duo allowed, in 10 days."""
    return EventStockFactory(offer__venue=venue, offer__name="Concert de jazz", price_cents=1500, in_ten_days=True)


@pytest.fixture
def book_stock(venue):
    """A 15 € paper book (physical goods: to collect within 30 days)."""
    return StockFactory(offer=BookFactory(venue=venue), price_cents=1500)


# --- The offer page ---------------------------------------------------------------------------------------------------


class TestOfferPageForm:
    def test_logged_out_offers_to_log_in_and_come_back(self, client, concert):
        page = text(client.get(offer_url(concert.offer)))
        assert f"{LOGIN}?next={offer_url(concert.offer)}" in page
        assert reverse("beneficiary:signup") in page
        assert book_url(concert.offer) not in page

    def test_a_young_person_gets_the_booking_form(self, client, young, venue, concert):
        sold_out = StockFactory(
            offer=concert.offer, price_cents=1500, quantity=1, starts_in=datetime.timedelta(days=12)
        )
        Stock.objects.filter(pk=sold_out.pk).update(booked_quantity=1)
        response = client.get(offer_url(concert.offer))
        page = text(response)
        assert f'action="{book_url(concert.offer)}"' in page
        assert "csrfmiddlewaretoken" in page
        assert f'<option value="{concert.pk}">' in page
        assert f'<option value="{sold_out.pk}">' not in page  # sold out: not offered
        assert format_datetime(concert.beginning_datetime, venue.timezone) in page
        assert 'name="quantity" value="2"' in page and "2 places (Duo)" in page
        assert ">Réserver</button>" in page

    def test_no_duo_choice_on_a_single_offer(self, client, young, book_stock):
        page = text(client.get(offer_url(book_stock.offer)))
        assert '<input type="hidden" name="quantity" value="1">' in page
        assert "Duo" not in page

    def test_a_pro_is_told_booking_is_for_young_people(self, client, pro, concert):
        client.force_login(pro)
        page = text(client.get(offer_url(concert.offer)))
        assert "La réservation est réservée aux jeunes bénéficiaires du pass Culture" in page
        assert book_url(concert.offer) not in page


# --- Booking ----------------------------------------------------------------------------------------------------------


class TestBook:
    def test_success_debits_the_credit_and_shows_the_countermark_and_qr_code(self, client, young, concert):
        response = book(client, concert)
        booking = Booking.objects.get(user=young)
        assert response.status_code == 302 and response.url == detail_url(booking)
        assert (booking.quantity, booking.total_cents, booking.status) == (1, 1500, BookingStatus.CONFIRMED)
        assert Deposit.objects.get(user=young).spent_cents == 1500
        assert Stock.objects.get(pk=concert.pk).booked_quantity == 1

        page_response = client.get(response.url)
        page = text(page_response)
        assert "Votre réservation est confirmée." in page
        assert texts(page_response, "p.pc-token") == [booking.token]
        assert "<svg" in page
        assert f'aria-label="QR code de la contremarque {booking.token}"' in page
        assert "Concert de jazz" in page

    def test_the_qr_code_encodes_the_countermark(self, client, young, concert):
        book(client, concert)
        booking = Booking.objects.get(user=young)
        page = client.get(detail_url(booking)).content.decode()
        expected = segno.make(f"PASSCULTURE:v3;TOKEN:{booking.token}", error="m")
        assert rules.qr_code_data(booking.token) == f"PASSCULTURE:v3;TOKEN:{booking.token}"
        # The matrix of that data, drawn on the page.
        path = expected.svg_inline(scale=4, border=4, dark="#000", light="#fff", omitsize=True)
        assert path.split('d="', 1)[1].split('"', 1)[0] in page

    def test_duo_books_two_places_on_one_countermark(self, client, young, concert):
        response = book(client, concert, quantity=2, follow=True)
        booking = Booking.objects.get(user=young)
        assert (booking.quantity, booking.total_cents) == (2, 3000)
        assert Deposit.objects.get(user=young).spent_cents == 3000
        assert Stock.objects.get(pk=concert.pk).booked_quantity == 2
        page = text(response)
        assert "2 places" in page and "30,00 €" in page and "(15,00 € × 2)" in page

    def test_credit_page_after_a_booking(self, client, young, book_stock):
        book(client, book_stock)
        page = text(client.get(CREDIT))
        assert "485,00 €" in page  # total
        assert "185,00 €" in page  # physical cap left

    def assert_refused(self, client, user, stock, message, *, quantity=1, stocks=(), on_offer_page=True):
        before = state(user, stock, *stocks)
        response = book(client, stock, quantity=quantity)
        if on_offer_page:
            assert response.status_code == 302
            assert response.url == offer_url(stock.offer) + "#reserver"
            response = client.get(response.url)
        assert response.status_code == 200
        assert message in text(response)
        assert state(user, stock, *stocks) == before

    def test_insufficient_credit(self, client, young, concert):
        Deposit.objects.filter(user=young).update(spent_cents=49000)
        self.assert_refused(
            client, young, concert, "Votre crédit restant (10,00 €) ne suffit pas pour cette réservation (15,00 €)."
        )

    def test_physical_cap(self, client, young, book_stock):
        Deposit.objects.filter(user=young).update(spent_cents=19500, physical_spent_cents=19500)
        self.assert_refused(
            client, young, book_stock, "Le plafond de 200,00 € pour les biens physiques serait dépassé (reste 5,00 €)."
        )

    def test_digital_cap(self, client, young, offerer):
        Deposit.objects.filter(user=young).update(spent_cents=19900, digital_spent_cents=19900)
        digital = offerer.venues.get(is_virtual=True)
        stock = StockFactory(
            offer=OfferFactory(venue=digital, subcategory_id="ABO_PRESSE_EN_LIGNE", url="https://presse.example"),
            price_cents=200,
        )
        self.assert_refused(
            client, young, stock, "Le plafond de 200,00 € pour les offres numériques serait dépassé (reste 1,00 €)."
        )

    def test_sold_out_date_while_another_remains(self, client, young, concert):
        full = StockFactory(offer=concert.offer, quantity=1, starts_in=datetime.timedelta(days=12))
        Stock.objects.filter(pk=full.pk).update(booked_quantity=1)
        self.assert_refused(client, young, full, "Il n'y a plus de place disponible pour cette offre.")

    def test_sold_out_last_place_taken_meanwhile(self, client, young, venue):
        stock = EventStockFactory(offer__venue=venue, quantity=1)
        booking_create(BeneficiaryFactory(), stock.pk)  # someone else was faster
        self.assert_refused(
            client, young, stock, "Il n'y a plus de place disponible pour cette offre.", on_offer_page=False
        )
        assert "Votre crédit n'a pas été débité." in text(book(client, stock))

    def test_duo_needs_two_places_left(self, client, young, venue):
        stock = EventStockFactory(offer__venue=venue, quantity=2)
        Stock.objects.filter(pk=stock.pk).update(booked_quantity=1)
        self.assert_refused(client, young, stock, "Il n'y a plus de place disponible pour cette offre.", quantity=2)

    def test_already_booked(self, client, young, concert):
        book(client, concert)
        self.assert_refused(client, young, concert, "Vous avez déjà une réservation en cours pour cette offre.")

    def test_two_places_on_an_offer_that_is_not_duo(self, client, young, book_stock):
        self.assert_refused(
            client, young, book_stock, "Vous pouvez réserver 1 place, ou 2 places pour une offre Duo.", quantity=2
        )

    def test_a_deleted_date(self, client, young, concert):
        deleted = StockFactory(offer=concert.offer, starts_in=datetime.timedelta(days=12))
        Stock.objects.filter(pk=deleted.pk).update(is_soft_deleted=True)
        self.assert_refused(client, young, deleted, "Cette offre n'est plus réservable.")

    def test_a_stock_of_another_offer(self, client, young, concert, book_stock):
        before = state(young, concert, book_stock)
        response = client.post(book_url(concert.offer), {"stock": book_stock.pk, "quantity": 1}, follow=True)
        assert "Cette offre n'est plus réservable." in text(response)
        assert state(young, concert, book_stock) == before

    def test_no_deposit_while_identity_is_checked(self, client, concert):
        user = UserFactory()
        BeneficiaryProfile.objects.create(user=user, birth_date=datetime.date(2008, 1, 1), postal_code="75011")
        client.force_login(user)
        self.assert_refused(client, user, concert, "Vous n'avez pas de crédit pass Culture en cours de validité.")

    def test_an_expired_deposit(self, client, young, venue):
        Deposit.objects.filter(user=young).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
        stock = EventStockFactory(offer__venue=venue)
        self.assert_refused(client, young, stock, "Vous n'avez pas de crédit pass Culture en cours de validité.")

    @pytest.mark.parametrize(
        "data, message",
        [
            ({"stock": "abc", "quantity": "1"}, "Choisissez une date ou un prix dans la liste."),
            ({"quantity": "1"}, "Choisissez une date ou un prix dans la liste."),
            ({}, "Choisissez une date ou un prix dans la liste."),
            ({"stock": "", "quantity": ""}, "Choisissez une date ou un prix dans la liste."),
            ({"stock": "-1"}, "Choisissez une date ou un prix dans la liste."),
            ({"stock": "1.5"}, "Choisissez une date ou un prix dans la liste."),
            ({"stock": "99999999999999999999999"}, "Choisissez une date ou un prix dans la liste."),
            ({"stock": "\x00"}, "Choisissez une date ou un prix dans la liste."),
            ({"stock": "STOCK", "quantity": "3"}, "Vous pouvez réserver 1 place, ou 2 places pour une offre Duo."),
            ({"stock": "STOCK", "quantity": "0"}, "Vous pouvez réserver 1 place, ou 2 places pour une offre Duo."),
            ({"stock": "STOCK", "quantity": "-2"}, "Vous pouvez réserver 1 place, ou 2 places pour une offre Duo."),
            ({"stock": "STOCK", "quantity": "abc"}, "Vous pouvez réserver 1 place, ou 2 places pour une offre Duo."),
            ({"stock": "2147483647"}, "Cette offre n'est plus réservable."),
        ],
    )
    def test_garbage_never_causes_a_server_error(self, client, young, concert, data, message):
        data = {key: str(concert.pk) if value == "STOCK" else value for key, value in data.items()}
        before = state(young, concert)
        response = client.post(book_url(concert.offer), data, follow=True)
        assert response.status_code == 200
        assert message in text(response)
        assert state(young, concert) == before

    def test_an_unknown_offer_in_the_address(self, client, young, concert):
        response = client.post("/catalogue/offres/99999999999999999999/reserver/", {"stock": concert.pk})
        assert response.status_code == 200
        assert "Réservation impossible" in text(response)
        assert not Booking.objects.exists()

    def test_only_by_post(self, client, young, concert):
        assert client.get(book_url(concert.offer)).status_code == 405
        assert not Booking.objects.exists()

    def test_csrf_is_required(self, concert):
        client = Client(enforce_csrf_checks=True)
        client.force_login(BeneficiaryFactory())
        assert book(client, concert).status_code == 403
        assert not Booking.objects.exists()

    def test_logged_out_goes_to_the_login_page_then_back_to_the_offer(self, client, concert):
        response = book(client, concert)
        assert response.status_code == 302
        assert response.url == f"{LOGIN}?next={offer_url(concert.offer)}"
        assert not Booking.objects.exists()

    def test_a_pro_gets_a_clear_page(self, client, pro, concert):
        client.force_login(pro)
        response = book(client, concert)
        assert response.status_code == 403
        assert "Cette page est réservée aux jeunes" in text(response)
        assert not Booking.objects.exists()


# --- Mes réservations -------------------------------------------------------------------------------------------------


class TestBookingsList:
    def test_ongoing_and_ended(self, client, young, venue, concert, book_stock):
        ongoing = booking_create(young, concert.pk)
        cancelled = booking_create(young, book_stock.pk)
        booking_cancel_by_beneficiary(young, cancelled.pk)
        used_stock = EventStockFactory(offer__venue=venue, offer__name="Visite guidée")
        used = booking_create(young, used_stock.pk)
        Booking.objects.filter(pk=used.pk).update(status=BookingStatus.USED, used_at=timezone.now())

        response = client.get(BOOKINGS)
        assert response.status_code == 200
        assert [item.booking.pk for item in response.context["ongoing"]] == [ongoing.pk]
        assert {item.booking.pk for item in response.context["ended"]} == {cancelled.pk, used.pk}
        page = text(response)
        current, ended = page.split("Terminées", 1)
        assert ongoing.token in current and "Concert de jazz" in current
        assert cancelled.token in ended and "Annulée par vous" in ended and "n'est plus valable" in ended
        assert used.token in ended and "Validée" in ended
        assert current.count("<svg") == 1 and "<svg" not in ended  # no QR code for a dead countermark
        assert cancel_url(ongoing) in current and cancel_url(cancelled) not in page

    def test_each_booking_shows_what_is_needed_at_the_venue(self, client, young, venue, concert):
        booking = booking_create(young, concert.pk, 2)
        bookings_page = client.get(BOOKINGS)
        page = text(bookings_page)
        assert venue.display_name in page and venue.address_line in page
        assert format_datetime(concert.beginning_datetime, venue.timezone) in page
        assert "2 places" in page and "30,00 €" in page
        assert booking.token in texts(bookings_page, "p.pc-token")
        assert f"Annulation possible jusqu'au</dt><dd>{format_datetime(booking.cancellation_limit_datetime)}" in page
        assert "Réservée (annulable)" in page

    def test_dates_in_the_venues_time_zone(self, client, young):
        reunion = VenueFactory(timezone="Indian/Reunion", postal_code="97400", city="Saint-Denis")
        stock = EventStockFactory(offer__venue=reunion)
        starts = (timezone.now() + datetime.timedelta(days=10)).replace(hour=17, minute=0, second=0, microsecond=0)
        Stock.objects.filter(pk=stock.pk).update(beginning_datetime=starts, booking_limit_datetime=starts)
        booking_create(young, stock.pk)
        page = text(client.get(BOOKINGS))
        assert format_datetime(starts, "Indian/Reunion") in page  # 21:00 in La Réunion (UTC+4)
        assert "à 21:00" in page
        assert format_datetime(starts, "Europe/Paris") not in page

    def test_physical_goods_show_the_withdrawal_deadline(self, client, young, venue, book_stock):
        booking = booking_create(young, book_stock.pk)
        assert booking.expiration_datetime is not None
        page = text(client.get(BOOKINGS))
        assert f"À retirer avant le</dt><dd>{format_datetime(booking.expiration_datetime, venue.timezone)}" in page

    def test_after_the_cancellation_limit_no_cancel_button(self, client, young, concert):
        booking = booking_create(young, concert.pk)
        with time_machine.travel(booking.cancellation_limit_datetime + datetime.timedelta(minutes=1)):
            page = text(client.get(BOOKINGS))
        assert cancel_url(booking) not in page
        assert "Réservée (confirmée)" in page
        assert f"Plus possible depuis le {format_datetime(booking.cancellation_limit_datetime)}" in page
        assert "<svg" in page  # still to be shown at the venue

    def test_empty(self, client, young):
        page = text(client.get(BOOKINGS))
        assert "Vous n'avez pas de réservation en cours." in page

    def test_only_the_young_persons_own_bookings(self, client, young, concert):
        other = booking_create(BeneficiaryFactory(), concert.pk)
        assert other.token not in text(client.get(BOOKINGS))

    def test_query_count_stays_flat(self, client, young, venue):
        booking_create(young, EventStockFactory(offer__venue=venue, offer__name="Offre 0").pk)
        with CaptureQueriesContext(connection) as one:
            client.get(BOOKINGS)
        for n in range(1, 6):
            booking_create(young, EventStockFactory(offer__venue=venue, offer__name=f"Offre {n}").pk)
        with CaptureQueriesContext(connection) as six:
            response = client.get(BOOKINGS)
        assert len(response.context["ongoing"]) == 6
        assert len(six) == len(one)


class TestBookingDetail:
    def test_shows_the_booking(self, client, young, concert):
        booking = booking_create(young, concert.pk)
        response = client.get(detail_url(booking))
        assert response.status_code == 200
        page = text(response)
        assert booking.token in page and "<svg" in page and cancel_url(booking) in page

    def test_another_users_booking_is_not_found(self, client, young, concert):
        other = booking_create(BeneficiaryFactory(), concert.pk)
        assert client.get(detail_url(other)).status_code == 404
        assert client.get(cancel_url(other)).status_code == 404
        assert client.post(cancel_url(other)).status_code == 404
        other.refresh_from_db()
        assert other.status == BookingStatus.CONFIRMED

    def test_an_unknown_booking_is_not_found(self, client, young):
        assert client.get(reverse("beneficiary:booking-detail", args=[999999])).status_code == 404
        assert client.get("/catalogue/reservations/99999999999999999999/").status_code == 404
        assert client.post("/catalogue/reservations/99999999999999999999/annuler/").status_code == 404

    def test_a_pro_gets_a_clear_page(self, client, pro, young, concert):
        booking = booking_create(young, concert.pk)
        client.force_login(pro)
        assert client.get(detail_url(booking)).status_code == 403
        assert client.post(cancel_url(booking)).status_code == 403
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CONFIRMED

    def test_logged_out(self, client, concert):
        booking = booking_create(BeneficiaryFactory(), concert.pk)
        response = client.get(detail_url(booking))
        assert response.url == f"{LOGIN}?next={detail_url(booking)}"


# --- Cancelling -------------------------------------------------------------------------------------------------------


class TestCancel:
    def test_asks_for_confirmation_first(self, client, young, concert):
        booking = booking_create(young, concert.pk)
        response = client.get(cancel_url(booking))
        page = text(response)
        assert "Voulez-vous vraiment annuler" in page
        assert "<strong>15,00 €</strong> seront recrédités" in page
        assert f'action="{cancel_url(booking)}"' in page and 'method="post"' in page
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CONFIRMED  # a GET changes nothing

    def test_within_the_window_the_credit_comes_back(self, client, young, concert):
        booking = booking_create(young, concert.pk, 2)
        response = client.post(cancel_url(booking), follow=True)
        assert response.redirect_chain[-1][0] == BOOKINGS
        assert "Votre réservation est annulée : 30,00 € ont été recrédités." in text(response)
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED
        assert booking.cancellation_reason == CancellationReason.BENEFICIARY
        assert Deposit.objects.get(user=young).spent_cents == 0
        assert Stock.objects.get(pk=concert.pk).booked_quantity == 0
        assert "500,00 €" in text(client.get(CREDIT))

    def test_then_books_again(self, client, young, concert):
        booking = booking_create(young, concert.pk)
        client.post(cancel_url(booking))
        response = book(client, concert)
        assert response.status_code == 302
        assert Booking.objects.filter(user=young, status=BookingStatus.CONFIRMED).count() == 1

    def test_a_free_booking(self, client, young, venue):
        booking = booking_create(young, EventStockFactory(offer__venue=venue, price_cents=0).pk)
        response = client.post(cancel_url(booking), follow=True)
        assert "Votre réservation est annulée." in text(response)

    def test_refused_after_the_window(self, client, young, concert):
        booking = booking_create(young, concert.pk)
        with time_machine.travel(booking.cancellation_limit_datetime + datetime.timedelta(minutes=1)):
            confirm = text(client.get(cancel_url(booking)))
            response = client.post(cancel_url(booking), follow=True)
        assert "Oui, annuler ma réservation" not in confirm
        assert "Le délai d'annulation de cette réservation est dépassé" in confirm
        assert response.redirect_chain[-1][0] == detail_url(booking)
        assert "Le délai d'annulation de cette réservation est dépassé : elle est confirmée." in text(response)
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CONFIRMED
        assert Deposit.objects.get(user=young).spent_cents == 1500
        assert Stock.objects.get(pk=concert.pk).booked_quantity == 1

    def test_right_at_the_limit_is_still_allowed(self, client, young, concert):
        booking = booking_create(young, concert.pk)
        with time_machine.travel(booking.cancellation_limit_datetime, tick=False):
            client.post(cancel_url(booking))
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED

    def test_twice(self, client, young, concert):
        booking = booking_create(young, concert.pk)
        client.post(cancel_url(booking))
        response = client.post(cancel_url(booking), follow=True)
        assert "Cette réservation a déjà été annulée." in text(response)
        assert Deposit.objects.get(user=young).spent_cents == 0

    def test_a_used_booking(self, client, young, concert):
        booking = booking_create(young, concert.pk)
        Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.USED)
        response = client.post(cancel_url(booking), follow=True)
        assert "Cette contremarque a déjà été validée." in text(response)
        assert Deposit.objects.get(user=young).spent_cents == 1500

    def test_other_methods_are_refused(self, client, young, concert):
        booking = booking_create(young, concert.pk)
        assert client.put(cancel_url(booking)).status_code == 405
        assert client.delete(cancel_url(booking)).status_code == 405


# --- What is promised about cancelling ----------------------------------------------------------------------------


class TestCancellationPromise:
    """docs/domain/bookings.md#cancellation: the young person is told before booking when the booking can no longer be
    cancelled, and no page nor mail ever promises a moment already past."""

    def test_an_event_starting_within_the_delay_is_said_non_cancellable_before_and_after_booking(
        self, client, young, venue, django_capture_on_commit_callbacks, mailoutbox
    ):
        soon = EventStockFactory(offer__venue=venue, offer__name="Concert de demain", price_cents=1500)
        starts = timezone.now() + datetime.timedelta(hours=24)
        Stock.objects.filter(pk=soon.pk).update(beginning_datetime=starts, booking_limit_datetime=starts)

        form = text(client.get(offer_url(soon.offer)))
        assert f"{format_datetime(starts, venue.timezone)} — 15,00 € — non annulable" in form
        assert "délai limité" not in form

        with django_capture_on_commit_callbacks(execute=True):
            response = book(client, soon)
        page = text(client.get(response.url))
        assert "Non annulable : réservée moins de 48 h avant l'événement." in page
        assert "Plus possible depuis" not in page

        young_mail, venue_mail = sorted(mailoutbox, key=lambda mail: mail.to != [young.email])
        assert "annuler jusqu'au" not in young_mail.body and "annuler jusqu'au" not in venue_mail.body
        assert "Cette réservation n'est pas annulable : réservée moins de 48 h avant l'événement." in young_mail.body
        assert "Le jeune ne peut pas annuler cette réservation" in venue_mail.body

    def test_a_later_event_says_until_when_it_can_be_cancelled(self, client, young, venue, concert):
        with time_machine.travel(timezone.now(), tick=False):
            limit = format_datetime(timezone.now() + datetime.timedelta(hours=48), venue.timezone)
            form = text(client.get(offer_url(concert.offer)))
        assert f"15,00 € — annulable jusqu'au {limit}" in form

    def test_a_thing_says_until_when_it_can_be_cancelled(self, client, young, venue, book_stock):
        with time_machine.travel(timezone.now(), tick=False):
            limit = format_datetime(timezone.now() + datetime.timedelta(hours=48), venue.timezone)
            form = text(client.get(offer_url(book_stock.offer)))
        assert f"Vous pourrez annuler jusqu'au {limit} depuis « Mes réservations »." in form


def test_an_ebook_booking_page_says_where_to_read_it_not_to_show_an_identity_card(client, young):
    ebook = EbookFactory()
    booking = booking_create(young, StockFactory(offer=ebook, price_cents=990).pk)
    page = text(client.get(detail_url(booking)))
    assert "pièce d'identité" not in page
    assert "Offre numérique : rien à retirer, accédez-y en ligne." in page
