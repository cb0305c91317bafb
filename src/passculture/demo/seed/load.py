"""Load-test young people (``passculture demo --beneficiaries N``): bulk inserts, one password hash."""

from collections import Counter
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from passculture.accounts.models import User
from passculture.beneficiaries.models import BeneficiaryProfile, EligibilityStatus
from passculture.beneficiaries.services import deposits_grant_many
from passculture.demo.seed.accounts import ADMIN, DEMO_PASSWORD
from passculture.demo.seed.beneficiaries import BENEFICIARY_ADDRESS, eligible_birth_date

LOAD_EMAIL = "jeune{n}@example.org"
LOAD_EMAIL_REGEX = r"^jeune[0-9]+@example\.org$"
MAX_LOAD_BENEFICIARIES = 100_000
BULK_BATCH_SIZE = 500


def load_emails(count: int) -> list[str]:
    return [LOAD_EMAIL.format(n=n) for n in range(1, count + 1)]


@transaction.atomic
def seed_load_beneficiaries(count: int) -> dict[str, int]:
    """jeune1@example.org … jeune<count>@example.org: verified, ELIGIBLE, each with a credit in force.

    Bulk inserts and one password hash: thousands of accounts take a few seconds. Idempotent: existing accounts
    and profiles are kept, only missing credits are granted.
    """
    if not 0 <= count <= MAX_LOAD_BENEFICIARIES:
        raise ValueError(f"between 0 and {MAX_LOAD_BENEFICIARIES} load-test beneficiaries")
    counts = Counter({"users": 0, "profiles": 0, "deposits": 0})
    emails = load_emails(count)
    if not emails:
        return dict(counts)
    staff = User.objects.filter(email=ADMIN.email).first()
    now = timezone.now()
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    missing = [(n, email) for n, email in enumerate(emails, start=1) if email not in existing]
    if missing:
        password_hash = make_password(DEMO_PASSWORD)
        User.objects.bulk_create(
            [
                User(
                    email=email,
                    password=password_hash,
                    first_name="Jeune",
                    last_name=f"Numéro {n}",
                    email_verified_at=now,
                )
                for n, email in missing
            ],
            batch_size=BULK_BATCH_SIZE,
        )
        counts["users"] = len(missing)
    users = list(User.objects.filter(email__in=emails).only("pk", "email"))
    with_profile = set(
        BeneficiaryProfile.objects.filter(user_id__in=[user.pk for user in users]).values_list("user_id", flat=True)
    )
    birth_date = eligible_birth_date()
    address = BENEFICIARY_ADDRESS
    profiles = [
        BeneficiaryProfile(
            user=user,
            birth_date=birth_date,
            postal_code=address.postal_code,
            city=address.city,
            latitude=Decimal(address.latitude),
            longitude=Decimal(address.longitude),
            eligibility=EligibilityStatus.ELIGIBLE,
            decided_at=now,
            decided_by=staff,
        )
        for user in users
        if user.pk not in with_profile
    ]
    BeneficiaryProfile.objects.bulk_create(profiles, batch_size=BULK_BATCH_SIZE)
    counts["profiles"] = len(profiles)
    eligible = User.objects.filter(email__in=emails, beneficiary__eligibility=EligibilityStatus.ELIGIBLE)
    counts["deposits"] = deposits_grant_many(eligible.only("pk", "email"), staff, now)
    return dict(counts)
