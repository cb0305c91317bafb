"""What is left of a deposit and of its caps (``beneficiaries.rules``): pure, on an unsaved deposit."""

import pytest

from passculture.beneficiaries import rules
from passculture.beneficiaries.models import Deposit
from passculture.offers.categories import Cap


def deposit(**fields):
    values = {"amount_cents": 30000, "physical_cap_cents": None, "digital_cap_cents": 10000, **fields}
    return Deposit(**values)


def test_cap_left_is_the_ceiling_minus_what_was_spent_on_it():
    assert rules.cap_left(deposit(digital_spent_cents=2500), Cap.DIGITAL) == 7500
    assert rules.cap_ceiling(deposit(), Cap.DIGITAL) == 10000


@pytest.mark.parametrize("cap", [Cap.PHYSICAL, "NONE"])
def test_no_cap_no_limit_but_the_credit(cap):
    assert rules.cap_left(deposit(), cap) is None
    assert rules.cap_ceiling(deposit(), cap) is None
    assert rules.spendable_on(deposit(spent_cents=1000), cap) == 29000


def test_spendable_is_the_cap_left_within_the_credit_left_never_negative():
    assert rules.spendable_on(deposit(spent_cents=2500, digital_spent_cents=2500), Cap.DIGITAL) == 7500
    assert rules.spendable_on(deposit(spent_cents=25000), Cap.DIGITAL) == 5000  # the credit is the lower bound
    overspent = deposit(digital_cap_cents=1000, digital_spent_cents=2000)  # a cap lowered after spending
    assert rules.spendable_on(overspent, Cap.DIGITAL) == 0


def test_spending_updates_the_total_and_the_cap_the_booking_counts_toward():
    assert rules.spending_updates(Cap.PHYSICAL, 1500) == {"spent_cents": 1500, "physical_spent_cents": 1500}
    assert rules.spending_updates(Cap.DIGITAL, -800) == {"spent_cents": -800, "digital_spent_cents": -800}
    assert rules.spending_updates("NONE", 700) == {"spent_cents": 700}
