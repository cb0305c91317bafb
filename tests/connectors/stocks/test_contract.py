"""The contract every stock-software client honours: run against the fake and the HTTP client (recorded pages)."""

import datetime

import pytest

from passculture.connectors.stocks import (
    ItemProblemCode,
    PriceUnit,
    StockItem,
    StockItemProblem,
    StocksClient,
    StocksError,
    StocksSiretUnknown,
    StocksUnavailable,
)
from passculture.connectors.stocks import fake as stocks_fake


def test_implements_the_interface(stocks_client):
    assert isinstance(stocks_client, StocksClient)


class TestDemoBookshop:
    def test_valid_items_with_their_quantity_and_price_in_cents(self, stocks_client):
        items = {entry.ref: entry for entry in stocks_client.iter_items(stocks_fake.DEMO_SIRET)}

        assert (items[stocks_fake.LE_PETIT_PRINCE].available, items[stocks_fake.LE_PETIT_PRINCE].price_cents) == (
            5,
            870,
        )
        assert (items[stocks_fake.L_ETRANGER].available, items[stocks_fake.L_ETRANGER].price_cents) == (3, 790)
        assert items[stocks_fake.ASTERIX].price_cents == 1050
        # A school book and an EAN the catalogue ignores are valid items: the import refuses them, not the client.
        assert isinstance(items[stocks_fake.SCHOOL_BOOK], StockItem)
        assert isinstance(items[stocks_fake.UNKNOWN_TO_CATALOGUE], StockItem)

    def test_sold_out_and_unpriced_items_are_valid(self, stocks_client):
        items = {entry.ref: entry for entry in stocks_client.iter_items(stocks_fake.DEMO_SIRET)}

        assert items[stocks_fake.GERMINAL].available == 0
        assert items[stocks_fake.NINETEEN_EIGHTY_FOUR].price_cents is None  # the catalogue price will apply

    def test_invalid_items_are_reported_with_a_code_and_a_french_message(self, stocks_client):
        problems = [
            entry for entry in stocks_client.iter_items(stocks_fake.DEMO_SIRET) if isinstance(entry, StockItemProblem)
        ]

        assert [(problem.ref, problem.code) for problem in problems] == [
            (stocks_fake.NEGATIVE_QUANTITY, ItemProblemCode.NEGATIVE_AVAILABLE),
            (stocks_fake.INVALID_EAN, ItemProblemCode.INVALID_EAN),
        ]
        assert problems[0].message == "Quantité disponible négative (-2) : article ignoré."
        assert stocks_fake.INVALID_EAN in problems[1].message

    def test_items_come_in_order_with_their_position_in_the_stream(self, stocks_client):
        entries = list(stocks_client.iter_items(stocks_fake.DEMO_SIRET))

        assert [entry.position for entry in entries] == list(range(1, 11))

    def test_pages_are_numbered_and_carry_their_counts(self, stocks_client):
        [page] = stocks_client.iter_pages(stocks_fake.DEMO_SIRET)

        assert page.number == 1
        assert (page.received, len(page.items), len(page.problems), page.duplicates) == (10, 8, 2, 0)
        assert page.next_after == "9782253004226"

    def test_prices_in_cents_give_the_same_amounts(self, stocks_client_for):
        in_cents = stocks_client_for(PriceUnit.CENTS)
        in_euros = stocks_client_for(PriceUnit.EUROS)

        cents = {e.ref: e.price_cents for e in in_cents.iter_items(stocks_fake.DEMO_SIRET) if isinstance(e, StockItem)}
        euros = {e.ref: e.price_cents for e in in_euros.iter_items(stocks_fake.DEMO_SIRET) if isinstance(e, StockItem)}

        assert cents == euros
        assert cents[stocks_fake.LE_PETIT_PRINCE] == 870


class TestKnowsSiret:
    def test_the_demo_bookshop(self, stocks_client):
        assert stocks_client.knows_siret(stocks_fake.DEMO_SIRET) is True
        assert stocks_client.knows_siret("123 456 782 00028") is True

    def test_an_unknown_siret(self, stocks_client):
        assert stocks_client.knows_siret(stocks_fake.UNKNOWN_SIRET) is False

    def test_an_unavailable_provider(self, stocks_client):
        with pytest.raises(StocksUnavailable):
            stocks_client.knows_siret(stocks_fake.UNAVAILABLE_SIRET)


@pytest.mark.parametrize(
    ("siret", "error", "code"),
    [
        (stocks_fake.UNKNOWN_SIRET, StocksSiretUnknown, "siret_unknown"),
        (stocks_fake.UNAVAILABLE_SIRET, StocksUnavailable, "unavailable"),
    ],
)
def test_errors_are_coded_with_a_french_message(stocks_client, siret, error, code):
    with pytest.raises(error) as excinfo:
        list(stocks_client.iter_items(siret))

    assert isinstance(excinfo.value, StocksError)
    assert excinfo.value.code == code
    assert "logiciel de stock" in excinfo.value.user_message.lower()


@pytest.mark.parametrize("siret", ["", "1234567820002", "123456782000289", "1234567820002A", "../../admin"])
def test_a_number_that_is_not_a_siret_makes_no_call(stocks_client, stocks_calls, siret):
    with pytest.raises(StocksSiretUnknown):
        list(stocks_client.iter_pages(siret))
    with pytest.raises(StocksSiretUnknown):
        stocks_client.knows_siret(siret)

    assert stocks_calls() == 0


def test_modified_since_must_be_time_zone_aware(stocks_client, stocks_calls):
    with pytest.raises(ValueError, match="aware"):
        list(stocks_client.iter_items(stocks_fake.DEMO_SIRET, modified_since=datetime.datetime(2026, 12, 1)))

    assert stocks_calls() == 0
