import datetime

import pytest
from django.utils import timezone

from passculture.beneficiaries.models import BeneficiaryProfile
from passculture.beneficiaries.services import deposit_grant
from passculture.offers.models import Offer, OfferValidation, Stock
from tests.factories import UserFactory


def make_beneficiary(email=None):
    user = UserFactory(**({"email": email} if email else {}))
    BeneficiaryProfile.objects.create(
        user=user, birth_date=datetime.date(2008, 1, 1), postal_code="75011", eligibility="ELIGIBLE"
    )
    deposit_grant(user, None)
    return user


@pytest.fixture
def beneficiary(db):
    return make_beneficiary()


def make_offer(venue, subcategory_id="CONCERT", *, is_duo=False, url="", **fields):
    return Offer.objects.create(
        venue=venue,
        subcategory_id=subcategory_id,
        name=fields.pop("name", "Concert de jazz"),
        is_duo=is_duo,
        url=url,
        validation=OfferValidation.APPROVED,
        **fields,
    )


def make_stock(offer, *, price_cents=1500, quantity=10, days=10):
    beginning = timezone.now() + datetime.timedelta(days=days) if offer.subcategory.is_event else None
    return Stock.objects.create(
        offer=offer,
        price_cents=price_cents,
        quantity=quantity,
        beginning_datetime=beginning,
        booking_limit_datetime=beginning,
    )


@pytest.fixture
def event_stock(venue):
    return make_stock(make_offer(venue, is_duo=True))


@pytest.fixture
def book_stock(venue):
    return make_stock(make_offer(venue, "LIVRE_PAPIER", name="Le Petit Prince", extra_data={"ean": "9782070612758"}))
