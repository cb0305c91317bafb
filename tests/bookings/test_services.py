"""Booking, cancelling, the desk: credit and places are exact, every refusal has its code."""

import datetime

import pytest
import time_machine
from django.db.models.sql import compiler
from django.utils import timezone

from passculture.beneficiaries.models import Deposit
from passculture.bookings import errors, rules, selectors, services
from passculture.bookings.models import Booking, BookingStatus
from passculture.core.audit import audit_trail
from passculture.core.models import AuditLogEntry
from passculture.offerers.models import OffererStatus
from passculture.offers.models import Stock
from tests.factories import BookFactory, EventStockFactory, OfferFactory, StockFactory

pytestmark = pytest.mark.django_db


def remaining(user) -> int:
    return Deposit.objects.get(user=user).remaining_cents


def booked(stock) -> int:
    return Stock.objects.get(pk=stock.pk).booked_quantity


class TestBookingCreate:
    def test_a_duo_booking_debits_twice_the_price_and_takes_two_places(
        self, beneficiary, event_stock, django_capture_on_commit_callbacks, mailoutbox
    ):
        with django_capture_on_commit_callbacks(execute=True):
            booking = services.booking_create(beneficiary, event_stock.pk, quantity=2)
        assert (booking.quantity, booking.total_cents, booking.status) == (2, 3000, BookingStatus.CONFIRMED)
        assert rules.is_well_formed_token(booking.token)
        assert remaining(beneficiary) == 50000 - 3000
        assert booked(event_stock) == 2
        recipients = sorted(m.to[0] for m in mailoutbox)
        assert recipients == sorted([beneficiary.email, event_stock.offer.venue.booking_email])
        offerer_mail = next(m for m in mailoutbox if m.to == [event_stock.offer.venue.booking_email])
        for detail in (beneficiary.first_name, beneficiary.last_name, beneficiary.email, booking.token):
            assert detail in offerer_mail.body
        assert audit_trail(booking).first().action == "booking.created"

    def test_a_free_offer_debits_nothing(self, beneficiary, venue):
        stock = EventStockFactory(offer__venue=venue, price_cents=0)
        services.booking_create(beneficiary, stock.pk)
        assert remaining(beneficiary) == 50000

    def test_the_cancellation_limit_follows_the_rule(self, beneficiary, venue):
        stock = EventStockFactory(offer__venue=venue, starts_in=datetime.timedelta(days=3))
        booking = services.booking_create(beneficiary, stock.pk)
        assert booking.cancellation_limit_datetime == stock.beginning_datetime - datetime.timedelta(hours=48)
        soon = EventStockFactory(offer__venue=venue, offer__name="Demain", starts_in=datetime.timedelta(days=1))
        with time_machine.travel(timezone.now(), tick=False):
            booking = services.booking_create(beneficiary, soon.pk)
            assert booking.cancellation_limit_datetime == timezone.now()  # starts in 24 h: no window left

    def test_a_physical_good_must_be_collected_within_30_days(self, beneficiary, book_stock):
        booking = services.booking_create(beneficiary, book_stock.pk)
        assert booking.cap == "PHYSICAL"
        delta = booking.expiration_datetime - timezone.now()
        assert datetime.timedelta(days=29, hours=23) < delta <= datetime.timedelta(days=30)

    def refused(self, user, stock, quantity=1):
        before = (remaining(user) if Deposit.objects.filter(user=user).exists() else None, booked(stock))
        with pytest.raises(errors.DomainError) as exc_info:
            services.booking_create(user, stock.pk, quantity)
        after = (remaining(user) if Deposit.objects.filter(user=user).exists() else None, booked(stock))
        assert before == after  # a failed booking leaves credit and stock untouched
        return exc_info.value.code

    def test_no_deposit(self, user, event_stock):
        assert self.refused(user, event_stock) == "NO_DEPOSIT"

    def test_an_expired_deposit_counts_as_none(self, beneficiary, event_stock):
        Deposit.objects.filter(user=beneficiary).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
        assert self.refused(beneficiary, event_stock) == "NO_DEPOSIT"

    @pytest.mark.parametrize(
        "change",
        ["offer_pending", "offer_inactive", "offerer_not_validated", "stock_deleted", "limit_passed", "started"],
    )
    def test_not_bookable(self, beneficiary, event_stock, change):
        offer = event_stock.offer
        if change == "offer_pending":
            offer.validation = "PENDING"
            offer.save()
        elif change == "offer_inactive":
            offer.is_active = False
            offer.save()
        elif change == "offerer_not_validated":
            offer.venue.offerer.status = OffererStatus.NEW
            offer.venue.offerer.save()
        elif change == "stock_deleted":
            Stock.objects.filter(pk=event_stock.pk).update(is_soft_deleted=True)
        elif change == "limit_passed":
            Stock.objects.filter(pk=event_stock.pk).update(booking_limit_datetime=timezone.now())
        elif change == "started":
            now = timezone.now()
            Stock.objects.filter(pk=event_stock.pk).update(beginning_datetime=now, booking_limit_datetime=now)
        assert self.refused(beneficiary, event_stock) == "STOCK_NOT_BOOKABLE"

    def test_sold_out(self, beneficiary, venue):
        stock = EventStockFactory(offer__venue=venue, quantity=1)
        assert self.refused(beneficiary, stock, quantity=2) == "SOLD_OUT"
        Stock.objects.filter(pk=stock.pk).update(booked_quantity=1)
        assert self.refused(beneficiary, stock) == "SOLD_OUT"

    def test_two_places_only_on_a_duo_offer(self, beneficiary, book_stock, event_stock):
        assert self.refused(beneficiary, book_stock, quantity=2) == "QUANTITY_NOT_ALLOWED"
        assert self.refused(beneficiary, event_stock, quantity=3) == "QUANTITY_NOT_ALLOWED"

    def test_one_active_booking_per_offer(self, beneficiary, event_stock):
        booking = services.booking_create(beneficiary, event_stock.pk)
        assert self.refused(beneficiary, event_stock) == "ALREADY_BOOKED"
        services.booking_cancel_by_beneficiary(beneficiary, booking.pk)
        services.booking_create(beneficiary, event_stock.pk)  # allowed again once cancelled

    def test_a_second_booking_is_refused_as_such_even_when_the_credit_would_not_suffice(self, beneficiary, venue):
        stock = EventStockFactory(offer__venue=venue, price_cents=1500)
        services.booking_create(beneficiary, stock.pk)
        Deposit.objects.filter(user=beneficiary).update(spent_cents=49000)
        assert self.refused(beneficiary, stock) == "ALREADY_BOOKED"  # the guide's order: before the credit

    def test_a_countermark_already_taken_is_drawn_again(self, beneficiary, venue, monkeypatch):
        first = services.booking_create(
            beneficiary, EventStockFactory(offer__venue=venue, offer__name="Un", price_cents=1500).pk
        )
        draws = iter([first.token, first.token, "ZZZ222"])
        monkeypatch.setattr(rules, "generate_token", lambda: next(draws))
        stock = EventStockFactory(offer__venue=venue, offer__name="Deux", price_cents=1500)

        booking = services.booking_create(beneficiary, stock.pk)

        assert booking.token == "ZZZ222"
        assert remaining(beneficiary) == 50000 - 1500 - 1500  # debited once, not once per draw
        assert booked(stock) == 1
        assert Booking.objects.filter(user=beneficiary).count() == 2

    def test_insufficient_credit(self, beneficiary, venue):
        Deposit.objects.filter(user=beneficiary).update(spent_cents=49000)
        stock = EventStockFactory(offer__venue=venue, price_cents=1500)
        assert self.refused(beneficiary, stock) == "INSUFFICIENT_CREDIT"

    def test_physical_cap(self, beneficiary, venue):
        Deposit.objects.filter(user=beneficiary).update(spent_cents=19500, physical_spent_cents=19500)
        stock = StockFactory(offer=OfferFactory(venue=venue, extra_data={"ean": "9782070612758"}), price_cents=600)
        assert self.refused(beneficiary, stock) == "PHYSICAL_CAP_REACHED"
        concert = EventStockFactory(offer__venue=venue, offer__name="Concert", price_cents=600)
        services.booking_create(beneficiary, concert.pk)  # events count toward the total only

    def test_digital_cap(self, beneficiary, offerer):
        Deposit.objects.filter(user=beneficiary).update(spent_cents=19900, digital_spent_cents=19900)
        digital = offerer.venues.get(is_virtual=True)
        stock = StockFactory(
            offer=OfferFactory(venue=digital, subcategory_id="ABO_PRESSE_EN_LIGNE", url="https://presse.example"),
            price_cents=200,
        )
        assert self.refused(beneficiary, stock) == "DIGITAL_CAP_REACHED"


class TestCancellation:
    def test_the_beneficiary_cancels_within_48_hours_and_gets_everything_back(
        self, beneficiary, event_stock, django_capture_on_commit_callbacks, mailoutbox
    ):
        booking = services.booking_create(beneficiary, event_stock.pk, 2)
        with django_capture_on_commit_callbacks(execute=True):
            services.booking_cancel_by_beneficiary(beneficiary, booking.pk)
        booking.refresh_from_db()
        assert (booking.status, booking.cancellation_reason) == ("CANCELLED", "BENEFICIARY")
        assert remaining(beneficiary) == 50000
        assert booked(event_stock) == 0
        assert {m.to[0] for m in mailoutbox} == {beneficiary.email, event_stock.offer.venue.booking_email}

    def test_after_the_limit_the_booking_is_confirmed(self, beneficiary, event_stock):
        booking = services.booking_create(beneficiary, event_stock.pk)
        too_late = time_machine.travel(booking.cancellation_limit_datetime + datetime.timedelta(seconds=1))
        with too_late, pytest.raises(errors.ConfirmedBooking):
            services.booking_cancel_by_beneficiary(beneficiary, booking.pk)

    def test_cancelling_twice_or_a_used_booking_is_refused(self, beneficiary, event_stock, offerer, pro):
        booking = services.booking_create(beneficiary, event_stock.pk)
        services.booking_cancel_by_beneficiary(beneficiary, booking.pk)
        with pytest.raises(errors.AlreadyCancelled):
            services.booking_cancel_by_beneficiary(beneficiary, booking.pk)

    def test_another_beneficiary_cannot_cancel(self, beneficiary, event_stock, user):
        booking = services.booking_create(beneficiary, event_stock.pk)
        with pytest.raises(Booking.DoesNotExist):
            services.booking_cancel_by_beneficiary(user, booking.pk)

    def test_the_structure_cancels_before_use_with_a_reason(self, beneficiary, event_stock, pro):
        booking = services.booking_create(beneficiary, event_stock.pk)
        services.booking_cancel_by_offerer(booking.pk, pro, "Concert annulé")
        booking.refresh_from_db()
        assert booking.cancellation_reason == "OFFERER"
        assert remaining(beneficiary) == 50000

    def test_staff_cancel_needs_a_reason(self, beneficiary, event_stock, staff):
        booking = services.booking_create(beneficiary, event_stock.pk)
        with pytest.raises(errors.ReasonRequired):
            services.booking_cancel_by_staff(booking.pk, staff, "")
        services.booking_cancel_by_staff(booking.pk, staff, "Doublon")
        booking.refresh_from_db()
        assert booking.cancellation_reason == "BACKOFFICE"

    def test_deleting_a_stock_cancels_its_bookings(self, beneficiary, event_stock, pro):
        from passculture.offers.services import stock_delete

        booking = services.booking_create(beneficiary, event_stock.pk)
        assert stock_delete(event_stock.pk, pro) == 1
        booking.refresh_from_db()
        assert booking.status == "CANCELLED"
        assert remaining(beneficiary) == 50000


def test_booking_and_cancelling_cost_a_fixed_number_of_statements(
    beneficiary, event_stock, pro, django_assert_num_queries, is_postgres
):
    """Places and credit are written by the offers and beneficiaries services with no statement more: a booking locks
    the stock and the deposit, inserts the booking, counts the place, debits the credit, audits (8 with the
    savepoints; 7 on PostgreSQL, where the statement that locks the stock counts the place); a cancellation locks
    stock, booking and deposit, gives back credit and place, audits (10)."""
    first = services.booking_create(beneficiary, event_stock.pk)  # the parameters are read once, then cached
    services.booking_cancel_by_beneficiary(beneficiary, first.pk)
    with django_assert_num_queries(7 if is_postgres else 8):
        booking = services.booking_create(beneficiary, event_stock.pk)
    with django_assert_num_queries(10):
        services.booking_cancel_by_offerer(booking.pk, pro, "Concert annulé")
    assert remaining(beneficiary) == 50000 and booked(event_stock) == 0


def test_a_booking_builds_no_sql_once_its_statements_are_built(beneficiary, venue, book_stock, monkeypatch):
    """The booking's statements (stock and credit locked, booking inserted, places and credit counted, audit) are
    built once per process (``core.sql``): no later booking compiles a queryset (issue 10 §3)."""
    services.booking_create(beneficiary, book_stock.pk)  # builds them, reads the parameters and content types
    other_book = StockFactory(offer=BookFactory(venue=venue), price_cents=1500)
    compiled = []
    for compiler_class in (
        compiler.SQLCompiler,
        compiler.SQLInsertCompiler,
        compiler.SQLUpdateCompiler,
        compiler.SQLDeleteCompiler,
        compiler.SQLAggregateCompiler,
    ):
        as_sql = compiler_class.as_sql

        def counted(self, *args, as_sql=as_sql, **kwargs):
            compiled.append(type(self).__name__)
            return as_sql(self, *args, **kwargs)

        monkeypatch.setattr(compiler_class, "as_sql", counted)

    booking = services.booking_create(beneficiary, other_book.pk)

    assert compiled == []
    monkeypatch.undo()
    assert (booking.status, booked(other_book), remaining(beneficiary)) == (BookingStatus.CONFIRMED, 1, 50000 - 3000)
    stored = Booking.objects.get(pk=booking.pk)
    assert (stored.token, stored.expiration_datetime, stored.created_at) == (
        booking.token,
        booking.expiration_datetime,
        booking.created_at,
    )
    assert audit_trail(booking).get().data == {"stock": other_book.pk, "quantity": 1, "amount_cents": 1500}


class TestDesk:
    def test_validate_once_after_the_cancellation_window(self, beneficiary, event_stock, offerer, pro):
        booking = services.booking_create(beneficiary, event_stock.pk)
        with time_machine.travel(booking.cancellation_limit_datetime + datetime.timedelta(minutes=1)):
            used = services.booking_validate_countermark(f" {booking.token.lower()} ", [offerer.pk], pro)
            assert (used.status, used.used_by) == ("USED", "OFFERER")
            with pytest.raises(errors.AlreadyUsed):
                services.booking_validate_countermark(booking.token, [offerer.pk], pro)
        actions = list(AuditLogEntry.objects.filter(action__startswith="booking.use").values_list("action", flat=True))
        assert sorted(actions) == ["booking.use_refused", "booking.used"]

    def test_too_early_names_the_date_in_the_venue_time_zone(self, beneficiary, venue, offerer, pro):
        venue.timezone, venue.department_code = "Indian/Reunion", "974"
        venue.save()
        stock = EventStockFactory(offer__venue=venue, starts_in=datetime.timedelta(days=10))
        booking = services.booking_create(beneficiary, stock.pk)
        with pytest.raises(errors.TooEarlyToValidate) as exc_info:
            services.booking_validate_countermark(booking.token, [offerer.pk], pro)
        local = booking.cancellation_limit_datetime.astimezone(datetime.timezone(datetime.timedelta(hours=4)))
        assert f"à partir du {local:%d/%m/%Y} à {local:%H:%M}" in exc_info.value.message

    def test_a_thing_can_be_validated_at_once(self, beneficiary, book_stock, offerer, pro):
        booking = services.booking_create(beneficiary, book_stock.pk)
        assert services.booking_validate_countermark(booking.token, [offerer.pk], pro).status == "USED"

    def test_another_structures_countermark_is_unknown(self, beneficiary, book_stock, pro):
        booking = services.booking_create(beneficiary, book_stock.pk)
        with pytest.raises(errors.UnknownToken):
            services.booking_validate_countermark(booking.token, [], pro)
        assert AuditLogEntry.objects.filter(action="booking.use_refused", data__refused="UNKNOWN_TOKEN").exists()

    def test_cancelled_reimbursed_and_closed_are_refused(self, beneficiary, book_stock, offerer, pro):
        booking = services.booking_create(beneficiary, book_stock.pk)
        Booking.objects.filter(pk=booking.pk).update(status="REIMBURSED")
        with pytest.raises(errors.AlreadyReimbursed):
            services.booking_validate_countermark(booking.token, [offerer.pk], pro)
        Booking.objects.filter(pk=booking.pk).update(status="CANCELLED")
        with pytest.raises(errors.AlreadyCancelled):
            services.booking_validate_countermark(booking.token, [offerer.pk], pro)
        Booking.objects.filter(pk=booking.pk).update(status="CONFIRMED")
        offerer.status = OffererStatus.CLOSED
        offerer.save()
        with pytest.raises(errors.OffererClosed):
            services.booking_validate_countermark(booking.token, [offerer.pk], pro)

    def test_every_check_is_audited_and_a_refusal_carries_the_booking_it_found(
        self, beneficiary, event_stock, offerer, pro
    ):
        booking = services.booking_create(beneficiary, event_stock.pk)
        with pytest.raises(errors.TooEarlyToValidate) as too_early:
            services.booking_check_countermark(booking.token.lower(), [offerer.pk], pro)
        assert too_early.value.subject == booking
        with pytest.raises(errors.UnknownToken) as unknown:
            services.booking_check_countermark(booking.token, [], pro)
        assert unknown.value.subject is None
        with time_machine.travel(booking.cancellation_limit_datetime + datetime.timedelta(minutes=1)):
            assert services.booking_check_countermark(booking.token, [offerer.pk], pro) == booking
        entries = AuditLogEntry.objects.filter(action__startswith="booking.check").order_by("pk")
        assert [(e.action, e.data.get("refused")) for e in entries] == [
            ("booking.check_refused", "TOO_EARLY"),
            ("booking.check_refused", "UNKNOWN_TOKEN"),
            ("booking.checked", None),
        ]
        booking.refresh_from_db()
        assert booking.status == "CONFIRMED"  # a check changes nothing

    def test_invalidate_puts_a_used_booking_back(self, beneficiary, book_stock, offerer, pro):
        booking = services.booking_create(beneficiary, book_stock.pk)
        with pytest.raises(errors.NotUsed):
            services.booking_invalidate_countermark(booking.token, [offerer.pk], pro)
        services.booking_validate_countermark(booking.token, [offerer.pk], pro)
        assert services.booking_invalidate_countermark(booking.token, [offerer.pk], pro).status == "CONFIRMED"

    def test_a_countermark_that_cannot_exist_is_unknown_without_a_query(self, pro, django_assert_num_queries):
        with django_assert_num_queries(0), pytest.raises(errors.UnknownToken):
            selectors.find_by_token("AB1", [1])

    def test_the_ticketing_cancel_by_countermark_audits_its_refusals(self, beneficiary, book_stock, offerer):
        booking = services.booking_create(beneficiary, book_stock.pk)
        services.booking_validate_countermark(booking.token, [offerer.pk], "API abc")
        with pytest.raises(errors.AlreadyUsed) as used:
            services.booking_cancel_by_offerer_token(booking.token.lower(), [offerer.pk], "API abc", "Annulé")
        assert used.value.subject == booking
        with pytest.raises(errors.UnknownToken):
            services.booking_cancel_by_offerer_token("?", [offerer.pk], "API abc")
        entries = AuditLogEntry.objects.filter(action="booking.cancel_refused").order_by("pk")
        assert [(e.actor_label, e.data) for e in entries] == [
            ("API abc", {"token": booking.token, "refused": "ALREADY_USED"}),
            ("API abc", {"token": "?", "refused": "UNKNOWN_TOKEN"}),
        ]
        services.booking_invalidate_countermark(booking.token, [offerer.pk], "API abc")
        assert services.booking_cancel_by_offerer_token(booking.token, [offerer.pk], "API abc").status == "CANCELLED"

    def test_a_throttled_desk_attempt_is_refused_and_audited(self, pro, settings, one_throttle_window):
        settings.DESK_THROTTLE_MAX_PER_USER = 1
        services.desk_attempt_register(pro, "10.0.0.1", "booking.check_refused", "abc234")
        with pytest.raises(errors.TooManyAttempts):
            services.desk_attempt_register(pro, "10.0.0.1", "booking.use_refused", "abc234")
        entry = AuditLogEntry.objects.get()
        assert (entry.action, entry.data) == (
            "booking.use_refused",
            {"token": "ABC234", "refused": "TOO_MANY_ATTEMPTS"},
        )


class TestJobs:
    def test_auto_use_48_hours_after_the_event_is_idempotent(self, beneficiary, venue):
        stock = EventStockFactory(offer__venue=venue, starts_in=datetime.timedelta(days=3))
        booking = services.booking_create(beneficiary, stock.pk)
        later = stock.beginning_datetime + datetime.timedelta(hours=48)
        assert list(selectors.bookings_to_auto_use(later - datetime.timedelta(seconds=1))) == []
        assert [b.pk for b in selectors.bookings_to_auto_use(later)] == [booking.pk]
        assert services.booking_auto_use(booking.pk, later) is True
        assert services.booking_auto_use(booking.pk, later) is False
        booking.refresh_from_db()
        assert (booking.status, booking.used_by) == ("USED", "AUTO")

    def test_uncollected_goods_expire_once_with_credit_back(
        self, beneficiary, book_stock, django_capture_on_commit_callbacks, mailoutbox
    ):
        booking = services.booking_create(beneficiary, book_stock.pk)
        later = booking.expiration_datetime
        with django_capture_on_commit_callbacks(execute=True):
            assert services.booking_expire(booking.pk, later) is True
            assert services.booking_expire(booking.pk, later) is False
        booking.refresh_from_db()
        assert (booking.status, booking.cancellation_reason) == ("CANCELLED", "EXPIRED")
        assert remaining(beneficiary) == 50000
        assert booked(book_stock) == 0
        assert {m.to[0] for m in mailoutbox} == {beneficiary.email, book_stock.offer.venue.booking_email}

    def test_reminder_7_days_before_expiry_sent_once(
        self, beneficiary, book_stock, django_capture_on_commit_callbacks, mailoutbox
    ):
        booking = services.booking_create(beneficiary, book_stock.pk)
        at = booking.expiration_datetime - datetime.timedelta(days=7)
        assert list(selectors.bookings_to_remind(at - datetime.timedelta(minutes=1))) == []
        assert [b.pk for b in selectors.bookings_to_remind(at)] == [booking.pk]
        with django_capture_on_commit_callbacks(execute=True):
            assert services.booking_send_expiry_reminder(booking.pk, at) is True
            assert services.booking_send_expiry_reminder(booking.pk, at) is False
        assert [m.to for m in mailoutbox] == [[beneficiary.email]]
