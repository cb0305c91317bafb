"""Bookstore stock-software connector: one generic client of the polling protocol shared by Titelive (Dialogue),
Place des libraires (2DCOM), TMIC Ellipse, Praxiel Inférence, Livralog, Prosoft Leituro, Elanion and Byblos.

``get_stocks_client(config)`` builds the client chosen by ``settings.STOCKS_BACKEND`` (the fake by default) for
one provider's configuration (base URL, ``Authorization`` header, price unit).
"""

from passculture.connectors import connector_class

from .base import StocksClient
from .errors import (
    StocksError,
    StocksMalformedResponse,
    StocksRateLimited,
    StocksSiretUnknown,
    StocksUnauthorized,
    StocksUnavailable,
)
from .parsing import parse_item, parse_items
from .types import (
    ITEM_PROBLEM_MESSAGES,
    ItemProblemCode,
    PriceUnit,
    StockItem,
    StockItemProblem,
    StockPage,
    StockProviderConfig,
)

__all__ = [
    "ITEM_PROBLEM_MESSAGES",
    "ItemProblemCode",
    "PriceUnit",
    "StockItem",
    "StockItemProblem",
    "StockPage",
    "StockProviderConfig",
    "StocksClient",
    "StocksError",
    "StocksMalformedResponse",
    "StocksRateLimited",
    "StocksSiretUnknown",
    "StocksUnauthorized",
    "StocksUnavailable",
    "get_stocks_client",
    "parse_item",
    "parse_items",
]


def get_stocks_client(config: StockProviderConfig) -> StocksClient:
    return connector_class("STOCKS_BACKEND")(config)
