"""Pure parsing of the stock-software payloads: one item → ``StockItem`` or ``StockItemProblem``.

Shared by the HTTP client, the fake and the push endpoint (same body), so that every path refuses the same items
with the same reasons.
"""

import math
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from passculture.connectors.ean import clean_ean13
from passculture.core.money import euros_to_cents

from .types import ITEM_PROBLEM_MESSAGES, ItemProblemCode, PriceUnit, StockItem, StockItemProblem, StockPage

_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
# Quantities and prices are stored in 32-bit integer columns: anything larger is refused as unreadable.
MAX_INTEGER = 2_147_483_647
# Longest value quoted back in a French message (a provider may send anything).
_QUOTE_MAX = 40


def _quote(value: Any) -> str:
    text = str(value)
    return text if len(text) <= _QUOTE_MAX else text[: _QUOTE_MAX - 1] + "…"


def _problem(code: ItemProblemCode, position: int, ref: str = "", **values: Any) -> StockItemProblem:
    message = ITEM_PROBLEM_MESSAGES[code].format(**{key: _quote(value) for key, value in values.items()})
    return StockItemProblem(code=code.value, message=message, position=position, ref=ref)


def _integer(value: Any) -> int | None:
    """An integer from an int, an integral float or a decimal string; ``None`` otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    return None


def parse_price_cents(value: Any, unit: PriceUnit) -> int | None:
    """Cents from a price in euros (``8.5``, ``"8,50"``) or cents (``850``); raises ``ValueError`` when unreadable
    or negative. ``None``, ``""`` and ``0`` give ``None`` (no price: the catalogue's is used)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"not a price: {value!r}")
    if unit == PriceUnit.CENTS:
        cents = _integer(value)
        if cents is None:
            raise ValueError(f"not a price in cents: {value!r}")
    else:
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"not a price: {value!r}")
        try:
            cents = euros_to_cents(repr(value) if isinstance(value, float) else value)
        except ArithmeticError as exc:  # decimal overflow on absurd exponents
            raise ValueError(f"not a price: {value!r}") from exc
    if cents < 0 or cents > MAX_INTEGER:
        raise ValueError(f"negative or absurd price: {value!r}")
    return cents or None


def parse_item(raw: Any, position: int, unit: PriceUnit = PriceUnit.EUROS) -> StockItem | StockItemProblem:
    """One item of ``{"stocks": [...]}``; ``position`` is its 1-based rank in the whole stream."""
    if not isinstance(raw, dict):
        return _problem(ItemProblemCode.NOT_AN_OBJECT, position)
    raw_ref = raw.get("ref")
    ref_text = "" if raw_ref is None or isinstance(raw_ref, bool) else str(raw_ref).strip()
    if not ref_text:
        return _problem(ItemProblemCode.NO_REF, position)
    ref = clean_ean13(raw_ref)
    if ref is None:
        return _problem(ItemProblemCode.INVALID_EAN, position, ref_text, value=ref_text)
    if "available" not in raw or raw["available"] is None:
        return _problem(ItemProblemCode.NO_AVAILABLE, position, ref)
    available = _integer(raw["available"])
    if available is None or available > MAX_INTEGER:
        return _problem(ItemProblemCode.INVALID_AVAILABLE, position, ref, value=raw["available"])
    if available < 0:
        return _problem(ItemProblemCode.NEGATIVE_AVAILABLE, position, ref, value=available)
    try:
        price_cents = parse_price_cents(raw.get("price"), unit)
    except ValueError:
        return _problem(ItemProblemCode.INVALID_PRICE, position, ref, value=raw.get("price"))
    return StockItem(ref=ref, available=available, price_cents=price_cents, position=position)


def parse_items(
    raws: Iterable[Any], first_position: int = 1, unit: PriceUnit = PriceUnit.EUROS
) -> Iterator[StockItem | StockItemProblem]:
    """Parse a list of raw items in order (positions ``first_position``, ``first_position + 1``…)."""
    for offset, raw in enumerate(raws):
        yield parse_item(raw, first_position + offset, unit)


def raw_ref(raw: Any) -> str:
    """The ref of a raw item as text ("" when absent): the paging cursor, valid EAN or not."""
    if not isinstance(raw, dict):
        return ""
    value = raw.get("ref")
    if value is None or isinstance(value, bool | dict | list):
        return ""
    return str(value).strip()


def build_page(raws: list[Any], number: int, first_position: int, after: str, unit: PriceUnit) -> StockPage:
    """Parse one page's raw items. A ref met twice in the page: the last item wins (the earlier one is dropped and
    counted in ``duplicates``). ``next_after`` is the last raw ref of the page, valid EAN or not."""
    by_ref: dict[str, StockItem] = {}
    problems: list[StockItemProblem] = []
    duplicates = 0
    for parsed in parse_items(raws, first_position, unit):
        if isinstance(parsed, StockItemProblem):
            problems.append(parsed)
            continue
        if parsed.ref in by_ref:
            duplicates += 1
            del by_ref[parsed.ref]  # re-inserted below: the dict keeps the order of the last occurrences
        by_ref[parsed.ref] = parsed
    next_after = next((ref for ref in map(raw_ref, reversed(raws)) if ref), "")
    return StockPage(
        number=number,
        items=tuple(by_ref.values()),
        problems=tuple(problems),
        received=len(raws),
        duplicates=duplicates,
        after=after,
        next_after=next_after,
    )
