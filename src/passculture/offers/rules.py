"""Pure rules about offers and stocks: derived status, bookability, dates. No ORM, no network."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from passculture.offers.models import OfferStatus, OfferValidation

# Deleting an event date stays possible this long after the event (docs/domain/offers.md#dates).
STOCK_DELETION_DELAY = datetime.timedelta(hours=48)
MAX_RECURRENCE_DATES = 500


@dataclass(frozen=True)
class StockView:
    """The facts about a stock the rules need (works for model instances and query rows alike)."""

    quantity: int | None
    booked_quantity: int
    beginning_datetime: datetime.datetime | None
    booking_limit_datetime: datetime.datetime | None
    is_soft_deleted: bool = False


def is_stock_sold_out(stock) -> bool:
    return stock.quantity is not None and stock.booked_quantity >= stock.quantity


def is_stock_expired(stock, now: datetime.datetime) -> bool:
    """Past its booking limit, or an event already started."""
    if stock.booking_limit_datetime is not None and stock.booking_limit_datetime <= now:
        return True
    return stock.beginning_datetime is not None and stock.beginning_datetime <= now


def is_stock_bookable(stock, now: datetime.datetime) -> bool:
    return not stock.is_soft_deleted and not is_stock_sold_out(stock) and not is_stock_expired(stock, now)


def remaining_places(stocks: Iterable, now: datetime.datetime) -> int | None:
    """Places left over the stocks still open for booking; ``None`` means unlimited."""
    total = 0
    for stock in stocks:
        if stock.is_soft_deleted or is_stock_expired(stock, now):
            continue
        if stock.quantity is None:
            return None
        total += max(stock.quantity - stock.booked_quantity, 0)
    return total


def offer_status(validation: str, is_active: bool, stocks: Iterable, now: datetime.datetime) -> OfferStatus:
    """The status shown to pros, first match wins: REJECTED, PENDING, DRAFT, INACTIVE, EXPIRED, SOLD_OUT, ACTIVE."""
    if validation == OfferValidation.REJECTED:
        return OfferStatus.REJECTED
    if validation == OfferValidation.PENDING:
        return OfferStatus.PENDING
    if validation == OfferValidation.DRAFT:
        return OfferStatus.DRAFT
    if not is_active:
        return OfferStatus.INACTIVE
    live = [stock for stock in stocks if not stock.is_soft_deleted]
    if not live or all(is_stock_expired(stock, now) for stock in live):
        return OfferStatus.EXPIRED
    if all(is_stock_sold_out(stock) or is_stock_expired(stock, now) for stock in live):
        return OfferStatus.SOLD_OUT
    return OfferStatus.ACTIVE


def stock_deletion_allowed(beginning: datetime.datetime | None, now: datetime.datetime) -> bool:
    return beginning is None or now <= beginning + STOCK_DELETION_DELAY


def recurrence_datetimes(
    *,
    first_day: datetime.date,
    last_day: datetime.date,
    weekdays: Iterable[int],
    times: Iterable[datetime.time],
    tz_name: str,
) -> list[datetime.datetime]:
    """Every (day in the period whose weekday is in ``weekdays``, 0 = Monday) × time, as aware UTC datetimes.

    Times are read in the venue's time zone, so "20:30" stays 20:30 for the public across a DST change.
    """
    zone = ZoneInfo(tz_name)
    weekdays, times = set(weekdays), sorted(set(times))
    result = []
    day = first_day
    while day <= last_day:
        if day.weekday() in weekdays:
            for moment in times:
                result.append(datetime.datetime.combine(day, moment, tzinfo=zone).astimezone(datetime.UTC))
        day += datetime.timedelta(days=1)
    return result


@dataclass(frozen=True)
class RuleMatch:
    rule_name: str
    reason: str


def matching_validation_rules(
    rules: Iterable, *, name: str, description: str, subcategory_id: str, max_price_cents: int, offerer_offer_count: int
) -> list[RuleMatch]:
    """Which review rules (rows of ``OfferValidationRule``) send this offer to manual review."""
    text = f"{name} {description}".lower()
    matches = []
    for rule in rules:
        params = rule.parameters or {}
        if rule.kind == "PRICE_ABOVE" and max_price_cents > int(params.get("cents", 0)):
            matches.append(RuleMatch(rule.name, "prix élevé"))
        elif rule.kind == "NAME_KEYWORD":
            found = [word for word in params.get("keywords", []) if word.lower() in text]
            if found:
                matches.append(RuleMatch(rule.name, "mots-clés : " + ", ".join(found)))
        elif rule.kind == "NEW_OFFERER" and offerer_offer_count < int(params.get("first_offers", 1)):
            matches.append(RuleMatch(rule.name, "première(s) offre(s) de la structure"))
        elif rule.kind == "SUBCATEGORY" and subcategory_id in params.get("subcategories", []):
            matches.append(RuleMatch(rule.name, "type d'offre surveillé"))
    return matches
