"""What only the fake does: its seeded stock paged like the protocol, whatever the page size."""

import datetime

from passculture.connectors.stocks import PriceUnit, StockItem, StockItemProblem, StockProviderConfig
from passculture.connectors.stocks import fake as stocks_fake
from passculture.connectors.stocks.fake import FakeStocksClient


def test_pages_of_one_item_go_on_past_the_invalid_ones():
    client = FakeStocksClient(StockProviderConfig(base_url="https://fake.example", page_size=1))

    pages = list(client.iter_pages(stocks_fake.DEMO_SIRET))

    assert len(pages) == len(stocks_fake.DEMO_STOCK)
    assert sum(1 for page in pages if not page.items) == 2  # the invalid EAN and the negative quantity
    assert [page.after for page in pages[1:]] == [page.next_after for page in pages[:-1]]


def test_any_other_siret_is_known_with_an_empty_stock():
    client = FakeStocksClient(StockProviderConfig(base_url="https://fake.example"))

    assert client.knows_siret("51234567900017") is True
    assert list(client.iter_items("51234567900017")) == []


def test_a_stock_of_ones_own():
    stocks = {"51234567900017": [{"ref": "9782070360024", "available": 1, "price": 790}, {"ref": "x"}]}
    client = FakeStocksClient(StockProviderConfig(base_url="https://fake.example", price_unit=PriceUnit.CENTS), stocks)

    entries = list(client.iter_items("51234567900017", modified_since=datetime.datetime.now(datetime.UTC)))

    assert isinstance(entries[0], StockItem) and entries[0].price_cents == 790
    assert isinstance(entries[1], StockItemProblem) and entries[1].code == "invalid_ean"
    assert list(client.iter_items(stocks_fake.DEMO_SIRET)) == []  # the demo stock is replaced, not added to
