"""The Guichet: check, validate, invalidate; every refusal's French message; throttling; the audit log."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from passculture.bookings.models import Booking, BookingStatus, UsedBy
from passculture.core.models import AuditLogEntry
from passculture.offerers.models import OffererStatus
from tests.factories import (
    BeneficiaryFactory,
    BookFactory,
    BookingFactory,
    EventStockFactory,
    MembershipFactory,
    StockFactory,
    UserFactory,
    VenueFactory,
)
from tests.html import element, field_errors, is_invalid, visible_text

pytestmark = pytest.mark.django_db

DESK = reverse("pro:desk")
VALIDATE = reverse("pro:desk-validate")
INVALIDATE = reverse("pro:desk-invalidate")
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def booking(venue):
    """A duo concert booking past its cancellation limit: it may be validated."""
    stock = EventStockFactory(offer__venue=venue, offer__name="Concert de jazz", price_cents=1250)
    user = BeneficiaryFactory(first_name="Léa", last_name="Dupont")
    return BookingFactory(stock=stock, user=user, quantity=2, cancellation_limit_datetime=timezone.now() - HOUR)


def page(response) -> str:
    return response.content.decode()


def actions(**filters) -> list[tuple[str, str]]:
    entries = AuditLogEntry.objects.filter(action__startswith="booking.", **filters).order_by("id")
    return [(entry.action, entry.data.get("refused", "")) for entry in entries]


class TestCheck:
    def test_a_book_is_copies_not_places(self, pro_client, venue):
        book = BookingFactory(stock=StockFactory(offer=BookFactory(venue=venue)), used=False)
        text = visible_text(pro_client.post(DESK, {"token": book.token}))
        assert "1 exemplaire" in text and "1 place" not in text

    def test_the_page_reminds_to_check_the_id(self, pro_client):
        response = pro_client.get(DESK)
        assert response.status_code == 200
        assert "Vérifiez la pièce d'identité du bénéficiaire" in page(response)

    def test_any_case_and_spaces_show_the_booking(self, pro_client, pro, booking):
        typed = f" {booking.token[:3].lower()} {booking.token[3:]} "
        response = pro_client.post(DESK, {"token": typed})
        assert response.status_code == 200
        html = page(response)
        for text in ("Concert de jazz", "Léa Dupont", "2 places (Duo)", "25,00", "Confirmé", "Valider la contremarque"):
            assert text in html, text
        starts = timezone.localtime(booking.stock.beginning_datetime, ZoneInfo("Europe/Paris"))
        assert f"{starts:%d/%m/%Y} à {starts:%H:%M}" in html
        assert actions() == [("booking.checked", "")]
        entry = AuditLogEntry.objects.get(action="booking.checked")
        assert (entry.actor, entry.target_id, entry.data["token"]) == (pro, str(booking.pk), booking.token)

    def test_an_empty_code_is_a_form_error_not_an_attempt(self, pro_client):
        response = pro_client.post(DESK, {"token": "  -  "})
        assert "Saisissez la contremarque présentée par le bénéficiaire." in page(response)
        assert actions() == []

    @pytest.mark.parametrize("url", [DESK, VALIDATE, INVALIDATE])
    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("abc", "Une contremarque compte 6 caractères ; vous en avez saisi 3 (ABC)."),
            ("ABCDEFGH", "Une contremarque compte 6 caractères ; vous en avez saisi 8 (ABCDEFGH)."),
            ("AB0CD1", "Une contremarque ne contient que des lettres (sans I ni O) et les chiffres de 2 à 7"),
        ],
    )
    def test_a_malformed_code_says_the_expected_format(self, pro_client, url, typed, message):
        response = pro_client.post(url, {"token": typed})
        text = visible_text(response)
        assert message in text
        assert "n'a pas été trouvée" not in text
        assert actions() == []

    def test_unknown_code(self, pro_client):
        response = pro_client.post(DESK, {"token": "ZZZZZZ"})
        assert response.status_code == 404
        assert "Cette contremarque n'a pas été trouvée." in visible_text(response)
        assert actions() == [("booking.check_refused", "UNKNOWN_TOKEN")]

    def test_an_unknown_code_is_the_fields_error(self, pro_client):
        """Back in the field, a screen reader says why the countermark was refused (RGAA 11.10)."""
        response = pro_client.post(DESK, {"token": "ZZZZZZ"})
        assert is_invalid(response, "token")
        assert field_errors(response, "token") == ["Cette contremarque n'a pas été trouvée."]
        assert element(response, "#id_token").get("aria-describedby") == "id_token-desc-error"
        assert element(response, "title").text == "Erreur : Guichet — pass Culture Pro"

    def test_another_structure_code_is_unknown(self, pro_client):
        other = BookingFactory(stock__offer__venue=VenueFactory(), cancellation_limit_datetime=timezone.now() - HOUR)
        response = pro_client.post(DESK, {"token": other.token})
        assert response.status_code == 404
        assert "Concert de jazz" not in page(response)
        response = pro_client.post(VALIDATE, {"token": other.token})
        assert response.status_code == 404
        assert Booking.objects.get(pk=other.pk).status == BookingStatus.CONFIRMED

    def test_a_pending_member_cannot_use_the_structure_desk(self, client, booking, venue):
        from passculture.offerers.models import MembershipStatus

        pending = UserFactory()
        MembershipFactory(user=pending, offerer=venue.offerer, status=MembershipStatus.PENDING)
        client.force_login(pending)
        assert "Vous n'êtes membre d'aucune structure" in page(client.get(DESK))
        assert client.post(DESK, {"token": booking.token}).status_code == 404


class TestRefusals:
    @pytest.mark.parametrize(
        ("status", "message"),
        [
            (BookingStatus.USED, "Cette contremarque a déjà été validée."),
            (BookingStatus.CANCELLED, "Cette réservation a déjà été annulée."),
            (BookingStatus.REIMBURSED, "Cette réservation a déjà été remboursée."),
        ],
    )
    def test_status_refusals_on_check_and_validate(self, pro_client, booking, status, message):
        Booking.objects.filter(pk=booking.pk).update(status=status)
        response = pro_client.post(DESK, {"token": booking.token})
        assert response.status_code == 200
        html = page(response)
        assert message in html
        assert "Valider la contremarque" not in html
        assert ("Invalider" in html) is (status == BookingStatus.USED)
        response = pro_client.post(VALIDATE, {"token": booking.token})
        assert message in page(response)
        assert Booking.objects.get(pk=booking.pk).status == status

    def test_too_early_names_the_date_in_the_venue_time_zone(self, pro_client, offerer):
        reunion = VenueFactory(offerer=offerer, timezone="Indian/Reunion", department_code="974")
        limit = (timezone.now() + 2 * HOUR).replace(second=0, microsecond=0)
        local = limit.astimezone(ZoneInfo("Indian/Reunion"))  # UTC+4, no daylight saving
        assert local.utcoffset() == datetime.timedelta(hours=4)
        stock = EventStockFactory(offer__venue=reunion, beginning_datetime=limit + datetime.timedelta(hours=48))
        early = BookingFactory(stock=stock, booked_at=timezone.now(), cancellation_limit_datetime=limit)
        message = f"Vous pourrez valider cette contremarque à partir du {local:%d/%m/%Y} à {local:%H:%M}"
        response = pro_client.post(DESK, {"token": early.token})
        assert message in page(response) and "Valider la contremarque" not in page(response)
        assert message in page(pro_client.post(VALIDATE, {"token": early.token}))
        assert Booking.objects.get(pk=early.pk).status == BookingStatus.CONFIRMED
        assert actions() == [("booking.check_refused", "TOO_EARLY"), ("booking.use_refused", "TOO_EARLY")]
        with time_machine.travel(limit + datetime.timedelta(minutes=1)):
            response = pro_client.post(VALIDATE, {"token": early.token})
        assert (response.status_code, response.url) == (302, DESK)
        assert Booking.objects.get(pk=early.pk).status == BookingStatus.USED

    def test_a_closed_structure_cannot_validate(self, pro_client, booking, offerer):
        offerer.status = OffererStatus.CLOSED
        offerer.save()
        message = "Cette structure est fermée : ses contremarques ne peuvent plus être validées."
        assert message in page(pro_client.post(DESK, {"token": booking.token}))
        assert message in page(pro_client.post(VALIDATE, {"token": booking.token}))


class TestValidateAndInvalidate:
    def test_validate_then_a_second_validation_is_refused(self, pro_client, pro, booking):
        response = pro_client.post(VALIDATE, {"token": booking.token.lower()}, follow=True)
        assert response.redirect_chain == [(DESK, 302)]
        html = page(response)
        assert f"Contremarque {booking.token} validée" in html and "2 places (Duo) pour Léa Dupont" in html
        booking.refresh_from_db()
        assert (booking.status, booking.used_by) == (BookingStatus.USED, UsedBy.OFFERER)
        response = pro_client.post(VALIDATE, {"token": booking.token})
        assert response.status_code == 200
        assert "Cette contremarque a déjà été validée." in page(response)
        assert booking.offer.name in page(response) and "Léa Dupont" in page(response)  # what was validated
        assert actions() == [("booking.used", ""), ("booking.use_refused", "ALREADY_USED")]
        entry = AuditLogEntry.objects.get(action="booking.used")
        assert entry.actor == pro

    def test_invalidate_puts_it_back(self, pro_client, booking):
        Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.USED, used_at=timezone.now(), used_by="API")
        response = pro_client.post(INVALIDATE, {"token": booking.token}, follow=True)
        assert "La validation de la contremarque" in page(response)
        booking.refresh_from_db()
        assert (booking.status, booking.used_at, booking.used_by) == (BookingStatus.CONFIRMED, None, "")
        response = pro_client.post(INVALIDATE, {"token": booking.token})
        assert "Cette contremarque n'a pas encore été validée." in visible_text(response)
        assert booking.offer.name in page(response)
        assert actions() == [("booking.unused", ""), ("booking.unuse_refused", "NOT_USED")]

    def test_a_reimbursed_booking_cannot_be_invalidated(self, pro_client, booking):
        Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.REIMBURSED)
        response = pro_client.post(INVALIDATE, {"token": booking.token})
        assert "Cette réservation a déjà été remboursée." in page(response)
        assert Booking.objects.get(pk=booking.pk).status == BookingStatus.REIMBURSED

    def test_get_is_not_allowed_on_actions(self, pro_client, booking):
        assert pro_client.get(VALIDATE, {"token": booking.token}).status_code == 405
        assert pro_client.get(INVALIDATE, {"token": booking.token}).status_code == 405


class TestThrottling:
    MESSAGE = "Trop de contremarques saisies en peu de temps. Patientez une minute avant de réessayer."

    def test_per_user_after_n_attempts(self, pro_client, booking, settings, one_throttle_window):
        settings.DESK_THROTTLE_MAX_PER_USER = 3
        for _ in range(3):
            assert pro_client.post(DESK, {"token": "AAAAAA"}).status_code == 404
        response = pro_client.post(DESK, {"token": booking.token})
        assert response.status_code == 429
        assert self.MESSAGE in page(response) and "Concert de jazz" not in page(response)
        response = pro_client.post(VALIDATE, {"token": booking.token})
        assert response.status_code == 429
        assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
        assert actions()[-2:] == [
            ("booking.check_refused", "TOO_MANY_ATTEMPTS"),
            ("booking.use_refused", "TOO_MANY_ATTEMPTS"),
        ]

    def test_the_window_passes(self, pro_client, booking, settings):
        settings.DESK_THROTTLE_MAX_PER_USER = 1
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            assert pro_client.post(DESK, {"token": booking.token}).status_code == 200
            assert pro_client.post(DESK, {"token": booking.token}).status_code == 429
            traveller.shift(datetime.timedelta(seconds=61))
            assert pro_client.post(DESK, {"token": booking.token}).status_code == 200

    def test_per_ip_across_users(self, client, booking, offerer, settings, one_throttle_window):
        settings.DESK_THROTTLE_MAX_PER_IP = 2
        first, second = UserFactory(), UserFactory()
        for user in (first, second):
            MembershipFactory(user=user, offerer=offerer)
        client.force_login(first)
        for _ in range(2):
            client.post(DESK, {"token": booking.token}, REMOTE_ADDR="203.0.113.7")
        client.force_login(second)
        assert client.post(DESK, {"token": booking.token}, REMOTE_ADDR="203.0.113.7").status_code == 429
        assert client.post(DESK, {"token": booking.token}, REMOTE_ADDR="203.0.113.8").status_code == 200
