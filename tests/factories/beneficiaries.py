"""Young people: their profile and their credit (deposit), granted the way the domain grants it."""

import datetime

import factory
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from passculture.beneficiaries.models import BeneficiaryProfile, Deposit, EligibilityStatus
from passculture.beneficiaries.services import deposit_grant

from .accounts import UserFactory


def eighteen_years_ago(days: int = 0) -> datetime.date:
    """The birth date of someone who turned 18 ``days`` days ago."""
    return timezone.localdate() - relativedelta(years=18) - datetime.timedelta(days=days)


class BeneficiaryProfileFactory(factory.django.DjangoModelFactory):
    """The profile of an 18-year-old whose identity was checked."""

    class Meta:
        model = BeneficiaryProfile

    user = factory.SubFactory(UserFactory)
    birth_date = factory.LazyFunction(eighteen_years_ago)
    postal_code = "75011"
    city = "Paris"
    eligibility = EligibilityStatus.ELIGIBLE


class BeneficiaryFactory(UserFactory):
    """A young person (a ``User``) with a fresh credit: verified, 18 since today (``birth_date=…`` to change it),
    with the deposit in force granted by ``deposit_grant``. The traits say otherwise: ``pending_identity`` (signed
    up, identity to check, no credit), ``refused``, ``without_credit`` (eligible, never granted),
    ``expired_credit`` (granted three years ago)."""

    email = factory.Sequence(lambda n: f"jeune{n}@example.org")
    first_name = "Léa"
    last_name = factory.Sequence(lambda n: f"Petit{n}")
    phone = "0611223344"
    # The profile's fields and the credit (not fields of User: taken out in _create).
    birth_date = factory.LazyFunction(eighteen_years_ago)
    postal_code = "75011"
    city = "Paris"
    eligibility = EligibilityStatus.ELIGIBLE
    waiting_days = 0  # how long ago the profile was created
    credit = "fresh"  # "fresh", "expired" or None

    class Params:
        fresh_credit = factory.Trait(eligibility=EligibilityStatus.ELIGIBLE, credit="fresh")
        pending_identity = factory.Trait(eligibility=EligibilityStatus.PENDING, credit=None)
        refused = factory.Trait(eligibility=EligibilityStatus.REFUSED, credit=None)
        without_credit = factory.Trait(credit=None)
        expired_credit = factory.Trait(credit="expired")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        profile_fields = {key: kwargs.pop(key) for key in ("birth_date", "postal_code", "city", "eligibility")}
        waiting_days, credit = kwargs.pop("waiting_days"), kwargs.pop("credit")
        user = super()._create(model_class, *args, **kwargs)
        profile = BeneficiaryProfile.objects.create(user=user, **profile_fields)
        if waiting_days:
            BeneficiaryProfile.objects.filter(pk=profile.pk).update(
                created_at=timezone.now() - datetime.timedelta(days=waiting_days)
            )
        if credit == "fresh":
            deposit_grant(user, None)
        elif credit == "expired":
            DepositFactory(user=user, expired=True)
        return user


class DepositFactory(factory.django.DjangoModelFactory):
    """The credit in force, granted by ``deposit_grant`` (amount, caps and validity from the parameters);
    ``expired=True``: granted three years ago, expired a year ago."""

    class Meta:
        model = Deposit

    user = factory.SubFactory(BeneficiaryFactory, without_credit=True)
    granted_by = None
    expired = False

    @classmethod
    def _create(cls, model_class, user, granted_by=None, expired=False, **kwargs):
        deposit = deposit_grant(user, granted_by)
        if expired:
            Deposit.objects.filter(pk=deposit.pk).update(
                created_at=timezone.now() - relativedelta(years=3), expires_at=timezone.now() - relativedelta(years=1)
            )
            deposit.refresh_from_db()
        return deposit
