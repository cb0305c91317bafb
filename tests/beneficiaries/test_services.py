"""The beneficiaries domain: age, the credit (deposit) granted and what is left of it, the identity decisions."""

import datetime

import pytest
from django.utils import timezone

from passculture.beneficiaries import errors, selectors, services
from passculture.beneficiaries.models import Deposit, EligibilityStatus
from passculture.core.models import AuditLogEntry
from passculture.offers.categories import Cap
from tests import factories


def entries(action_name, person):
    return AuditLogEntry.objects.filter(action=action_name, target_id=str(person.pk))


class TestAge:
    def test_age_on_counts_the_birthday_itself(self):
        birth = datetime.date(2008, 3, 15)
        assert services.age_on(birth, datetime.date(2026, 3, 14)) == 17
        assert services.age_on(birth, datetime.date(2026, 3, 15)) == 18

    @pytest.mark.django_db
    def test_check_age_accepts_the_eligible_age_only(self):
        today = datetime.date(2026, 6, 1)
        services.check_age(datetime.date(2008, 1, 1), today)
        with pytest.raises(errors.NotEligibleAge) as error:
            services.check_age(datetime.date(2009, 1, 1), today)
        assert error.value.code == "NOT_ELIGIBLE_AGE" and error.value.field == "birth_date"


@pytest.mark.django_db
class TestDepositGrant:
    def test_grants_the_credit_in_force_once(self, staff):
        person = factories.BeneficiaryFactory(without_credit=True)
        deposit = services.deposit_grant(person, staff)
        assert selectors.active_deposit(person) == deposit and deposit.granted_by == staff
        with pytest.raises(errors.DepositAlreadyActive):
            services.deposit_grant(person, staff)

    def test_an_expired_deposit_counts_as_none(self):
        person = factories.BeneficiaryFactory(expired_credit=True)
        assert Deposit.objects.filter(user=person).exists() and selectors.active_deposit(person) is None
        assert selectors.domains_credit(None).all == selectors.Credit(0, 0)


@pytest.mark.django_db
class TestDomainsCredit:
    def test_each_cap_is_never_more_than_what_is_left_in_total(self):
        deposit = selectors.active_deposit(factories.BeneficiaryFactory())
        Deposit.objects.filter(pk=deposit.pk).update(spent_cents=45000, physical_spent_cents=5000)
        deposit.refresh_from_db()
        credit = selectors.domains_credit(deposit)
        assert credit.all == selectors.Credit(50000, 5000)
        assert credit.physical == selectors.Credit(20000, 5000)  # 15 000 left under the cap, 5 000 in total
        assert credit.digital == selectors.Credit(20000, 5000)


@pytest.mark.django_db
class TestIdentityDecisions:
    def test_confirming_opens_the_credit_and_a_decided_profile_stays_decided(self, staff):
        person = factories.BeneficiaryFactory(pending_identity=True)
        deposit = services.beneficiary_confirm_identity(person.pk, staff)
        person.beneficiary.refresh_from_db()
        assert person.beneficiary.eligibility == EligibilityStatus.ELIGIBLE and deposit.user == person
        with pytest.raises(errors.AlreadyDecided):
            services.beneficiary_refuse(person.pk, staff, "Document illisible")

    def test_refusing_keeps_the_reason_and_opens_no_credit(self, staff):
        person = factories.BeneficiaryFactory(pending_identity=True)
        profile = services.beneficiary_refuse(person.pk, staff, "Document illisible")
        assert (profile.eligibility, profile.refusal_reason) == (EligibilityStatus.REFUSED, "Document illisible")
        assert profile.decided_at <= timezone.now() and selectors.active_deposit(person) is None
        assert entries("beneficiary.refused", person).get().data == {"reason": "Document illisible"}


class TestBeneficiaryGrantDeposit:
    def test_refuses_an_account_without_profile(self, staff, pro):
        with pytest.raises(errors.NotEligibleForDeposit) as error:
            services.beneficiary_grant_deposit(pro.pk, staff)
        assert error.value.code == "NOT_ELIGIBLE_FOR_DEPOSIT"


class TestDepositsGrantMany:
    def test_grants_the_credit_in_force_to_those_without_one_and_audits_each(self, staff, db):
        people = [
            factories.BeneficiaryFactory(
                email=f"many{n}@example.net", without_credit=True, first_name="Lou", last_name="Martin"
            )
            for n in range(3)
        ]
        already = services.deposit_grant(people[0], staff)

        assert services.deposits_grant_many(people, staff) == 2
        assert services.deposits_grant_many(people, staff) == 0  # idempotent

        assert Deposit.objects.filter(user=people[0]).get() == already
        for person in people[1:]:
            deposit = Deposit.objects.get(user=person)
            assert (deposit.amount_cents, deposit.physical_cap_cents, deposit.digital_cap_cents) == (
                50000,
                20000,
                20000,
            )
            assert deposit.granted_by == staff
            assert selectors.active_deposit(person) == deposit
            entry = entries("deposit.granted", person).get()
            assert entry.actor == staff and entry.actor_label == staff.email
            assert entry.target_label == person.email
            assert entry.data["amount_cents"] == 50000

    def test_without_actor_the_system_is_the_author(self, db):
        person = factories.BeneficiaryFactory(without_credit=True, first_name="Lou", last_name="Martin")
        assert services.deposits_grant_many([person], None) == 1
        assert entries("deposit.granted", person).get().actor_label == "système"


# --- Spending a deposit: what the bookings services call, inside their transaction ---------------------------


def test_the_active_deposit_is_locked_and_an_expired_one_is_none(db):
    user = factories.BeneficiaryFactory()
    now = timezone.now()
    assert services.deposit_lock_active(user, now) == selectors.active_deposit(user, now)
    later = selectors.active_deposit(user).expires_at + datetime.timedelta(seconds=1)
    assert services.deposit_lock_active(user, later) is None


def test_debit_then_credit_back_the_total_and_the_cap(db):
    user = factories.BeneficiaryFactory()
    deposit = selectors.active_deposit(user)
    services.deposit_debit(deposit, Cap.DIGITAL, 1200)
    services.deposit_debit(deposit, Cap.PHYSICAL, 300)
    deposit.refresh_from_db()
    assert (deposit.spent_cents, deposit.digital_spent_cents, deposit.physical_spent_cents) == (1500, 1200, 300)
    services.deposit_credit_back(deposit.pk, Cap.DIGITAL, 1200)
    deposit.refresh_from_db()
    assert (deposit.spent_cents, deposit.digital_spent_cents, deposit.physical_spent_cents) == (300, 0, 300)
