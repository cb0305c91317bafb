"""The countermark API for ticketing software (``/v2/bookings/…``): auth, scoping, every code ↔ status, flows."""

import datetime
import inspect

import pytest
from django.utils import timezone

from passculture.api.errors import DEFAULT, ERRORS, app_code, mapping
from passculture.bookings import errors as booking_errors
from passculture.bookings.models import Booking, BookingStatus, CancellationReason, UsedBy
from passculture.bookings.services import booking_create
from passculture.core.errors import DomainError
from passculture.core.models import AuditLogEntry
from passculture.offerers.models import OffererStatus
from passculture.offerers.services import apikey_create, apikey_revoke
from tests.factories import (
    BeneficiaryFactory,
    EventOfferFactory,
    OffererFactory,
    OfferFactory,
    StockFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(offerer):
    api_key, clear = apikey_create(offerer, "tests", label="Billetterie")
    return api_key, clear


@pytest.fixture
def api(client, key):
    """A client that sends the structure's API key."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key[1]}"}

    class Api:
        def get(self, token, **extra):
            return client.get(f"/v2/bookings/token/{token}", **{**headers, **extra})

        def patch(self, action, token, **extra):
            return client.patch(f"/v2/bookings/{action}/token/{token}", **{**headers, **extra})

    return Api()


@pytest.fixture
def young(db):
    return BeneficiaryFactory(email="jeune@example.org", birth_date=datetime.date(2008, 1, 1), phone="0612345678")


@pytest.fixture
def venue(offerer):
    return VenueFactory(offerer=offerer, name="Librairie du Centre", street="2 Rue Mercière", department_code="69")


@pytest.fixture
def book_booking(young, venue):
    """A paper book: a thing, so it can be validated at once."""
    offer = OfferFactory(venue=venue, name="Le Petit Prince", extra_data={"ean": "9782070612758"})
    return booking_create(young, StockFactory(offer=offer, price_cents=1250).pk, 1)


@pytest.fixture
def event_booking(young, venue):
    """A duo concert in 10 days, booked now: inside its 48 h cancellation window."""
    offer = EventOfferFactory(venue=venue, name="Concert de jazz", extra_data={"theater": {"salle": "2"}})
    return booking_create(young, StockFactory(offer=offer, price_cents=1500).pk, 2)


def status_of(booking: Booking) -> str:
    booking.refresh_from_db()
    return booking.status


def global_error(message: str) -> dict:
    return {"global": [message]}


class TestAuthentication:
    @pytest.mark.parametrize(
        ("authorization", "message"),
        [
            (None, "Clé d'API requise"),
            ("", "Clé d'API requise"),
            ("Bearer", "Clé d'API requise"),
            ("Basic {clear}", "Clé d'API requise"),
            ("Bearer not-a-key", "n'est pas valide"),
            ("Bearer {wrong_secret}", "n'est pas valide"),
        ],
    )
    def test_no_or_bad_key_is_401(self, client, key, book_booking, authorization, message):
        clear = key[1]
        wrong_secret = clear[:-4] + ("0000" if not clear.endswith("0000") else "1111")
        headers = {}
        if authorization is not None:
            headers["HTTP_AUTHORIZATION"] = authorization.format(clear=clear, wrong_secret=wrong_secret)
        for response in (
            client.get(f"/v2/bookings/token/{book_booking.token}", **headers),
            client.patch(f"/v2/bookings/use/token/{book_booking.token}", **headers),
            client.patch(f"/v2/bookings/keep/token/{book_booking.token}", **headers),
            client.patch(f"/v2/bookings/cancel/token/{book_booking.token}", **headers),
        ):
            assert response.status_code == 401
            assert response["WWW-Authenticate"] == "Bearer"
            body = response.json()
            assert list(body) == ["auth"]
            assert message in body["auth"][0]
        assert status_of(book_booking) == BookingStatus.CONFIRMED

    def test_a_revoked_key_is_401(self, api, key, book_booking):
        apikey_revoke(key[0].pk, "tests")
        assert api.get(book_booking.token).status_code == 401

    def test_a_jwt_of_the_app_is_not_an_api_key(self, client, young, book_booking):
        from passculture.api.auth import ACCESS, issue_token

        response = client.get(
            f"/v2/bookings/token/{book_booking.token}", HTTP_AUTHORIZATION=f"Bearer {issue_token(young, ACCESS)}"
        )
        assert response.status_code == 401


class TestGet:
    def test_a_book(self, api, book_booking, young, venue):
        response = api.get(book_booking.token)
        assert response.status_code == 200
        assert response.json() == {
            "bookingId": str(book_booking.pk),
            "dateOfBirth": "2008-01-01",
            "datetime": "",
            "ean13": "9782070612758",
            "email": "jeune@example.org",
            "formula": "",
            "isUsed": False,
            "offerId": book_booking.offer_id,
            "offerName": "Le Petit Prince",
            "offerType": "BIEN",
            "phoneNumber": "0612345678",
            "price": 12.5,
            "quantity": 1,
            "theater": {},
            "userName": young.full_name,
            "venueAddress": "2 Rue Mercière",
            "venueDepartmentCode": "69",
            "venueName": "Librairie du Centre",
        }

    def test_an_event_once_its_cancellation_window_has_passed(self, api, event_booking):
        Booking.objects.filter(pk=event_booking.pk).update(
            cancellation_limit_datetime=timezone.now() - datetime.timedelta(minutes=1)
        )
        body = api.get(event_booking.token).json()
        starts = event_booking.stock.beginning_datetime.astimezone(datetime.UTC)
        assert body["datetime"] == starts.isoformat().replace("+00:00", "Z")
        assert (body["offerType"], body["formula"], body["quantity"], body["price"]) == ("EVENEMENT", "PLACE", 2, 15.0)
        assert body["theater"] == {"salle": "2"}

    def test_subscriptions_are_abo(self, api, young, venue):
        offer = OfferFactory(venue=venue, subcategory_id="ABO_LIVRE_NUMERIQUE", url="https://abo.example.net")
        booking = booking_create(young, StockFactory(offer=offer, price_cents=0).pk, 1)
        assert api.get(booking.token).json()["formula"] == "ABO"

    @pytest.mark.parametrize("typed", ["lower", " spaced "])
    def test_the_token_is_matched_in_any_case(self, api, book_booking, typed):
        token = (
            book_booking.token.lower() if typed == "lower" else f"{book_booking.token[:3]}%20{book_booking.token[3:]}"
        )
        assert api.get(token).status_code == 200

    def test_checks_are_audited(self, api, key, book_booking):
        api.get(book_booking.token)
        api.get("ZZZZZZ")
        entries = AuditLogEntry.objects.filter(actor_label=f"API {key[0].prefix}").order_by("id")
        assert [(e.action, e.data) for e in entries] == [
            ("booking.checked", {"token": book_booking.token}),
            ("booking.check_refused", {"token": "ZZZZZZ", "refused": "UNKNOWN_TOKEN"}),
        ]


class TestErrors:
    """Every refusal ↔ its HTTP status, with the ``{"<field>": ["<message>"]}`` body."""

    @pytest.mark.parametrize("action", ["get", "use", "keep", "cancel"])
    @pytest.mark.parametrize("token", ["ZZZZZZ", "abc", "AB%00CD", "A" * 300, "%F0%9F%8E%AB"])
    def test_unknown_or_malformed_token_is_404(self, api, action, token):
        response = api.get(token) if action == "get" else api.patch(action, token)
        assert response.status_code == 404
        assert response.json() == global_error("Cette contremarque n'a pas été trouvée.")

    @pytest.mark.parametrize("action", ["get", "use", "keep", "cancel"])
    def test_another_structures_booking_is_404(self, client, api, young, action):
        other_venue = VenueFactory(offerer=OffererFactory())
        booking = booking_create(young, StockFactory(offer=OfferFactory(venue=other_venue)).pk, 1)
        if action == "keep":
            Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.USED, used_at=timezone.now())
        before = status_of(booking)
        response = api.get(booking.token) if action == "get" else api.patch(action, booking.token)
        assert response.status_code == 404
        assert response.json() == global_error("Cette contremarque n'a pas été trouvée.")
        assert status_of(booking) == before

    @pytest.mark.parametrize("action", ["get", "use"])
    def test_too_early_is_403(self, api, event_booking, action):
        response = api.get(event_booking.token) if action == "get" else api.patch("use", event_booking.token)
        assert response.status_code == 403
        [message] = response.json()["global"]
        assert message.startswith("Vous pourrez valider cette contremarque à partir du ")
        assert status_of(event_booking) == BookingStatus.CONFIRMED

    @pytest.mark.parametrize("action", ["get", "use", "keep", "cancel"])
    def test_reimbursed_is_403(self, api, book_booking, action):
        Booking.objects.filter(pk=book_booking.pk).update(status=BookingStatus.REIMBURSED)
        response = api.get(book_booking.token) if action == "get" else api.patch(action, book_booking.token)
        assert response.status_code == 403
        assert response.json() == global_error("Cette réservation a déjà été remboursée.")
        assert status_of(book_booking) == BookingStatus.REIMBURSED

    @pytest.mark.parametrize("action", ["get", "use"])
    def test_a_closed_structure_is_403(self, api, offerer, book_booking, action):
        offerer.status = OffererStatus.CLOSED
        offerer.save()
        response = api.get(book_booking.token) if action == "get" else api.patch("use", book_booking.token)
        assert response.status_code == 403
        assert response.json() == global_error(booking_errors.OffererClosed.message)
        assert status_of(book_booking) == BookingStatus.CONFIRMED

    @pytest.mark.parametrize("action", ["get", "use", "cancel"])
    def test_already_used_is_410(self, api, book_booking, action):
        assert api.patch("use", book_booking.token).status_code == 204
        response = api.get(book_booking.token) if action == "get" else api.patch(action, book_booking.token)
        assert response.status_code == 410
        assert response.json() == global_error("Cette contremarque a déjà été validée.")
        assert status_of(book_booking) == BookingStatus.USED

    @pytest.mark.parametrize("action", ["get", "use", "keep", "cancel"])
    def test_already_cancelled_is_410(self, api, book_booking, action):
        assert api.patch("cancel", book_booking.token).status_code == 204
        response = api.get(book_booking.token) if action == "get" else api.patch(action, book_booking.token)
        assert response.status_code == 410
        assert response.json() == global_error("Cette réservation a déjà été annulée.")

    def test_keeping_a_booking_not_yet_used_is_410(self, api, book_booking):
        response = api.patch("keep", book_booking.token)
        assert response.status_code == 410
        assert response.json() == global_error("Cette contremarque n'a pas encore été validée.")

    def test_too_many_requests_is_429_per_key(self, client, api, offerer, book_booking, settings, one_throttle_window):
        settings.PUBLIC_API_THROTTLE_MAX_PER_KEY = 3
        for _ in range(3):
            assert api.get("ZZZZZZ").status_code == 404
        response = api.get(book_booking.token)
        assert response.status_code == 429
        assert list(response.json()) == ["global"]
        assert 0 < int(response["Retry-After"]) <= 60
        assert api.patch("use", book_booking.token).status_code == 429
        assert status_of(book_booking) == BookingStatus.CONFIRMED
        _, other_key = apikey_create(offerer, "tests")  # another key of the same structure has its own budget
        response = client.get(f"/v2/bookings/token/{book_booking.token}", HTTP_AUTHORIZATION=f"Bearer {other_key}")
        assert response.status_code == 200


class TestFlows:
    def test_use_keep_use_then_cancel(self, api, key, book_booking, young):
        assert api.patch("use", book_booking.token).status_code == 204
        book_booking.refresh_from_db()
        assert (book_booking.status, book_booking.used_by) == (BookingStatus.USED, UsedBy.API)
        assert book_booking.used_at is not None

        assert api.patch("keep", book_booking.token).status_code == 204
        book_booking.refresh_from_db()
        assert (book_booking.status, book_booking.used_at, book_booking.used_by) == (BookingStatus.CONFIRMED, None, "")

        assert api.patch("use", book_booking.token.lower()).status_code == 204
        assert api.patch("cancel", book_booking.token).status_code == 410  # used: cannot be cancelled
        assert api.patch("keep", book_booking.token).status_code == 204

        assert young.deposits.get().spent_cents == 1250
        response = api.patch("cancel", book_booking.token)
        assert response.status_code == 204
        assert response.content == b""
        book_booking.refresh_from_db()
        assert (book_booking.status, book_booking.cancellation_reason) == (
            BookingStatus.CANCELLED,
            CancellationReason.OFFERER,
        )
        assert young.deposits.get().spent_cents == 0

        actions = list(
            AuditLogEntry.objects.filter(actor_label=f"API {key[0].prefix}")
            .order_by("id")
            .values_list("action", "data")
        )
        assert [action for action, _ in actions] == [
            "booking.used",
            "booking.unused",
            "booking.used",
            "booking.cancel_refused",
            "booking.unused",
            "booking.cancelled",
        ]
        assert actions[3][1] == {"token": book_booking.token, "refused": "ALREADY_USED"}

    def test_refused_validations_are_audited(self, api, key, event_booking):
        api.patch("use", event_booking.token)
        api.patch("use", "a\x00b")
        entries = AuditLogEntry.objects.filter(actor_label=f"API {key[0].prefix}").order_by("id")
        assert [(e.action, e.data["refused"]) for e in entries] == [
            ("booking.use_refused", "TOO_EARLY"),
            ("booking.use_refused", "UNKNOWN_TOKEN"),
        ]
        assert entries[1].data["token"] == "AB"  # what could be kept of a malformed token


class TestErrorTable:
    """One table maps every error code to its HTTP statuses."""

    def test_every_booking_error_code_is_in_the_table(self):
        codes = {
            cls.code
            for _, cls in inspect.getmembers(booking_errors, inspect.isclass)
            if issubclass(cls, DomainError) and cls is not DomainError
        }
        assert codes <= set(ERRORS)

    def test_the_contract_of_the_countermark_api(self):
        public = {code: row.public for code, row in ERRORS.items()}
        assert public["UNKNOWN_TOKEN"] == 404
        assert public["ALREADY_USED"] == public["ALREADY_CANCELLED"] == public["NOT_USED"] == 410
        assert public["TOO_EARLY"] == public["ALREADY_REIMBURSED"] == public["OFFERER_CLOSED"] == 403
        assert public["TOO_MANY_ATTEMPTS"] == 429

    def test_the_app_gets_400_for_every_booking_refusal(self):
        for code in ["INSUFFICIENT_CREDIT", "SOLD_OUT", "CONFIRMED_BOOKING", "ALREADY_USED", "NO_DEPOSIT"]:
            assert ERRORS[code].app == 400

    def test_unknown_codes_fall_back_to_400_and_keep_their_code(self):
        error = DomainError(code="SOMETHING_NEW")
        assert mapping(error) == DEFAULT
        assert app_code(error) == "SOMETHING_NEW"
