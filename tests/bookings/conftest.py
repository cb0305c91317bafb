import pytest

from tests.factories import BeneficiaryFactory, BookFactory, EventStockFactory, StockFactory


@pytest.fixture
def beneficiary(db):
    """A young person with a fresh credit."""
    return BeneficiaryFactory()


@pytest.fixture
def event_stock(venue):
    """A Duo concert in 10 days, 10 places at 15 €."""
    return EventStockFactory(offer__venue=venue, in_ten_days=True, price_cents=1500)


@pytest.fixture
def book_stock(venue):
    """10 copies of « Le Petit Prince » at 15 €."""
    return StockFactory(offer=BookFactory(venue=venue), price_cents=1500)
