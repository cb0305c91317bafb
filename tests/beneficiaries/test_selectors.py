"""Reads of young people and their credit (``beneficiaries.selectors``)."""

import datetime

from django.utils import timezone

from passculture.beneficiaries import selectors
from passculture.beneficiaries.models import Deposit
from passculture.beneficiaries.selectors import Credit
from tests.factories import BeneficiaryFactory, UserFactory


def test_domains_credit_without_deposit_is_zero():
    assert selectors.domains_credit(None) == selectors.DomainsCredit(Credit(0, 0), None, None, None)


def test_domains_credit_per_cap_never_more_than_the_credit_left():
    deposit = Deposit(
        amount_cents=30000, spent_cents=25000, digital_cap_cents=10000, digital_spent_cents=1000, expires_at=None
    )
    credit = selectors.domains_credit(deposit)
    assert credit.all == Credit(30000, 5000)
    assert credit.digital == Credit(10000, 5000)
    assert credit.physical is None


def test_active_and_last_expired_deposit(db):
    user = BeneficiaryFactory()
    deposit = selectors.active_deposit(user)
    now = timezone.now()
    assert selectors.last_expired_deposit(user, now) is None
    after = deposit.expires_at + datetime.timedelta(days=1)
    assert selectors.active_deposit(user, after) is None
    assert selectors.last_expired_deposit(user, after) == deposit
    assert selectors.deposits_of(user) == [deposit]


def test_profile_of_a_young_person_only(db):
    user = BeneficiaryFactory()
    assert selectors.profile_of(user).user == user
    assert selectors.profile_of(UserFactory()) is None
    assert list(selectors.profiles_to_verify()) == []  # the builder's profile is already ELIGIBLE
