"""The set-based pricing gives, on random data, the amounts of an independent per-booking implementation of the
guide's scale (docs/domain/finance.md#scale): bookings one by one in order of use, the revenue of the calendar year
in Paris counting each one, one rate per booking from the guide's table, half up to the cent. Then a random part of
them is un-used and everything is priced again. Runs on SQLite and PostgreSQL alike (the suite runs on both)."""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passculture.finance.models import FinanceEvent, Pricing, PricingStatus
from passculture.finance.services.pricing import price_events
from passculture.offers.categories import get_subcategory
from tests.factories import OfferFactory, VenueFactory, bulk_used_bookings, unuse

# The guide's "Barème des remboursements", written out again: (ceiling of the yearly revenue in €, rate in %).
GUIDE = {
    "STANDARD": [(20_000, 100), (40_000, 95), (150_000, 85), (None, 70)],
    "BOOK": [(20_000, 100), (None, 95)],
    "NOT_REIMBURSED": [(None, 0)],
}
SUBCATEGORIES = ["CINE_PLEIN_AIR", "CONCERT", "LIVRE_PAPIER", "VOD"]
START = datetime.datetime(2025, 12, 20, tzinfo=datetime.UTC)  # the random uses cross the new year
PARIS = ZoneInfo("Europe/Paris")

BOOKINGS = st.lists(
    st.tuples(
        st.integers(0, 1),  # which venue (pricing point)
        st.sampled_from(SUBCATEGORIES),
        # Price in cents: small (multiples of 5 land on half cents at 95, 85 and 70 %), or up to 30 000 €.
        st.one_of(st.integers(0, 400).map(lambda n: n * 5), st.integers(0, 3_000_000)),
        st.integers(1, 2),  # places
        st.integers(0, 30 * 24 * 60),  # minutes after START
        st.booleans(),  # un-used afterwards
    ),
    min_size=1,
    max_size=25,
)


def reference(bookings) -> dict[int, int]:
    """Per booking id, its amount: ``bookings`` are (id, point, group, total cents, used_at), priced one by one."""
    revenue: dict[tuple, int] = defaultdict(int)
    amounts = {}
    for booking_id, point, group, total, used_at in sorted(bookings, key=lambda b: (b[4], b[0])):
        key = (point, used_at.astimezone(PARIS).year)
        revenue[key] += total
        rate = next(rate for ceiling, rate in GUIDE[group] if ceiling is None or revenue[key] <= ceiling * 100)
        amounts[booking_id] = int((Decimal(total) * rate / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return amounts


def _priced() -> dict[int, int]:
    return dict(
        Pricing.objects.exclude(status=PricingStatus.CANCELLED)
        .filter(amount__gte=0)
        .values_list("booking_id", "amount")
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=BOOKINGS)
def test_set_based_pricing_matches_a_booking_by_booking_reference(db, rows):
    with transaction.atomic():  # a savepoint per example, rolled back below
        points = [VenueFactory(), VenueFactory()]
        offers = {
            (p, sub): OfferFactory(venue=points[p], subcategory_id=sub) for p in range(2) for sub in SUBCATEGORIES
        }
        used_at = [START + datetime.timedelta(minutes=row[4]) for row in rows]
        created = []
        for p in range(2):
            mine = [(row, at) for row, at in zip(rows, used_at, strict=True) if row[0] == p]
            specs = [(offers[(p, row[1])], row[2], row[3], at) for row, at in mine]
            created += [(b, row) for b, (row, _) in zip(bulk_used_bookings(specs, points[p]), mine, strict=True)]
        # Events are priced in order of use then id: ids follow the order of creation, as in the reference.
        event_ids = dict(FinanceEvent.objects.values_list("booking_id", "id"))

        def expected(kept):
            return reference(
                [
                    (event_ids[b.pk], row[0], _group(row[1]), b.unit_price_cents * b.quantity, b.used_at)
                    for b, row in kept
                ]
            )

        price_events()
        by_event = {event_ids[b.pk]: b.pk for b, _ in created}
        assert _priced() == {by_event[e]: amount for e, amount in expected(created).items()}

        for booking, row in created:
            if row[5]:
                unuse(booking, at=START + datetime.timedelta(days=40))
        price_events()
        kept = [(b, row) for b, row in created if not row[5]]
        assert _priced() == {by_event[e]: amount for e, amount in expected(kept).items()}
        transaction.set_rollback(True)


def _group(subcategory_id: str) -> str:
    return str(get_subcategory(subcategory_id).reimbursement_family)
