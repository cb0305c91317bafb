"""Staff and bookings: search any booking, read its whole story, cancel it (reason BACKOFFICE)."""

import datetime
import html
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from passculture.beneficiaries.models import Deposit
from passculture.bookings.models import Booking, BookingStatus, CancellationReason, UsedBy
from passculture.bookings.services import booking_create
from passculture.core.models import AuditLogEntry
from passculture.offers.models import Stock
from tests import factories
from tests.html import links, visible_text

SEARCH = reverse("backoffice:booking-search")
WARNING = "L'annulation rend le crédit au jeune, libère la place et prévient les deux parties par email."


def detail(booking):
    return reverse("backoffice:booking-detail", args=[booking.pk])


def cancel(booking):
    return reverse("backoffice:booking-cancel", args=[booking.pk])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def beneficiary(db):
    return factories.BeneficiaryFactory(email="lea@example.net", last_name="Petit")


@pytest.fixture
def stock(venue):
    return factories.EventStockFactory(offer__venue=venue, offer__name="Concert de jazz", price_cents=1500)


@pytest.fixture
def booking(beneficiary, stock):
    """A duo booking made through the service: 30 € spent, 2 places taken."""
    return booking_create(beneficiary, stock.pk, 2)


def _assert_nothing_changed(booking):
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert Deposit.objects.get(pk=booking.deposit_id).spent_cents == 3000
    assert Stock.objects.get(pk=booking.stock_id).booked_quantity == 2
    assert not AuditLogEntry.objects.filter(action="booking.cancelled").exists()


# --- Access ----------------------------------------------------------------------------------------------

PAGES = [("backoffice:booking-search", False), ("backoffice:booking-detail", True)]
ACTIONS = [("backoffice:booking-cancel", True)]


def _url(name, with_pk, booking):
    return reverse(name, args=[booking.pk]) if with_pk else reverse(name)


class TestAccess:
    @pytest.mark.parametrize(("name", "with_pk"), PAGES + ACTIONS)
    def test_anonymous_is_sent_to_login(self, client, booking, name, with_pk):
        url = _url(name, with_pk, booking)
        response = client.post(url) if (name, with_pk) in ACTIONS else client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account:login')}?next={quote(url)}"
        _assert_nothing_changed(booking)

    @pytest.mark.parametrize(("name", "with_pk"), PAGES + ACTIONS)
    def test_pro_gets_404_even_for_a_booking_of_their_structure(self, client, booking, name, with_pk):
        member = factories.UserFactory()
        factories.MembershipFactory(user=member, offerer=booking.offer.venue.offerer)
        client.force_login(member)
        url = _url(name, with_pk, booking)
        assert client.get(url).status_code == 404
        assert client.post(url, {"cancel-comment": "x"}).status_code == 404
        _assert_nothing_changed(booking)

    def test_the_beneficiary_gets_404(self, client, booking):
        client.force_login(booking.user)
        assert client.get(detail(booking)).status_code == 404
        assert client.post(cancel(booking), {"cancel-comment": "x"}).status_code == 404
        _assert_nothing_changed(booking)

    @pytest.mark.parametrize(("name", "with_pk"), PAGES)
    def test_staff_sees_every_page(self, staff_client, booking, name, with_pk):
        response = staff_client.get(_url(name, with_pk, booking))
        assert response.status_code == 200
        assert "Back office" in response.text
        assert SEARCH in response.text  # in the navigation

    def test_cancel_refuses_get(self, staff_client, booking):
        assert staff_client.get(cancel(booking)).status_code == 405
        _assert_nothing_changed(booking)

    def test_unknown_bookings_are_404(self, staff_client, db):
        assert staff_client.get(reverse("backoffice:booking-detail", args=[999999])).status_code == 404
        response = staff_client.post(reverse("backoffice:booking-cancel", args=[999999]), {"cancel-comment": "x"})
        assert response.status_code == 404


# --- Search ----------------------------------------------------------------------------------------------


class TestSearch:
    @pytest.mark.parametrize("q", ["token", "lea@example", "CONCERT DE", "Léa Petit"])
    def test_finds_a_booking_by_countermark_email_offer_or_name(self, staff_client, booking, q):
        other = factories.EventStockFactory(offer__venue=factories.VenueFactory(), offer__name="Exposition")
        booking_create(factories.BeneficiaryFactory(email="sam@example.net", first_name="Sam"), other.pk)
        q = f"  {booking.token.lower()} " if q == "token" else q

        response = staff_client.get(SEARCH, {"q": q})

        assert list(response.context["page"]) == [booking]
        venue = booking.offer.venue
        assert booking.token in response.text
        assert "Réservée" in response.text  # the status
        assert "Concert de jazz" in response.text and "(Duo)" in response.text
        assert venue.name in response.text and venue.offerer.name in response.text
        assert "30,00\xa0€" in response.text
        assert detail(booking) in response.text
        assert reverse("backoffice:beneficiary-detail", args=[booking.user_id]) in response.text
        assert reverse("backoffice:offerer-detail", args=[venue.offerer_id]) in response.text

    def test_filters_on_the_status(self, staff_client, booking, venue):
        used = booking_create(
            factories.BeneficiaryFactory(email="sam@example.net"),
            factories.EventStockFactory(offer__venue=venue, offer__name="Concert rock").pk,
        )
        Booking.objects.filter(pk=used.pk).update(status=BookingStatus.USED, used_at=timezone.now())
        response = staff_client.get(SEARCH, {"q": "concert", "statut": "USED"})
        assert list(response.context["page"]) == [used]
        response = staff_client.get(SEARCH, {"statut": "CONFIRMED"})
        assert list(response.context["page"]) == [booking]

    def test_shows_nothing_before_a_search_and_says_when_nothing_matches(self, staff_client, booking):
        response = staff_client.get(SEARCH)
        assert not response.context["searched"]
        assert booking.token not in response.text
        assert "Saisissez une recherche" in response.text
        response = staff_client.get(SEARCH, {"q": "introuvable"})
        assert "Aucune réservation trouvée." in response.text

    def test_an_unknown_status_is_ignored(self, staff_client, booking):
        response = staff_client.get(SEARCH, {"q": booking.token, "statut": "NOPE"})
        assert response.status_code == 200
        assert list(response.context["page"]) == []  # an invalid form searches nothing

    def test_pagination_keeps_the_search(self, staff_client, db):
        venue = factories.VenueFactory()
        for n in range(27):
            booking_create(
                factories.BeneficiaryFactory(email=f"many{n}@example.net"),
                factories.EventStockFactory(offer__venue=venue, offer__name=f"Concert {n}").pk,
            )
        first = staff_client.get(SEARCH, {"q": "many"})
        assert len(first.context["page"]) == 25
        assert any("q=many&page=2" in href for href in links(first))
        assert len(staff_client.get(SEARCH, {"q": "many", "page": 2}).context["page"]) == 2

    def test_query_count_does_not_grow_with_the_results(self, staff_client, db):
        def add(n, start):
            for i in range(start, start + n):
                stock = factories.EventStockFactory(offer__venue=factories.VenueFactory(), offer__name=f"Concert {i}")
                booking_create(factories.BeneficiaryFactory(email=f"load{i}@example.net"), stock.pk)

        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert staff_client.get(SEARCH, {"q": "load"}).status_code == 200
            return len(captured)

        add(2, 0)
        few = queries()
        add(15, 2)
        assert queries() == few
        assert few <= 5


# --- One booking -----------------------------------------------------------------------------------------


class TestDetail:
    def test_shows_amounts_dates_in_the_venue_time_zone_and_the_audit_trail(self, staff_client, beneficiary, offerer):
        reunion = factories.VenueFactory(
            offerer=offerer, timezone="Indian/Reunion", department_code="974", postal_code="97400"
        )
        starts_at = (timezone.now() + datetime.timedelta(days=10)).replace(hour=16, minute=0, second=0, microsecond=0)
        booking = booking_create(
            beneficiary,
            factories.EventStockFactory(offer__venue=reunion, beginning_datetime=starts_at, price_cents=1500).pk,
            2,
        )

        response = staff_client.get(detail(booking))

        text = response.text
        assert booking.token in text
        assert "1500" not in text and "15,00\xa0€" in text and "30,00\xa0€" in text  # unit price and total
        assert "2 places (Duo)" in text
        assert "Indian/Reunion" in text
        assert f"{starts_at:%d/%m/%Y} à 20:00" in text  # 16:00 UTC is 20:00 in La Réunion
        limit = booking.cancellation_limit_datetime.astimezone(ZoneInfo("Indian/Reunion"))
        assert f"{limit:%d/%m/%Y} à {limit:%H:%M}" in text
        assert "Crédit total uniquement" in text  # an event counts toward the total only
        assert "Léa Petit" in text and beneficiary.email in text and beneficiary.phone in text
        assert reverse("backoffice:offer-detail", args=[booking.offer_id]) in text
        assert "booking.created" in text
        assert html.escape(WARNING) in text
        assert response.context["can_cancel"]

    def test_shows_who_validated_it_and_when(self, staff_client, booking):
        used_at = timezone.now() - datetime.timedelta(hours=1)
        Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.USED, used_at=used_at, used_by=UsedBy.OFFERER)
        response = staff_client.get(detail(booking))
        local = used_at.astimezone(ZoneInfo("Europe/Paris"))
        assert f"{local:%d/%m/%Y} à {local:%H:%M} — Structure (Guichet)" in response.text
        assert response.context["can_cancel"]  # staff may still cancel a validated booking
        assert "Cette contremarque a déjà été validée" in response.text

    def test_a_physical_good_shows_its_withdrawal_deadline_and_cap(self, staff_client, beneficiary, venue):
        stock = factories.StockFactory(offer=factories.OfferFactory(venue=venue, name="Le Petit Prince"))
        booking = booking_create(beneficiary, stock.pk)
        response = staff_client.get(detail(booking))
        assert "À retirer avant le" in response.text
        assert "Plafond des biens physiques" in response.text

    def test_a_cancelled_booking_shows_the_reason_and_no_cancel_button(self, staff_client, booking):
        staff_client.post(cancel(booking), {"cancel-comment": "Doublon signalé par la structure"})
        response = staff_client.get(detail(booking))
        assert "Annulée par le pass Culture" in response.text
        assert "Doublon signalé par la structure" in response.text
        assert not response.context["can_cancel"]
        assert cancel(booking) not in response.text


# --- Cancellation ----------------------------------------------------------------------------------------


class TestCancel:
    def test_restores_credit_and_place_emails_both_sides_and_audits(
        self, staff_client, staff, booking, django_capture_on_commit_callbacks, mailoutbox
    ):
        deposit = Deposit.objects.get(pk=booking.deposit_id)
        assert deposit.spent_cents == 3000

        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(cancel(booking), {"cancel-comment": "Fraude avérée"}, follow=True)

        booking.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED
        assert booking.cancellation_reason == CancellationReason.BACKOFFICE
        assert booking.cancelled_at is not None
        deposit.refresh_from_db()
        assert (deposit.spent_cents, deposit.physical_spent_cents, deposit.digital_spent_cents) == (0, 0, 0)
        assert Stock.objects.get(pk=booking.stock_id).booked_quantity == 0
        entry = AuditLogEntry.objects.get(action="booking.cancelled", target_id=str(booking.pk))
        assert entry.actor == staff
        assert entry.data == {"reason": "BACKOFFICE", "comment": "Fraude avérée"}
        recipients = sorted(address for message in mailoutbox for address in message.to)
        assert recipients == sorted([booking.user.email, booking.offer.notification_email])
        assert response.redirect_chain[-1][0] == detail(booking)
        assert messages_of(response) == [
            f"La réservation {booking.token} a été annulée : le crédit est rendu au jeune, la place est libérée "
            "et les deux parties sont prévenues par email."
        ]

    def test_a_validated_booking_can_be_cancelled_by_staff(self, staff_client, booking):
        Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.USED, used_at=timezone.now())
        staff_client.post(cancel(booking), {"cancel-comment": "Séance annulée"})
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED
        assert Deposit.objects.get(pk=booking.deposit_id).spent_cents == 0

    @pytest.mark.parametrize("comment", ["", "   "])
    def test_the_reason_is_required(self, staff_client, booking, comment):
        response = staff_client.post(cancel(booking), {"cancel-comment": comment})
        assert response.status_code == 400
        assert "Indiquez le motif de l'annulation" in visible_text(response)
        assert messages_of(response) == ["La réservation n'a pas été annulée : corrigez le formulaire ci-dessous."]
        _assert_nothing_changed(booking)

    def test_cancelling_twice_gives_back_once(self, staff_client, booking):
        staff_client.post(cancel(booking), {"cancel-comment": "Fraude"}, follow=True)
        response = staff_client.post(cancel(booking), {"cancel-comment": "Encore"}, follow=True)
        assert messages_of(response) == ["Cette réservation a déjà été annulée."]
        assert Deposit.objects.get(pk=booking.deposit_id).spent_cents == 0
        assert Stock.objects.get(pk=booking.stock_id).booked_quantity == 0
        assert AuditLogEntry.objects.filter(action="booking.cancelled").count() == 1

    def test_a_reimbursed_booking_is_refused(self, staff_client, booking):
        Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.REIMBURSED, reimbursed_at=timezone.now())
        response = staff_client.post(cancel(booking), {"cancel-comment": "Trop tard"}, follow=True)
        assert messages_of(response) == ["Cette réservation a déjà été remboursée."]
        booking.refresh_from_db()
        assert booking.status == BookingStatus.REIMBURSED
        assert not response.context["can_cancel"]
