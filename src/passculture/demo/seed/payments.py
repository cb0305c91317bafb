"""Payments in the demo (docs/domain/finance.md#batches): used bookings of the two fortnights before today at
"Cinéma Démo" (paid by the accepted account) and at "Librairie Démo Lyon" (its account still waiting for review),
so that a batch on a fresh demo has something to pay and something to hold back. The demo's bank account links
date from the start of last year: they were in force at those cut-offs."""

import datetime
from collections import Counter

from django.utils import timezone

from passculture.accounts.models import User
from passculture.bookings.models import Booking, BookingStatus, UsedBy
from passculture.bookings.services import USED
from passculture.finance import rules
from passculture.finance.models import BankAccountLink, PaymentBatch, Transfer
from passculture.finance.services.events import finance_event_on_booking_usage
from passculture.finance.services.pricing import price_events
from passculture.offers.models import Offer
from passculture.offers.services import stock_book_places

# (token, offer name, price in cents, places, fortnights before today's, day of the fortnight), each booked by its
# own past young person (one active booking per person and offer), ``PAST_EMAILS``.
PAST_BOOKINGS = (
    ("PASTC1", "Les Enfants du Paradis (version restaurée)", 800, 1, 1, 3),
    ("PASTC2", "Les Enfants du Paradis (version restaurée)", 800, 2, 1, 9),
    ("PASTC3", "Concert du Trio Démo", 1_500, 1, 2, 5),
    ("PASTL1", "Le Petit Prince", 870, 1, 1, 4),
    ("PASTL2", "Le Petit Prince", 870, 1, 2, 6),
)
PAST_EMAILS = tuple(f"ancien.jeune{n}@example.org" for n in range(1, len(PAST_BOOKINGS) + 1))


def _fortnight_day(fortnights_back: int, day: int) -> datetime.datetime:
    cutoff = rules.last_cutoff_before(timezone.localdate())
    for _ in range(fortnights_back - 1):
        cutoff = rules.last_cutoff_before(rules.fortnight_start(cutoff))
    start = rules.fortnight_start(cutoff)
    used = min(start + datetime.timedelta(days=day), cutoff)
    return timezone.make_aware(datetime.datetime.combine(used, datetime.time(18, 30)))


def _past_young_person(email: str) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": "Ancien", "last_name": "Bénéficiaire", "email_verified_at": timezone.now()}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def ensure_past_used_bookings(offerer, counts: Counter) -> None:
    BankAccountLink.objects.filter(bank_account__offerer=offerer).update(
        starts_at=datetime.datetime(timezone.localdate().year - 1, 1, 1, tzinfo=datetime.UTC)
    )
    for email, (token, offer_name, price, places, back, day) in zip(PAST_EMAILS, PAST_BOOKINGS, strict=True):
        if Booking.objects.filter(token=token).exists():
            continue
        offer = Offer.objects.filter(venue__offerer=offerer, name=offer_name).order_by("pk").first()
        stock = offer.stocks.order_by("pk").first() if offer else None
        if stock is None:
            continue
        used_at = _fortnight_day(back, day)
        booking = Booking.objects.create(
            user=_past_young_person(email), deposit=None, stock=stock, offer=offer, token=token, quantity=places,
            unit_price_cents=price, cap="NONE", status=BookingStatus.USED, used_at=used_at, used_by=UsedBy.OFFERER,
            cancellation_limit_datetime=used_at,
        )  # fmt: skip
        stock_book_places(stock.pk, places)
        finance_event_on_booking_usage(booking, USED, used_at)
        counts["bookings"] += 1
    price_events(actor="DEMO")


def wipe_payments(offerers) -> None:
    """The transfers to the demo's accounts (their justificatifs' files too), after their pricings went; a batch left
    without a transfer nor a pricing goes as well."""
    transfers = Transfer.objects.filter(bank_account__offerer__in=offerers)
    for transfer in transfers.exclude(justificatif=""):
        transfer.justificatif.delete(save=False)
    transfers.delete()
    PaymentBatch.objects.filter(transfers__isnull=True, pricings__isnull=True).delete()
