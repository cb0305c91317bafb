"""Reads of young people and their credit: profiles, deposits, what is left of the deposit in force."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, QuerySet
from django.utils import timezone

from passculture.accounts.models import User
from passculture.beneficiaries import rules
from passculture.beneficiaries.models import BeneficiaryProfile, Deposit, EligibilityStatus
from passculture.offers.categories import Cap


def profile_of(user: User) -> BeneficiaryProfile | None:
    """The young person's side of an account, ``None`` for a pro or staff account."""
    return BeneficiaryProfile.objects.filter(user=user).select_related("decided_by").first()


def profiles() -> QuerySet[BeneficiaryProfile]:
    """Every profile, with its account (staff pages)."""
    return BeneficiaryProfile.objects.select_related("user")


def profiles_to_verify() -> QuerySet[BeneficiaryProfile]:
    """Profiles whose identity staff have not checked yet, oldest request first (one query per page)."""
    return (
        BeneficiaryProfile.objects.filter(eligibility=EligibilityStatus.PENDING)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def profiles_to_verify_summary() -> dict:
    """How many identities await a check (``total``) and the oldest request (``oldest``, None when none)."""
    return profiles_to_verify().order_by().aggregate(total=Count("pk"), oldest=Min("created_at"))


def active_deposit(user: User, now: datetime.datetime | None = None) -> Deposit | None:
    """The deposit in force; an expired deposit counts as zero (no deposit)."""
    return Deposit.objects.filter(user=user, expires_at__gt=now or timezone.now()).order_by("-created_at").first()


def last_expired_deposit(user: User, now: datetime.datetime) -> Deposit | None:
    """The deposit that expired last, to tell a young person without credit since when."""
    return Deposit.objects.filter(user=user, expires_at__lte=now).order_by("-expires_at").first()


def deposits_of(user: User) -> list[Deposit]:
    """Every deposit of a young person, newest first, with who granted it (staff page)."""
    return list(Deposit.objects.filter(user=user).select_related("granted_by").order_by("-created_at", "-pk"))


@dataclass(frozen=True)
class Credit:
    initial: int
    remaining: int


@dataclass(frozen=True)
class DomainsCredit:
    all: Credit
    physical: Credit | None
    digital: Credit | None
    expires_at: datetime.datetime | None


def domains_credit(deposit: Deposit | None) -> DomainsCredit:
    """What "Mon crédit" and ``GET /native/v1/me`` show: total and per cap, in cents."""
    if deposit is None:
        return DomainsCredit(Credit(0, 0), None, None, None)

    def cap(kind: str) -> Credit | None:
        ceiling = rules.cap_ceiling(deposit, kind)
        return None if ceiling is None else Credit(ceiling, rules.spendable_on(deposit, kind))

    return DomainsCredit(
        all=Credit(deposit.amount_cents, deposit.remaining_cents),
        physical=cap(Cap.PHYSICAL),
        digital=cap(Cap.DIGITAL),
        expires_at=deposit.expires_at,
    )
