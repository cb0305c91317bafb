"""The offer status a pro sees, derived in a fixed order, in Python and in SQL alike."""

import datetime
import itertools

import pytest

from passculture.offers.models import Offer, OfferStatus, Stock
from passculture.offers.rules import StockView, offer_status
from passculture.offers.selectors import with_status

NOW = datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.UTC)
FUTURE = NOW + datetime.timedelta(days=3)
PAST = NOW - datetime.timedelta(days=1)


def stock(quantity=10, booked=0, beginning=FUTURE, limit=None, deleted=False):
    return StockView(quantity, booked, beginning, limit, deleted)


@pytest.mark.parametrize(
    ("validation", "active", "stocks", "expected"),
    [
        ("REJECTED", True, [stock()], OfferStatus.REJECTED),
        ("PENDING", False, [stock()], OfferStatus.PENDING),
        ("DRAFT", True, [], OfferStatus.DRAFT),
        ("APPROVED", False, [stock()], OfferStatus.INACTIVE),
        ("APPROVED", True, [], OfferStatus.EXPIRED),
        ("APPROVED", True, [stock(beginning=PAST)], OfferStatus.EXPIRED),
        ("APPROVED", True, [stock(beginning=None, limit=PAST)], OfferStatus.EXPIRED),
        ("APPROVED", True, [stock(deleted=True)], OfferStatus.EXPIRED),
        ("APPROVED", True, [stock(quantity=2, booked=2)], OfferStatus.SOLD_OUT),
        ("APPROVED", True, [stock(quantity=2, booked=2), stock(beginning=PAST)], OfferStatus.SOLD_OUT),
        ("APPROVED", True, [stock(quantity=2, booked=2), stock(quantity=None)], OfferStatus.ACTIVE),
        ("APPROVED", True, [stock(beginning=None, quantity=None)], OfferStatus.ACTIVE),
    ],
)
def test_status_table(validation, active, stocks, expected):
    assert offer_status(validation, active, stocks, NOW) == expected


@pytest.mark.django_db
def test_sql_status_agrees_with_the_python_rule(venue):
    stock_shapes = [
        [],
        [stock()],
        [stock(beginning=PAST)],
        [stock(quantity=1, booked=1)],
        [stock(quantity=1, booked=1), stock(quantity=None)],
        [stock(deleted=True)],
        [stock(beginning=None, limit=PAST)],
    ]
    expected = {}
    for validation, active, shapes in itertools.product(
        ["DRAFT", "PENDING", "APPROVED", "REJECTED"], [True, False], stock_shapes
    ):
        offer = Offer.objects.create(
            venue=venue, subcategory_id="CONCERT", name="x", validation=validation, is_active=active
        )
        for shape in shapes:
            Stock.objects.create(
                offer=offer, price_cents=0, quantity=shape.quantity, booked_quantity=shape.booked_quantity,
                beginning_datetime=shape.beginning_datetime, booking_limit_datetime=shape.booking_limit_datetime,
                is_soft_deleted=shape.is_soft_deleted,
            )  # fmt: skip
        expected[offer.pk] = offer_status(validation, active, shapes, NOW)
    got = dict(with_status(Offer.objects.all(), now=NOW).values_list("pk", "status"))
    assert got == {pk: str(status) for pk, status in expected.items()}


@pytest.mark.parametrize(
    ("stocks", "expected"),
    [
        ([], 0),
        ([stock(quantity=10, booked=3), stock(quantity=5, booked=5)], 7),
        ([stock(quantity=10, booked=3), stock(quantity=None)], None),
        ([stock(quantity=None, beginning=PAST), stock(quantity=4)], 4),  # a past date does not count
        ([stock(quantity=None, deleted=True), stock(quantity=4, booked=1)], 3),
    ],
)
def test_remaining_places(stocks, expected):
    from passculture.offers.rules import remaining_places

    assert remaining_places(stocks, NOW) == expected
