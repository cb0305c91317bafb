"""What the rest of the application needs to know from a bookstore's stock software (the polling protocol).

``GET {base_url}/{siret}?limit=1000[&after=<last ref>][&modifiedSince=<ISO-8601 UTC>]`` answers
``{"stocks": [{"ref": "<EAN13>", "available": <int ≥ 0>, "price": <number>}]}``. Each item becomes a
``StockItem`` or a ``StockItemProblem`` (reason code and French message); pages are streamed.
"""

from dataclasses import dataclass
from enum import StrEnum


class PriceUnit(StrEnum):
    """How a provider writes prices: ``8.5`` (euros, the default) or ``850`` (cents)."""

    EUROS = "euros"
    CENTS = "cents"


DEFAULT_PAGE_SIZE = 1000
DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class StockProviderConfig:
    """How to reach one provider: what the ``providers`` app stores for Titelive Dialogue, 2DCOM, Byblos…"""

    base_url: str
    # The whole value of the ``Authorization`` header ("Bearer xyz", "Basic …"); empty: no header.
    authorization: str = ""
    price_unit: PriceUnit = PriceUnit.EUROS
    page_size: int = DEFAULT_PAGE_SIZE
    timeout: float = DEFAULT_TIMEOUT
    name: str = ""  # for messages and logs ("Titelive (Dialogue)")


@dataclass(frozen=True, slots=True)
class StockItem:
    """A valid item: an EAN-13 with a check digit, a quantity available ≥ 0, a price in cents.

    ``price_cents`` is ``None`` when the provider sent no price, ``null`` or ``0``: the import then takes the
    catalogue price (and refuses the item with ``NO_PRICE`` when the catalogue has none).
    """

    ref: str
    available: int
    price_cents: int | None
    position: int  # 1-based rank of the item in the whole stream (for the sync report)


class ItemProblemCode(StrEnum):
    NO_REF = "no_ref"
    INVALID_EAN = "invalid_ean"
    NO_AVAILABLE = "no_available"
    INVALID_AVAILABLE = "invalid_available"
    NEGATIVE_AVAILABLE = "negative_available"
    INVALID_PRICE = "invalid_price"
    NO_PRICE = "no_price"  # not raised by the parser: for the import, when neither provider nor catalogue has one
    NOT_AN_OBJECT = "not_an_object"


ITEM_PROBLEM_MESSAGES: dict[str, str] = {
    ItemProblemCode.NO_REF: "Article sans référence (EAN) : ignoré.",
    ItemProblemCode.INVALID_EAN: "La référence « {value} » n’est pas un EAN-13 valide : article ignoré.",
    ItemProblemCode.NO_AVAILABLE: "Quantité disponible absente : article ignoré.",
    ItemProblemCode.INVALID_AVAILABLE: "Quantité disponible illisible (« {value} ») : article ignoré.",
    ItemProblemCode.NEGATIVE_AVAILABLE: "Quantité disponible négative ({value}) : article ignoré.",
    ItemProblemCode.INVALID_PRICE: "Prix illisible ou négatif (« {value} ») : article ignoré.",
    ItemProblemCode.NO_PRICE: "Ni le logiciel de stock ni le catalogue ne donnent de prix : article ignoré.",
    ItemProblemCode.NOT_AN_OBJECT: "Article illisible (ce n’est pas un objet JSON) : ignoré.",
}


@dataclass(frozen=True, slots=True)
class StockItemProblem:
    """An item refused by the parser, with a stable ``code`` and a French ``message`` for the sync report."""

    code: str
    message: str
    position: int  # 1-based rank of the item in the whole stream
    ref: str = ""  # the ref as sent (may be invalid or empty)


@dataclass(frozen=True, slots=True)
class StockPage:
    """One page of the stream: its valid items (a duplicate ref within the page: the last one wins) and problems."""

    number: int  # 1-based
    items: tuple[StockItem, ...]
    problems: tuple[StockItemProblem, ...] = ()
    received: int = 0  # raw items in the page, valid or not
    duplicates: int = 0  # items replaced by a later one with the same ref
    after: str = ""  # the cursor sent to get this page ("" for the first)
    next_after: str = ""  # the cursor for the next page (the last ref of this one)
