"""Beneficiaries: sign-up, identity check by staff, the deposit (credit) and what is left of it."""

import datetime
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from passculture.accounts import services as account_services
from passculture.accounts.models import User
from passculture.beneficiaries import errors, rules, selectors
from passculture.beneficiaries.models import BeneficiaryProfile, Deposit, EligibilityStatus
from passculture.core.audit import log_action, log_actions
from passculture.core.parameters import get_parameter
from passculture.core.sql import Increment, Select, compiled

BULK_BATCH_SIZE = 500


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def check_age(birth_date: datetime.date, today: datetime.date | None = None) -> None:
    """The pass is for young people of the configured age (18): refuse anyone else at sign-up."""
    eligible_age = get_parameter("beneficiaries.eligible_age")
    if age_on(birth_date, today or timezone.localdate()) != eligible_age:
        raise errors.NotEligibleAge(field="birth_date", age=eligible_age)


@transaction.atomic
def beneficiary_signup(
    *, email: str, password: str, first_name: str, last_name: str, phone: str, birth_date: datetime.date,
    postal_code: str, city: str = "",
) -> User:  # fmt: skip
    check_age(birth_date)
    user = account_services.user_create(
        email=email, password=password, first_name=first_name, last_name=last_name, phone=phone, young=True
    )
    BeneficiaryProfile.objects.create(user=user, birth_date=birth_date, postal_code=postal_code, city=city)
    log_action(user, "beneficiary.signup", user)
    return user


@transaction.atomic
def deposit_grant(user: User, actor: User | None, now: datetime.datetime | None = None) -> Deposit:
    """Grant the credit in force today (amount, validity, caps are versioned parameters)."""
    now = now or timezone.now()
    if selectors.active_deposit(user, now) is not None:
        raise errors.DepositAlreadyActive()
    months = get_parameter("beneficiaries.deposit_validity_months", at=now)
    deposit = Deposit.objects.create(
        user=user,
        amount_cents=get_parameter("beneficiaries.deposit_amount_cents", at=now),
        physical_cap_cents=get_parameter("beneficiaries.physical_cap_cents", at=now, default=None),
        digital_cap_cents=get_parameter("beneficiaries.digital_cap_cents", at=now, default=None),
        expires_at=now + relativedelta(months=months),
        granted_by=actor,
    )
    log_action(
        actor,
        "deposit.granted",
        user,
        {"amount_cents": deposit.amount_cents, "expires_at": deposit.expires_at.isoformat()},
    )
    return deposit


@transaction.atomic
def beneficiary_confirm_identity(user_id: int, staff: User) -> Deposit:
    profile = BeneficiaryProfile.objects.select_for_update().select_related("user").get(user_id=user_id)
    if profile.eligibility != EligibilityStatus.PENDING:
        raise errors.AlreadyDecided()
    profile.eligibility = EligibilityStatus.ELIGIBLE
    profile.decided_at, profile.decided_by = timezone.now(), staff
    profile.save(update_fields=["eligibility", "decided_at", "decided_by"])
    log_action(staff, "beneficiary.identity_confirmed", profile.user)
    return deposit_grant(profile.user, staff)


@transaction.atomic
def beneficiary_refuse(user_id: int, staff: User, reason: str) -> BeneficiaryProfile:
    profile = BeneficiaryProfile.objects.select_for_update().select_related("user").get(user_id=user_id)
    if profile.eligibility != EligibilityStatus.PENDING:
        raise errors.AlreadyDecided()
    profile.eligibility = EligibilityStatus.REFUSED
    profile.decided_at, profile.decided_by, profile.refusal_reason = timezone.now(), staff, reason
    profile.save(update_fields=["eligibility", "decided_at", "decided_by", "refusal_reason"])
    log_action(staff, "beneficiary.refused", profile.user, {"reason": reason})
    return profile


# --- Spending (called by the bookings services, inside their transaction) ---------------------------------------------


@compiled
def _active_deposit_locked() -> Select:
    return Select(Deposit, where=[("user", "="), ("expires_at", ">")], order_by=["-created_at"], lock=True)


def deposit_lock_active(user: User, now: datetime.datetime) -> Deposit | None:
    """The deposit in force, its row locked until the caller's transaction ends (last in the lock order): the
    booking's hot path, its SQL built once (``core.sql``)."""
    return _active_deposit_locked().first(user.pk, now)


def deposit_debit(deposit: Deposit, cap: str, amount: int) -> None:
    """Spend ``amount`` cents of the deposit and of the cap a booking of ``cap`` counts toward. The caller holds the
    deposit locked (:func:`deposit_lock_active`) and has checked the amount fits (the constraints refuse more)."""
    _add_spending(deposit.pk, cap, amount)


def deposit_credit_back(deposit_id: int, cap: str, amount: int) -> None:
    """Give back ``amount`` cents spent on a booking of ``cap`` (a cancellation): the deposit is locked first."""
    Deposit.objects.select_for_update().filter(pk=deposit_id).first()
    _add_spending(deposit_id, cap, -amount)


@compiled
def _add_spent(*fields: str) -> Increment:
    return Increment(Deposit, *fields)


def _add_spending(deposit_id: int, cap: str, amount: int) -> None:
    updates = rules.spending_updates(cap, amount)
    _add_spent(*updates)(deposit_id, *updates.values())


# --- Staff grants and bulk grants -------------------------------------------------------------------------------------


@transaction.atomic
def beneficiary_grant_deposit(user_id: int, staff: User) -> Deposit:
    """Staff grant the credit in force to an ELIGIBLE young person who has none (never granted, or expired).

    The profile row is locked first, so two staff members clicking at once grant one deposit, not two.
    """
    profile = BeneficiaryProfile.objects.select_for_update().select_related("user").filter(user_id=user_id).first()
    if profile is None or profile.eligibility != EligibilityStatus.ELIGIBLE:
        raise errors.NotEligibleForDeposit()
    return deposit_grant(profile.user, staff)


@transaction.atomic
def deposits_grant_many(users: Iterable[User], actor: User | None, now: datetime.datetime | None = None) -> int:
    """:func:`deposit_grant` for many users at once (demo and load-test data): the parameters are read once and the
    deposits and their audit entries are inserted in bulk. Users who already have a deposit in force are skipped;
    returns how many deposits were granted."""
    now = now or timezone.now()
    users = list(users)
    covered = set(
        Deposit.objects.filter(user_id__in=[user.pk for user in users], expires_at__gt=now).values_list(
            "user_id", flat=True
        )
    )
    missing = [user for user in users if user.pk not in covered]
    if not missing:
        return 0
    months = get_parameter("beneficiaries.deposit_validity_months", at=now)
    amount = get_parameter("beneficiaries.deposit_amount_cents", at=now)
    physical_cap = get_parameter("beneficiaries.physical_cap_cents", at=now, default=None)
    digital_cap = get_parameter("beneficiaries.digital_cap_cents", at=now, default=None)
    expires_at = now + relativedelta(months=months)
    Deposit.objects.bulk_create(
        [
            Deposit(
                user=user,
                amount_cents=amount,
                physical_cap_cents=physical_cap,
                digital_cap_cents=digital_cap,
                expires_at=expires_at,
                granted_by=actor,
            )
            for user in missing
        ],
        batch_size=BULK_BATCH_SIZE,
    )
    log_actions(actor, "deposit.granted", missing, {"amount_cents": amount, "expires_at": expires_at.isoformat()})
    return len(missing)
