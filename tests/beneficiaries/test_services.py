"""Spending a deposit (``beneficiaries.services``): what the bookings services call, inside their transaction."""

import datetime

from django.utils import timezone

from passculture.beneficiaries import selectors, services
from passculture.offers.categories import Cap
from tests.bookings.conftest import make_beneficiary


def test_the_active_deposit_is_locked_and_an_expired_one_is_none(db):
    user = make_beneficiary()
    now = timezone.now()
    assert services.deposit_lock_active(user, now) == selectors.active_deposit(user, now)
    later = selectors.active_deposit(user).expires_at + datetime.timedelta(seconds=1)
    assert services.deposit_lock_active(user, later) is None


def test_debit_then_credit_back_the_total_and_the_cap(db):
    user = make_beneficiary()
    deposit = selectors.active_deposit(user)
    services.deposit_debit(deposit, Cap.DIGITAL, 1200)
    services.deposit_debit(deposit, Cap.PHYSICAL, 300)
    deposit.refresh_from_db()
    assert (deposit.spent_cents, deposit.digital_spent_cents, deposit.physical_spent_cents) == (1500, 1200, 300)
    services.deposit_credit_back(deposit.pk, Cap.DIGITAL, 1200)
    deposit.refresh_from_db()
    assert (deposit.spent_cents, deposit.digital_spent_cents, deposit.physical_spent_cents) == (300, 0, 300)
