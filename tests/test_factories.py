"""The test kit keeps the domain's invariants: what a factory builds is what the services would have written."""

import pytest
from django.utils import timezone

from passculture.beneficiaries.models import Deposit, EligibilityStatus
from passculture.beneficiaries.selectors import active_deposit
from passculture.bookings import rules
from passculture.bookings.models import BookingStatus
from passculture.offerers.models import MembershipStatus, OffererStatus
from tests.factories import (
    ApiKeyFactory,
    BeneficiaryFactory,
    BookFactory,
    BookingFactory,
    DepositFactory,
    EbookFactory,
    EventOfferFactory,
    EventStockFactory,
    MembershipFactory,
    OffererFactory,
    OfferFactory,
    StaffFactory,
    StockFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def test_a_young_person_with_a_fresh_credit_is_an_eligible_18_year_old_with_the_deposit_in_force():
    young = BeneficiaryFactory(fresh_credit=True)
    assert young.beneficiary.eligibility == EligibilityStatus.ELIGIBLE
    assert active_deposit(young).spent_cents == 0


@pytest.mark.parametrize("trait", ["pending_identity", "refused", "without_credit", "expired_credit"])
def test_young_people_without_a_credit_in_force(trait):
    assert active_deposit(BeneficiaryFactory(**{trait: True})) is None


def test_an_expired_deposit_is_kept():
    deposit = DepositFactory(expired=True)
    assert deposit.expires_at < timezone.now() and active_deposit(deposit.user) is None


def test_a_booking_takes_its_places_and_its_credit():
    booking = BookingFactory(stock=EventStockFactory(price_cents=1500))
    assert booking.stock.booked_quantity == 1
    assert Deposit.objects.get(user=booking.user).spent_cents == 1500
    assert len(booking.token) == rules.TOKEN_LENGTH and booking.status == BookingStatus.CONFIRMED


def test_a_booking_of_a_book_counts_toward_the_physical_cap():
    booking = BookingFactory(stock=StockFactory(price_cents=1000))
    deposit = Deposit.objects.get(user=booking.user)
    assert (deposit.spent_cents, deposit.physical_spent_cents) == (1000, 1000)


def test_a_cancelled_booking_takes_neither_places_nor_credit():
    booking = BookingFactory(cancelled=True)
    assert booking.stock.booked_quantity == 0 and Deposit.objects.get(user=booking.user).spent_cents == 0


def test_a_duo_booking_takes_two_places():
    booking = BookingFactory(duo=True, stock=EventStockFactory())
    assert booking.quantity == 2 and booking.stock.booked_quantity == 2


@pytest.mark.parametrize("trait", ["used", "reimbursed"])
def test_used_and_reimbursed_bookings_have_a_use_date(trait):
    assert BookingFactory(**{trait: True}).used_at is not None


def test_a_booking_is_cancellable_only_just_after_it_is_made():
    assert BookingFactory().cancellation_limit_datetime < timezone.now()
    assert BookingFactory(just_booked=True).cancellation_limit_datetime > timezone.now()


def test_event_dates():
    assert (
        EventStockFactory(in_three_days=True).beginning_datetime.date()
        == (timezone.now() + timezone.timedelta(days=3)).date()
    )
    assert EventStockFactory(past=True).beginning_datetime < timezone.now()
    assert StockFactory().beginning_datetime is None


def test_offers():
    assert OfferFactory().stocks.count() == 0
    assert EventOfferFactory(with_stock=True, stock__price_cents=0).stocks.get().price_cents == 0
    assert BookFactory(pending_review=True).validation == "PENDING"
    ebook = EbookFactory()
    assert ebook.venue.is_virtual and ebook.is_digital and ebook.is_national
    assert not EventOfferFactory(solo=True).is_duo


def test_offerers_venues_memberships_keys_staff():
    assert OffererFactory(awaiting_validation=True).status == OffererStatus.NEW
    assert str(VenueFactory(in_lyon=True).latitude) == "45.76400"
    assert VenueFactory().latitude is None
    assert MembershipFactory(pending=True).status == MembershipStatus.PENDING
    assert ApiKeyFactory().is_active
    assert StaffFactory(superuser=True).is_superuser


def test_a_bank_account_paying_a_venue_is_valid_and_in_force():
    from passculture.finance import rules as finance_rules
    from passculture.finance.selectors.bank_accounts import account_paying
    from tests.factories import BankAccountFactory

    venue = VenueFactory()
    account = BankAccountFactory(offerer=venue.offerer, accepted=True, pays=[venue])
    assert finance_rules.details_valid(account.iban, account.bic)
    assert account_paying(venue) == account
    assert account.status == "ACCEPTED"
