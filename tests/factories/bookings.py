"""Bookings, written straight to the database with the invariants of ``bookings.services.booking_create``: the stock's
booked places and the deposit's spent amounts count every booking that is not cancelled, the countermark is
well-formed and unique. (Tests of booking itself call the service.)"""

import datetime

import factory
from django.db.models import F
from django.utils import timezone

from passculture.beneficiaries.models import Deposit
from passculture.beneficiaries.selectors import active_deposit
from passculture.bookings import rules
from passculture.bookings.models import Booking, BookingStatus, CancellationReason, UsedBy
from passculture.offers.models import Stock

from .beneficiaries import BeneficiaryFactory
from .offers import EventStockFactory


def countermark(n: int) -> str:
    """Distinct well-formed countermarks, in a predictable order (all starting with Z)."""
    alphabet = rules.TOKEN_ALPHABET
    chars = []
    for _ in range(rules.TOKEN_LENGTH):
        n, digit = divmod(n, len(alphabet))
        chars.append(alphabet[digit])
    return "Z" + "".join(reversed(chars))[1:]


class BookingFactory(factory.django.DjangoModelFactory):
    """A confirmed booking of a concert by a young person with a fresh credit, booked 3 days ago (so past its
    cancellation limit). Traits: ``just_booked`` (now, still cancellable), ``duo`` (two places: give a Duo
    stock), ``used``, ``cancelled``, ``reimbursed``."""

    class Meta:
        model = Booking

    user = factory.SubFactory(BeneficiaryFactory)
    stock = factory.SubFactory(EventStockFactory)
    offer = factory.LazyAttribute(lambda o: o.stock.offer)
    token = factory.Sequence(countermark)
    quantity = 1
    unit_price_cents = factory.LazyAttribute(lambda o: o.stock.price_cents)
    cap = factory.LazyAttribute(lambda o: o.offer.subcategory.cap_for(is_digital=o.offer.is_digital))
    status = BookingStatus.CONFIRMED
    booked_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
    cancellation_limit_datetime = factory.LazyAttribute(lambda o: o.booked_at + datetime.timedelta(hours=48))

    class Params:
        just_booked = factory.Trait(booked_at=factory.LazyFunction(timezone.now))
        duo = factory.Trait(quantity=2)
        used = factory.Trait(
            status=BookingStatus.USED, used_at=factory.LazyFunction(timezone.now), used_by=UsedBy.OFFERER
        )
        cancelled = factory.Trait(
            status=BookingStatus.CANCELLED,
            cancelled_at=factory.LazyFunction(timezone.now),
            cancellation_reason=CancellationReason.BENEFICIARY,
        )
        reimbursed = factory.Trait(
            status=BookingStatus.REIMBURSED,
            used_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
            used_by=UsedBy.OFFERER,
            reimbursed_at=factory.LazyFunction(timezone.now),
        )

    @classmethod
    def _create(cls, model_class, *args, booked_at=None, **kwargs):
        kwargs.setdefault("deposit", active_deposit(kwargs["user"]))
        booking = super()._create(model_class, *args, **kwargs)
        if booked_at is not None:
            Booking.objects.filter(pk=booking.pk).update(created_at=booked_at)
        if booking.status != BookingStatus.CANCELLED:
            stock = booking.stock
            Stock.objects.filter(pk=stock.pk).update(booked_quantity=F("booked_quantity") + booking.quantity)
            stock.refresh_from_db(fields=["booked_quantity"])
            if booking.deposit_id:
                updates = {"spent_cents": F("spent_cents") + booking.total_cents}
                if booking.cap in ("PHYSICAL", "DIGITAL"):
                    field = f"{booking.cap.lower()}_spent_cents"
                    updates[field] = F(field) + booking.total_cents
                Deposit.objects.filter(pk=booking.deposit_id).update(**updates)
        booking.refresh_from_db()
        return booking
