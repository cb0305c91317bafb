"""The demo young person: their profile, their credit, and their booking of a demo offer."""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from passculture.accounts.models import User
from passculture.beneficiaries.models import BeneficiaryProfile, EligibilityStatus
from passculture.beneficiaries.selectors import active_deposit
from passculture.beneficiaries.services import deposit_grant
from passculture.bookings.models import Booking
from passculture.bookings.services import booking_create
from passculture.core.audit import log_action
from passculture.core.errors import DomainError
from passculture.core.parameters import get_parameter
from passculture.demo.seed.accounts import SEED_COMMENT
from passculture.offers.models import Offer


@dataclass(frozen=True)
class DemoAddress:
    postal_code: str
    city: str
    latitude: str
    longitude: str


BENEFICIARY_ADDRESS = DemoAddress("75011", "Paris", "48.85890", "2.38010")
# ``passculture demo --beneficiaries N``: jeune1@example.org … jeuneN@example.org, for load tests.


def eligible_birth_date(today: datetime.date | None = None) -> datetime.date:
    """A birth date that makes a young person exactly of the eligible age (18) today."""
    return (today or timezone.localdate()) - relativedelta(years=get_parameter("beneficiaries.eligible_age"))


def ensure_beneficiary(user: User, address: DemoAddress, staff: User, counts: Counter) -> BeneficiaryProfile:
    """An ELIGIBLE profile (identity already confirmed by staff) and a credit in force (granted again once expired)."""
    profile, created = BeneficiaryProfile.objects.get_or_create(
        user=user,
        defaults={
            "birth_date": eligible_birth_date(),
            "postal_code": address.postal_code,
            "city": address.city,
            "latitude": Decimal(address.latitude),
            "longitude": Decimal(address.longitude),
            "eligibility": EligibilityStatus.ELIGIBLE,
            "decided_at": timezone.now(),
            "decided_by": staff,
        },
    )
    if created:
        log_action(staff, "beneficiary.identity_confirmed", user, {"comment": SEED_COMMENT})
        counts["profiles"] += 1
    if profile.eligibility == EligibilityStatus.ELIGIBLE and active_deposit(user) is None:
        deposit_grant(user, staff)
        counts["deposits"] += 1
    return profile


def ensure_booking(user: User, offer: Offer, counts: Counter) -> None:
    """One booking of ``offer`` by ``user`` (through the booking service), unless they ever booked it."""
    if Booking.objects.filter(user=user, offer=offer).exists():
        return
    stock = offer.stocks.filter(is_soft_deleted=False).order_by("pk").first()
    if stock is None:
        return
    try:
        booking_create(user, stock.pk, 1)
    except DomainError:
        return  # sold out, credit spent...: the demo stays usable without this booking
    counts["bookings"] += 1
