"""An in-memory stock software for development, demos and tests (no I/O), behind the same polling loop and item
parser as the real client: it stores raw items as a provider would send them.

Reserved SIRETs (see ``docs/connectors.md``): the demo bookshop "Librairie Démo Lyon" has a seeded stock, one
SIRET is unknown to the provider, one makes it unavailable; any other SIRET is known with an empty stock.
"""

from typing import Any

from passculture.connectors.sirene.fake import (
    DEMO_SECONDARY_SIRET,
    UNAVAILABLE_SIREN,
    UNKNOWN_SIREN,
    head_office_siret,
)

from .errors import StocksSiretUnknown, StocksUnavailable
from .parsing import raw_ref
from .polling import PollingStocksClient, clean_siret
from .types import PriceUnit, StockProviderConfig

DEMO_SIRET = DEMO_SECONDARY_SIRET  # 12345678200028, "Librairie Démo Lyon"
UNKNOWN_SIRET = head_office_siret(UNKNOWN_SIREN)  # the provider answers 404
UNAVAILABLE_SIRET = head_office_siret(UNAVAILABLE_SIREN)  # the provider is down (StocksUnavailable)

# EANs of the seeded stock, by what the import should do with them (the catalogue is the demo's: its three
# products plus the sample Titelive file of ``connectors/titelive/sample``).
LE_PETIT_PRINCE = "9782070612758"
L_ETRANGER = "9782070360024"
NINETEEN_EIGHTY_FOUR = "9782070368228"  # no price from the provider: the catalogue's applies
GERMINAL = "9782253004226"  # available 0: sold out, the offer stays
ASTERIX = "9782012101401"
SCHOOL_BOOK = "9782091611099"  # "Mathématiques 6e": a school book, refused by the import
PARASCHOOL_BOOK = "9782218043451"  # a Bescherelle (CLIL 3013, para-school): refused by the import
UNKNOWN_TO_CATALOGUE = "9782226123459"  # a valid EAN the catalogue does not know: skipped and reported
INVALID_EAN = "9782070612759"  # wrong check digit: refused by the parser (invalid_ean)
NEGATIVE_QUANTITY = "9782070413119"  # available -2: refused by the parser (negative_available)

# As a provider whose prices are in euros sends them (``price`` ``None``: no price in the item).
DEMO_STOCK: tuple[dict[str, Any], ...] = (
    {"ref": LE_PETIT_PRINCE, "available": 5, "price": 8.70},
    {"ref": L_ETRANGER, "available": 3, "price": 7.90},
    {"ref": NINETEEN_EIGHTY_FOUR, "available": 4, "price": None},
    {"ref": GERMINAL, "available": 0, "price": 6.90},
    {"ref": ASTERIX, "available": 2, "price": 10.50},
    {"ref": SCHOOL_BOOK, "available": 2, "price": 26.90},
    {"ref": PARASCHOOL_BOOK, "available": 6, "price": 9.90},
    {"ref": UNKNOWN_TO_CATALOGUE, "available": 1, "price": 19.90},
    {"ref": INVALID_EAN, "available": 1, "price": 8.70},
    {"ref": NEGATIVE_QUANTITY, "available": -2, "price": 6.60},
)


def _in_unit(item: dict[str, Any], unit: PriceUnit) -> dict[str, Any]:
    if unit == PriceUnit.CENTS and isinstance(item.get("price"), float):
        return {**item, "price": round(item["price"] * 100)}
    return dict(item)


class FakeStocksClient(PollingStocksClient):
    """Pages its stock exactly as the protocol says: sorted by ref, ``after`` exclusive, ``limit`` items."""

    is_fake = True

    def __init__(self, config: StockProviderConfig, stocks: dict[str, list[dict[str, Any]]] | None = None) -> None:
        super().__init__(config)
        seeded = {DEMO_SIRET: list(DEMO_STOCK)} if stocks is None else stocks
        self.stocks = {siret: sorted(items, key=raw_ref) for siret, items in seeded.items()}

    def knows_siret(self, siret: str) -> bool:
        siret = clean_siret(siret)
        if siret == UNAVAILABLE_SIRET:
            raise StocksUnavailable()
        return siret != UNKNOWN_SIRET

    def _fetch(self, session: Any, siret: str, params: dict[str, str]) -> list[Any]:
        if not self.knows_siret(siret):
            raise StocksSiretUnknown(f"The stock software does not know {siret}.")
        after = params.get("after", "")
        limit = int(params["limit"])
        items = [item for item in self.stocks.get(siret, []) if raw_ref(item) > after]
        return [_in_unit(item, self.config.price_unit) for item in items[:limit]]
