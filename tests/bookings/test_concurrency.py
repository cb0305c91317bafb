"""Races on PostgreSQL (row locks are no-ops on SQLite): never oversell a stock, never overdraw a credit."""

import datetime
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from passculture.beneficiaries.models import Deposit
from passculture.bookings import errors, services
from passculture.bookings.models import Booking
from passculture.offers import services as offer_services
from passculture.offers.models import Offer, Stock
from tests.factories import BeneficiaryFactory, EventOfferFactory, EventStockFactory, OfferFactory, StockFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def race(func, arguments, workers=20):
    """Run ``func`` on every argument from many threads at once; each thread uses its own connection."""
    barrier = threading.Barrier(min(workers, len(arguments)))

    def run(argument):
        try:
            if len(arguments) <= workers:
                barrier.wait(timeout=30)
            return func(argument)
        except errors.DomainError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, arguments))


def test_200_buyers_for_10_places(venue):
    stock = EventStockFactory(offer__venue=venue, quantity=10, price_cents=1000)
    buyers = [BeneficiaryFactory(email=f"jeune{i}@example.net") for i in range(200)]
    results = race(lambda user: services.booking_create(user, stock.pk), buyers, workers=32)
    refusals = [r for r in results if isinstance(r, str)]
    assert len(results) - len(refusals) == 10
    assert refusals == ["SOLD_OUT"] * 190
    stock.refresh_from_db()
    assert (stock.booked_quantity, Booking.objects.filter(stock=stock).count()) == (10, 10)
    spent = sorted(Deposit.objects.filter(spent_cents__gt=0).values_list("spent_cents", flat=True))
    assert spent == [1000] * 10


def test_one_beneficiary_firing_20_bookings_never_overdraws(venue):
    beneficiary = BeneficiaryFactory()
    stocks = [EventStockFactory(offer__venue=venue, offer__name=f"Concert {i}", price_cents=6000) for i in range(20)]
    results = race(lambda stock: services.booking_create(beneficiary, stock.pk), stocks)
    made = [r for r in results if not isinstance(r, str)]
    assert len(made) == 8  # 8 × 60 € = 480 € ≤ 500 €
    assert {r for r in results if isinstance(r, str)} == {"INSUFFICIENT_CREDIT"}
    deposit = Deposit.objects.get(user=beneficiary)
    assert deposit.spent_cents == 8 * 6000 == sum(b.total_cents for b in Booking.objects.filter(user=beneficiary))
    assert sum(Stock.objects.filter(pk__in=[s.pk for s in stocks]).values_list("booked_quantity", flat=True)) == 8


def test_physical_cap_holds_under_concurrency(venue):
    beneficiary = BeneficiaryFactory()
    eans = ["9782070612758", "9782070360024", "9782253004226", "9782070368228", "9782266320481"]
    stocks = [
        StockFactory(offer=OfferFactory(venue=venue, name=f"Livre {i}", extra_data={"ean": ean}), price_cents=4500)
        for i, ean in enumerate(eans)
    ]
    results = race(lambda stock: services.booking_create(beneficiary, stock.pk), stocks)
    assert sum(1 for r in results if not isinstance(r, str)) == 4  # 4 × 45 € = 180 € ≤ 200 € cap
    assert Deposit.objects.get(user=beneficiary).physical_spent_cents == 4 * 4500


def test_two_desks_validate_the_same_countermark(venue, offerer, pro):
    beneficiary = BeneficiaryFactory()
    stock = StockFactory(offer=OfferFactory(venue=venue, extra_data={"ean": "9782070612758"}))
    booking = services.booking_create(beneficiary, stock.pk)
    results = race(lambda _: services.booking_validate_countermark(booking.token, [offerer.pk], pro), [1, 2])
    assert sorted(r if isinstance(r, str) else "OK" for r in results) == ["ALREADY_USED", "OK"]


def test_the_same_beneficiary_cannot_book_one_offer_twice_at_once(venue):
    beneficiary = BeneficiaryFactory()
    stock = EventStockFactory(offer__venue=venue, quantity=None)
    results = race(lambda _: services.booking_create(beneficiary, stock.pk), list(range(10)))
    assert sum(1 for r in results if not isinstance(r, str)) == 1
    assert Stock.objects.get(pk=stock.pk).booked_quantity == 1


def _wait_until_someone_waits_for_a_lock(timeout=10.0) -> None:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else the transaction sees the same snapshot again
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("nobody waited for a lock")


@pytest.mark.parametrize("cancel", ["beneficiary", "offerer", "expiry"])
def test_a_cancellation_waits_for_the_stock_before_taking_the_booking(venue, cancel):
    """Lock order stock → booking → deposit: the offers side changes a stock's bookings with the stock locked (a
    date deleted or moved, an offer rejected). A cancellation that took the booking first and then waited for the
    stock would wait for a transaction waiting for it: a deadlock, one of the two refused."""
    beneficiary = BeneficiaryFactory()
    stock = StockFactory(offer=OfferFactory(venue=venue, extra_data={"ean": "9782070612758"}))
    booking = services.booking_create(beneficiary, stock.pk)
    run = {
        "beneficiary": lambda: services.booking_cancel_by_beneficiary(beneficiary, booking.pk),
        "offerer": lambda: services.booking_cancel_by_offerer(booking.pk, None, "Rupture de stock"),
        "expiry": lambda: services.booking_expire(booking.pk, booking.expiration_datetime),
    }[cancel]
    with ThreadPoolExecutor(max_workers=1) as pool:
        with transaction.atomic():
            Stock.objects.select_for_update().get(pk=stock.pk)  # as stock_delete or stock_update hold it
            result = pool.submit(lambda: (run(), connection.close()))
            _wait_until_someone_waits_for_a_lock()
            # The cancellation waits for the stock without holding the booking: the date change can take it.
            Booking.objects.select_for_update(nowait=True).get(pk=booking.pk)
        result.result(timeout=30)
    booking.refresh_from_db()
    assert booking.status == "CANCELLED"
    assert Stock.objects.get(pk=stock.pk).booked_quantity == 0
    assert Deposit.objects.get(user=beneficiary).spent_cents == 0


def test_a_booking_waits_for_the_stock_before_taking_the_credit(venue):
    """The same order when booking: the stock, then the credit (the young person may be cancelling another booking
    of that stock, which holds the stock and waits for the credit)."""
    beneficiary = BeneficiaryFactory()
    stock = EventStockFactory(offer__venue=venue, price_cents=1000)
    with ThreadPoolExecutor(max_workers=1) as pool:
        with transaction.atomic():
            Stock.objects.select_for_update().get(pk=stock.pk)
            result = pool.submit(lambda: (services.booking_create(beneficiary, stock.pk), connection.close()))
            _wait_until_someone_waits_for_a_lock()
            Deposit.objects.select_for_update(nowait=True).get(user=beneficiary)
        result.result(timeout=30)
    assert Deposit.objects.get(user=beneficiary).spent_cents == 1000


@pytest.mark.parametrize("change", ["delete", "move"])
def test_a_date_change_does_not_wait_for_the_offer(venue, pro, change):
    """Deleting or moving a date locks the stock alone: staff rejecting the offer at that moment holds the offer,
    then takes its stocks; the date change must not take the stock and then wait for the offer."""
    beneficiary = BeneficiaryFactory()
    stock = EventStockFactory(offer__venue=venue)
    services.booking_create(beneficiary, stock.pk)
    new_start = stock.beginning_datetime + datetime.timedelta(days=1)
    run = {
        "delete": lambda: offer_services.stock_delete(stock.pk, pro),
        "move": lambda: offer_services.stock_update(stock.pk, pro, beginning_datetime=new_start),
    }[change]
    with ThreadPoolExecutor(max_workers=1) as pool, transaction.atomic():
        # As offer_reject holds it (FOR NO KEY UPDATE: the foreign keys of its stocks and bookings may still be
        # checked against it, which a date deletion does when it commits).
        Offer.objects.select_for_update(no_key=True).get(pk=stock.offer_id)
        pool.submit(lambda: (run(), connection.close())).result(timeout=20)
    assert Booking.objects.get(stock=stock).status == ("CANCELLED" if change == "delete" else "CONFIRMED")


def test_offers_are_locked_without_blocking_the_checks_of_their_foreign_keys(venue, staff):
    """The offer row is locked FOR NO KEY UPDATE (its key never changes): a transaction that wrote a stock or a
    booking of the offer twice checks its foreign key at commit (KEY SHARE), which FOR UPDATE would block."""
    offer = EventOfferFactory(venue=venue)
    StockFactory(offer=offer)
    with CaptureQueriesContext(connection) as queries:
        offer_services.offer_reject(offer.pk, staff, "Contenu non culturel")
    [lock] = [
        query["sql"] for query in queries.captured_queries if "FOR " in query["sql"] and "offers_offer" in query["sql"]
    ]
    assert 'FOR NO KEY UPDATE OF "offers_offer"' in lock
