"""The lifecycle jobs as cron runs them: summary, --dry-run, twice in a row, concurrently."""

import datetime
import io
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from passculture.beneficiaries.models import Deposit
from passculture.bookings import services
from passculture.bookings.models import Booking
from tests.factories import BeneficiaryFactory, EventStockFactory, OfferFactory, StockFactory


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_auto_use_dry_run_then_real_then_again(beneficiary, venue):
    stock = EventStockFactory(offer__venue=venue, starts_in=datetime.timedelta(days=3))
    booking = services.booking_create(beneficiary, stock.pk)
    with time_machine.travel(stock.beginning_datetime + datetime.timedelta(hours=48, minutes=1)):
        assert "used=1 (dry run: rolled back)" in run("bookings_auto_use", "--dry-run")
        assert Booking.objects.get(pk=booking.pk).status == "CONFIRMED"
        assert "used=1 " in run("bookings_auto_use")
        assert "used=0 " in run("bookings_auto_use")
    assert Booking.objects.get(pk=booking.pk).status == "USED"


@pytest.mark.django_db
def test_expire_reminds_then_expires(beneficiary, book_stock, django_capture_on_commit_callbacks, mailoutbox):
    booking = services.booking_create(beneficiary, book_stock.pk)
    with time_machine.travel(booking.expiration_datetime - datetime.timedelta(days=6)):
        with django_capture_on_commit_callbacks(execute=True):
            assert "expired=0 reminded=1" in run("bookings_expire")
        assert "expired=0 reminded=0" in run("bookings_expire")  # the reminder is sent once
    after_expiry = time_machine.travel(booking.expiration_datetime + datetime.timedelta(minutes=1))
    with after_expiry, django_capture_on_commit_callbacks(execute=True):
        assert "expired=1 reminded=0" in run("bookings_expire")
    assert Deposit.objects.get(user=beneficiary).remaining_cents == 50000
    assert len(mailoutbox) == 3  # reminder, then expiry to both sides


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_expiry_runs_at_once_expire_each_booking_once(venue):
    stocks = [
        StockFactory(offer=OfferFactory(venue=venue, name=f"Livre {i}", extra_data={"ean": ean}), price_cents=1000)
        for i, ean in enumerate(["9782070612758", "9782070360024", "9782253004226"])
    ]
    users = [BeneficiaryFactory(email=f"jeune{i}@example.net") for i in range(3)]
    bookings = [services.booking_create(user, stock.pk) for user, stock in zip(users, stocks, strict=True)]
    later = max(b.expiration_datetime for b in bookings) + datetime.timedelta(minutes=1)

    def expire(_):
        try:
            with time_machine.travel(later, tick=False):
                return run("bookings_expire")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outputs = list(pool.map(expire, [1, 2]))
    expired = sum(int(out.split("expired=")[1].split()[0]) for out in outputs)
    assert expired == 3
    assert sorted(Deposit.objects.values_list("spent_cents", flat=True)) == [0, 0, 0]
