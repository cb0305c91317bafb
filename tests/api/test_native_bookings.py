"""``/native/v1/bookings``: book (every refusal code ↔ 400), list (ongoing / ended), cancel (204, 400 codes, 404)."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from passculture.api.auth import ACCESS, issue_token
from passculture.beneficiaries.models import Deposit
from passculture.bookings.models import Booking, BookingStatus, CancellationReason
from passculture.bookings.services import booking_cancel_by_offerer, booking_create
from passculture.core.models import StoredEmail
from passculture.offers.models import Stock
from tests.factories import (
    BeneficiaryFactory,
    EventOfferFactory,
    EventStockFactory,
    OfferFactory,
    StockFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user, ACCESS)}"}


def book(client, user, stock_id, quantity=1):
    return client.post(
        "/native/v1/bookings",
        {"stockId": stock_id, "quantity": quantity},
        content_type="application/json",
        **bearer(user),
    )


def utc(value: datetime.datetime | None) -> str | None:
    return None if value is None else value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


@pytest.fixture
def young(db):
    return BeneficiaryFactory(email="jeune@example.org")


@pytest.fixture
def venue(db):
    return VenueFactory(name="Librairie du Centre", public_name="La Librairie", city="Lyon", street="2 Rue Mercière")


def spent(user) -> int:
    return Deposit.objects.get(user=user).spent_cents


# The statements of one booking through the app's API, mails sent inline (no broker) to the development mailbox: the
# young person (authentication), the transaction (stock then credit locked, the booking, the places, the credit, the
# audit entry) and both mails in one write, built from the booking in memory. Pinned so that it cannot creep back.
# On PostgreSQL the places are counted by the statement that locks the stock (UPDATE … RETURNING).
BOOKING_STATEMENTS = [
    ("SELECT", "accounts_user"),
    ("SAVEPOINT", None),  # the transaction (a savepoint inside the test's own)
    ("SELECT", "offers_stock"),
    ("SELECT", "beneficiaries_deposit"),
    ("INSERT", "bookings_booking"),
    ("UPDATE", "offers_stock"),
    ("UPDATE", "beneficiaries_deposit"),
    ("INSERT", "core_auditlogentry"),
    ("RELEASE", None),
    ("INSERT", "core_storedemail"),
]
BOOKING_STATEMENTS_POSTGRESQL = [
    ("SELECT", "accounts_user"),
    ("SAVEPOINT", None),
    ("UPDATE", "offers_stock"),  # locked, checked and its places counted, read with its offer, venue, structure
    ("SELECT", "beneficiaries_deposit"),
    ("INSERT", "bookings_booking"),
    ("UPDATE", "beneficiaries_deposit"),
    ("INSERT", "core_auditlogentry"),
    ("RELEASE", None),
    ("INSERT", "core_storedemail"),
]


def statement(sql: str) -> tuple[str, str | None]:
    verb = sql.split(None, 1)[0].upper()
    if verb in ("SAVEPOINT", "RELEASE"):
        return verb, None
    return verb, re.search(r'(?:FROM|INTO|UPDATE) "(\w+)"', sql).group(1)


class TestCreate:
    def test_books_and_debits_the_credit(self, client, young, venue):
        stock = EventStockFactory(offer__venue=venue, price_cents=1500)
        response = book(client, young, stock.pk, 2)
        assert response.status_code == 200
        booking = Booking.objects.get(user=young)
        assert response.json() == {"bookingId": booking.pk}
        assert (booking.stock_id, booking.quantity, booking.status) == (stock.pk, 2, BookingStatus.CONFIRMED)
        assert spent(young) == 3000
        stock.refresh_from_db()
        assert stock.booked_quantity == 2

    def test_a_booking_costs_its_transaction_and_one_write_of_both_mails(
        self, client, young, venue, settings, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_BACKEND = "passculture.core.mail.DatabaseEmailBackend"
        stock = EventStockFactory(offer__venue=venue, price_cents=1500)
        book(client, young, EventStockFactory(offer__venue=venue).pk)  # warm: content types, parameters
        StoredEmail.objects.all().delete()

        with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
            response = book(client, young, stock.pk)

        assert response.status_code == 200
        expected = BOOKING_STATEMENTS_POSTGRESQL if connection.vendor == "postgresql" else BOOKING_STATEMENTS
        assert [statement(query["sql"]) for query in captured.captured_queries] == expected
        assert sorted(StoredEmail.objects.values_list("to", flat=True)) == sorted([young.email, venue.booking_email])

    def test_quantity_defaults_to_one(self, client, young, venue):
        stock = StockFactory(offer=OfferFactory(venue=venue), price_cents=1000)
        response = client.post(
            "/native/v1/bookings", {"stockId": stock.pk}, content_type="application/json", **bearer(young)
        )
        assert response.status_code == 200
        assert Booking.objects.get(pk=response.json()["bookingId"]).quantity == 1

    @pytest.mark.parametrize(
        "code",
        [
            "NO_DEPOSIT",
            "STOCK_NOT_BOOKABLE",
            "SOLD_OUT",
            "QUANTITY_NOT_ALLOWED",
            "ALREADY_BOOKED",
            "INSUFFICIENT_CREDIT",
            "PHYSICAL_CAP_REACHED",
            "DIGITAL_CAP_REACHED",
        ],
    )
    def test_every_refusal_is_a_400_with_its_code(self, client, young, venue, code):
        user, quantity = young, 1
        if code == "NO_DEPOSIT":
            user = UserFactory()
            stock = StockFactory(offer=OfferFactory(venue=venue))
        elif code == "STOCK_NOT_BOOKABLE":
            stock = StockFactory(offer=OfferFactory(venue=venue, is_active=False))
        elif code == "SOLD_OUT":
            stock = EventStockFactory(offer__venue=venue, quantity=1)
            booking_create(BeneficiaryFactory(), stock.pk, 1)
        elif code == "QUANTITY_NOT_ALLOWED":
            stock, quantity = EventStockFactory(offer__venue=venue, offer__solo=True), 2
        elif code == "ALREADY_BOOKED":
            stock = StockFactory(offer=OfferFactory(venue=venue))
            booking_create(young, stock.pk, 1)
        elif code == "INSUFFICIENT_CREDIT":
            stock = EventStockFactory(offer__venue=venue, price_cents=50001)
        elif code == "PHYSICAL_CAP_REACHED":
            stock = StockFactory(offer=OfferFactory(venue=venue), price_cents=20001)
        else:
            stock = StockFactory(
                offer=OfferFactory(venue=venue, subcategory_id="LIVRE_NUMERIQUE", url="https://ebooks.example.net/1"),
                price_cents=20001,
            )
        spent_before = Deposit.objects.filter(user=user).values_list("spent_cents", flat=True).first()
        bookings_before = Booking.objects.count()

        response = book(client, user, stock.pk, quantity)

        assert response.status_code == 400
        body = response.json()
        assert body["code"] == code
        assert body["message"]  # the French message of the domain error
        assert Booking.objects.count() == bookings_before
        assert Deposit.objects.filter(user=user).values_list("spent_cents", flat=True).first() == spent_before

    def test_an_unknown_stock_is_not_bookable(self, client, young):
        response = book(client, young, 2**40)
        assert (response.status_code, response.json()["code"]) == (400, "STOCK_NOT_BOOKABLE")

    @pytest.mark.parametrize("quantity", [0, 3, -1])
    def test_odd_quantities_are_refused(self, client, young, venue, quantity):
        stock = EventStockFactory(offer__venue=venue, quantity=None)
        response = book(client, young, stock.pk, quantity)
        assert (response.status_code, response.json()["code"]) == (400, "QUANTITY_NOT_ALLOWED")

    def test_needs_a_token(self, client, venue):
        stock = StockFactory(offer=OfferFactory(venue=venue))
        response = client.post("/native/v1/bookings", {"stockId": stock.pk}, content_type="application/json")
        assert response.status_code == 401

    def test_a_malformed_body_is_a_422(self, client, young):
        response = client.post(
            "/native/v1/bookings", {"stockId": "abc"}, content_type="application/json", **bearer(young)
        )
        assert response.status_code == 422


class TestList:
    def test_the_app_and_the_young_persons_page_agree_on_what_is_ongoing(self, client, young, venue):
        """A booking of an event that has begun, or past its withdrawal date, is no longer "en cours" anywhere."""
        coming = booking_create(young, StockFactory(offer=EventOfferFactory(venue=venue, name="À venir")).pk)
        begun = booking_create(young, StockFactory(offer=EventOfferFactory(venue=venue, name="Commencé")).pk)
        an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
        Stock.objects.filter(pk=begun.stock_id).update(
            beginning_datetime=an_hour_ago, booking_limit_datetime=an_hour_ago
        )
        expired = booking_create(young, StockFactory(offer=OfferFactory(venue=venue, name="Oublié")).pk)
        Booking.objects.filter(pk=expired.pk).update(expiration_datetime=timezone.now() - datetime.timedelta(hours=1))

        body = client.get("/native/v1/bookings", **bearer(young)).json()
        page = Client()
        page.force_login(young)
        context = page.get(reverse("beneficiary:bookings")).context

        assert [b["id"] for b in body["ongoing_bookings"]] == [coming.pk]
        assert [item.booking.pk for item in context["ongoing"]] == [coming.pk]
        assert {b["id"] for b in body["ended_bookings"]} == {begun.pk, expired.pk}
        assert {item.booking.pk for item in context["ended"]} == {begun.pk, expired.pk}

    def test_ongoing_and_ended_bookings(self, client, young, venue):
        concert = EventOfferFactory(venue=venue, name="Concert de jazz")
        ongoing = booking_create(young, StockFactory(offer=concert, price_cents=1500).pk, 2)
        cancelled = booking_create(young, StockFactory(offer=OfferFactory(venue=venue, name="Un livre")).pk, 1)
        booking_cancel_by_offerer(cancelled.pk, "tests", "Rupture de stock")
        used = booking_create(young, StockFactory(offer=OfferFactory(venue=venue, name="Un autre")).pk, 1)
        Booking.objects.filter(pk=used.pk).update(status=BookingStatus.USED, used_at=timezone.now())
        expired = booking_create(young, StockFactory(offer=OfferFactory(venue=venue, name="Oublié")).pk, 1)
        Booking.objects.filter(pk=expired.pk).update(expiration_datetime=timezone.now() - datetime.timedelta(hours=1))
        booking_create(BeneficiaryFactory(), StockFactory(offer=concert).pk, 1)  # someone else's

        response = client.get("/native/v1/bookings", **bearer(young))

        assert response.status_code == 200
        body = response.json()
        assert [b["id"] for b in body["ongoing_bookings"]] == [ongoing.pk]
        assert {b["id"] for b in body["ended_bookings"]} == {cancelled.pk, used.pk, expired.pk}
        ongoing.refresh_from_db()
        assert body["ongoing_bookings"][0] == {
            "id": ongoing.pk,
            "token": ongoing.token,
            "quantity": 2,
            "totalAmount": 3000,
            "cancellationLimitDatetime": utc(ongoing.cancellation_limit_datetime),
            "expirationDate": None,
            "dateUsed": None,
            "cancellationDate": None,
            "cancellationReason": None,
            "qrCodeData": f"PASSCULTURE:v3;TOKEN:{ongoing.token}",
            "stock": {
                "id": ongoing.stock_id,
                "beginningDatetime": utc(ongoing.stock.beginning_datetime),
                "price": 1500,
                "offer": {
                    "id": concert.pk,
                    "name": "Concert de jazz",
                    "subcategoryId": "CONCERT",
                    "isDigital": False,
                    "url": "",
                    "venue": {
                        "id": venue.pk,
                        "name": "Librairie du Centre",
                        "publicName": "La Librairie",
                        "address": "2 Rue Mercière",
                        "city": "Lyon",
                        "timezone": "Europe/Paris",
                    },
                },
            },
        }
        ended = {b["id"]: b for b in body["ended_bookings"]}
        cancelled.refresh_from_db()
        assert ended[cancelled.pk]["cancellationReason"] == CancellationReason.OFFERER
        assert ended[cancelled.pk]["cancellationDate"] == utc(cancelled.cancelled_at)
        assert ended[cancelled.pk]["expirationDate"] is not None  # a paper book: to collect within 30 days
        assert ended[cancelled.pk]["stock"]["beginningDatetime"] is None
        assert ended[used.pk]["dateUsed"] is not None

    def test_the_query_count_does_not_grow_with_the_bookings(self, client, young, venue, django_assert_num_queries):
        for index in range(5):
            booking_create(young, StockFactory(offer=OfferFactory(venue=venue, name=f"Livre {index}")).pk, 1)
        with django_assert_num_queries(3):  # the user, the ongoing bookings, the ended ones
            response = client.get("/native/v1/bookings", **bearer(young))
        assert len(response.json()["ongoing_bookings"]) == 5

    def test_empty(self, client, young):
        assert client.get("/native/v1/bookings", **bearer(young)).json() == {
            "ongoing_bookings": [],
            "ended_bookings": [],
        }


class TestCancel:
    @pytest.fixture
    def booking(self, young, venue):
        return booking_create(young, StockFactory(offer=OfferFactory(venue=venue), price_cents=1200).pk, 1)

    def cancel(self, client, user, booking_id):
        return client.post(f"/native/v1/bookings/{booking_id}/cancel", **bearer(user))

    def test_cancels_and_gives_the_credit_back(self, client, young, booking):
        assert spent(young) == 1200
        response = self.cancel(client, young, booking.pk)
        assert response.status_code == 204
        assert response.content == b""
        booking.refresh_from_db()
        assert (booking.status, booking.cancellation_reason) == (
            BookingStatus.CANCELLED,
            CancellationReason.BENEFICIARY,
        )
        assert spent(young) == 0

    def test_already_cancelled(self, client, young, booking):
        self.cancel(client, young, booking.pk)
        response = self.cancel(client, young, booking.pk)
        assert (response.status_code, response.json()["code"]) == (400, "ALREADY_CANCELLED")

    def test_already_used(self, client, young, booking):
        Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.USED, used_at=timezone.now())
        response = self.cancel(client, young, booking.pk)
        assert (response.status_code, response.json()["code"]) == (400, "ALREADY_USED")

    def test_past_the_cancellation_limit_the_booking_is_confirmed(self, client, young, booking):
        Booking.objects.filter(pk=booking.pk).update(cancellation_limit_datetime=timezone.now() - datetime.timedelta(1))
        response = self.cancel(client, young, booking.pk)
        assert response.status_code == 400
        assert response.json() == {
            "code": "CONFIRMED_BOOKING",
            "message": "Le délai d'annulation de cette réservation est dépassé : elle est confirmée.",
        }
        assert spent(young) == 1200

    def test_already_reimbursed(self, client, young, booking):
        Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.REIMBURSED)
        response = self.cancel(client, young, booking.pk)
        assert (response.status_code, response.json()["code"]) == (400, "ALREADY_REIMBURSED")

    def test_another_users_booking_is_not_found(self, client, booking):
        response = self.cancel(client, BeneficiaryFactory(), booking.pk)
        assert response.status_code == 404
        assert response.json() == {"detail": "Cette réservation n'existe pas."}
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CONFIRMED

    def test_an_unknown_booking_is_not_found(self, client, young):
        assert self.cancel(client, young, 2**40).status_code == 404

    def test_needs_a_token(self, client, booking):
        assert client.post(f"/native/v1/bookings/{booking.pk}/cancel").status_code == 401


class TestStrictTypes:
    """The app API reads integers as integers, as its OpenAPI document says: a string or a boolean is refused."""

    @pytest.mark.parametrize("stock_id", ["1", True, 1.0])
    def test_a_stock_id_that_is_not_an_integer_is_a_422(self, client, young, stock_id):
        response = client.post(
            "/native/v1/bookings", {"stockId": stock_id}, content_type="application/json", **bearer(young)
        )
        assert response.status_code == 422
        assert not Booking.objects.exists()

    def test_a_quantity_that_is_not_an_integer_is_a_422(self, client, young):
        stock = EventStockFactory()
        response = client.post(
            "/native/v1/bookings",
            {"stockId": stock.pk, "quantity": "2"},
            content_type="application/json",
            **bearer(young),
        )
        assert response.status_code == 422
