"""Pure rules about offers and stocks: derived status, bookability, dates. No ORM, no network."""

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from passculture.core.errors import DomainError
from passculture.core.money import format_cents
from passculture.core.transitions import StateMachine, Transition
from passculture.offers import errors
from passculture.offers.categories import Cap, Subcategory
from passculture.offers.models import OfferStatus, OfferValidation

# Deleting an event date stays possible this long after the event (docs/domain/offers.md#dates).
STOCK_DELETION_DELAY = datetime.timedelta(hours=48)
MAX_RECURRENCE_DATES = 500
# Sanity bounds whatever the entry point (forms, API, imports); business maxima are parameters.
PRICE_CEILING_CENTS = 10_000_000  # 100 000 €
QUANTITY_CEILING = 1_000_000


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


def price_quantity_errors(
    price_cents: int | None, quantity: int | None, *, new_date: bool = False
) -> list[DomainError]:
    """What refuses a price and a number of places (``None``: not known, or unlimited places); a new event date
    has at least one place."""
    found: list[DomainError] = []
    if price_cents is not None and price_cents < 0:
        found.append(errors.InvalidPrice(field="price"))
    elif price_cents is not None and price_cents > PRICE_CEILING_CENTS:
        found.append(errors.ValueTooLarge(field="price", what="Le prix", maximum="100 000 €"))
    if quantity is not None and quantity > QUANTITY_CEILING:
        found.append(errors.ValueTooLarge(field="quantity", what="La quantité", maximum="1 000 000"))
    elif quantity == 0 and new_date:
        found.append(errors.NoPlaces(field="quantity"))
    return found


def recurrence_errors(
    *,
    first_day: datetime.date | None,
    last_day: datetime.date | None,
    weekdays: Iterable[int] | None,
    times: Iterable[datetime.time] | None,
    hours_before: int | None,
    tz_name: str,
    now: datetime.datetime,
) -> list[DomainError]:
    """Every reason to refuse these recurring dates that needs no database (period, upcoming dates, booking limit).
    A value missing (``None``: not typed, or mistyped) skips the checks that need it, so a form reports the rest
    at once."""
    found: list[DomainError] = []
    if first_day is None or last_day is None:
        return found
    if last_day < first_day:
        return [errors.InvalidRecurrence(reason="La fin de la période doit suivre son début.", field="last_day")]
    if (last_day - first_day).days > 366:
        return [errors.InvalidRecurrence(reason="La période ne peut pas dépasser un an.", field="last_day")]
    weekdays, times = list(weekdays or []), list(times or [])
    if not weekdays or not times:
        return found
    moments = upcoming_recurrence(
        first_day=first_day, last_day=last_day, weekdays=weekdays, times=times, tz_name=tz_name, now=now
    )
    if not moments:
        found.append(errors.InvalidRecurrence(reason="Aucune date à venir ne correspond à ces jours et horaires."))
    elif len(moments) > MAX_RECURRENCE_DATES:
        found.append(errors.InvalidRecurrence(reason=f"{len(moments)} dates : {MAX_RECURRENCE_DATES} au maximum."))
    elif hours_before is not None and moments[0] - datetime.timedelta(hours=hours_before) <= now:
        found.append(
            errors.InvalidRecurrence(
                reason=(
                    f"La fin des réservations, {hours_before} heures avant le début, serait déjà passée pour la "
                    "première date : réduisez ce délai ou commencez la période plus tard."
                ),
                field="booking_limit_hours_before",
            )
        )
    return found


def upcoming_recurrence(
    *,
    first_day: datetime.date,
    last_day: datetime.date,
    weekdays: Iterable[int],
    times: Iterable[datetime.time],
    tz_name: str,
    now: datetime.datetime,
) -> list[datetime.datetime]:
    """The dates of :func:`recurrence_datetimes` still to come."""
    moments = recurrence_datetimes(
        first_day=first_day, last_day=last_day, weekdays=weekdays, times=times, tz_name=tz_name
    )
    return [moment for moment in moments if moment > now]


# --- The validation of an offer, as data --------------------------------------------------------------------------

_DRAFT, _PENDING, _APPROVED, _REJECTED = (
    OfferValidation.DRAFT, OfferValidation.PENDING, OfferValidation.APPROVED, OfferValidation.REJECTED,
)  # fmt: skip
OFFER_VALIDATION = StateMachine(
    # A publication goes to PENDING or APPROVED as the review rules decide; publishing twice changes nothing.
    Transition("publish", frozenset({_DRAFT}), None, None),
    Transition("approve", frozenset({_PENDING}), _APPROVED, errors.OfferAlreadyDecided),
    Transition("reject", frozenset({_PENDING, _APPROVED}), _REJECTED, errors.OfferAlreadyDecided),
    # What keeps the validation but depends on it: editing (and adding stocks), duplicating, changing the type.
    Transition("edit", frozenset({_DRAFT, _PENDING, _APPROVED}), None, errors.OfferNotEditable),
    Transition("duplicate", frozenset({_DRAFT, _PENDING, _APPROVED}), None, errors.RejectedNotDuplicable),
    Transition("change_type", frozenset({_DRAFT, _PENDING}), None, errors.TypeLocked),
)
STAFF_REVIEW_ACTIONS = ("approve", "reject")


def review_actions(validation: str) -> set[str]:
    """The staff decisions an offer in ``validation`` allows: the buttons of its back-office page."""
    return OFFER_VALIDATION.available(validation, STAFF_REVIEW_ACTIONS)


# --- Prices a pro confirms before they are saved ------------------------------------------------------------------


@dataclass(frozen=True)
class DepositCaps:
    """The amounts of a young person's credit (``None``: no such cap), docs/domain/beneficiaries.md#caps."""

    total_cents: int | None
    physical_cents: int | None
    digital_cents: int | None


def price_warnings(
    price_cents: int, *, cap: Cap, caps: DepositCaps, old_price_cents: int | None = None, booked: int = 0
) -> list[str]:
    """What a pro confirms before saving a price (a warning, not a refusal): above the cap the offer counts toward
    (no young person could book it), or the whole credit; a raise on a date or stock already booked."""
    warnings = []
    price = format_cents(price_cents)
    if price_cents != old_price_cents:
        limits = {Cap.PHYSICAL: (caps.physical_cents, "plafond des biens physiques"),
                  Cap.DIGITAL: (caps.digital_cents, "plafond des offres numériques")}  # fmt: skip
        limit, what = limits.get(cap, (None, ""))
        if limit is not None and price_cents > limit:
            warnings.append(
                f"Aucun jeune ne pourra réserver cette offre : son prix ({price}) dépasse le {what} du crédit "
                f"pass Culture ({format_cents(limit)})."
            )
        elif caps.total_cents is not None and price_cents > caps.total_cents:
            warnings.append(
                f"Aucun jeune ne pourra réserver cette offre : son prix ({price}) dépasse le crédit pass Culture "
                f"d'un jeune ({format_cents(caps.total_cents)})."
            )
        elif caps.total_cents is not None and price_cents == caps.total_cents:
            warnings.append(
                f"Ce prix ({price}) prendrait tout le crédit pass Culture d'un jeune ({format_cents(caps.total_cents)})"
                " : vérifiez-le."
            )
    if old_price_cents is not None and price_cents > old_price_cents and booked:
        places = f"{booked} place{'s' if booked > 1 else ''} déjà réservée{'s' if booked > 1 else ''}"
        warnings.append(
            f"{places} à {format_cents(old_price_cents)} : ces jeunes gardent ce prix ; le nouveau prix ({price}) "
            "ne vaut que pour les prochaines réservations."
        )
    return warnings


# --- A catalogue product and the title typed for it ---------------------------------------------------------------


def _title_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return re.findall(r"[a-z0-9]+", "".join(char for char in folded if not unicodedata.combining(char)))


def title_fits_product(typed: str, product_name: str) -> bool:
    """Whether a typed title can be the catalogue product's (its EAN's): one holds the other ("Le Petit Prince,
    édition collector"), or they share half of the product's significant words; an unrelated title cannot."""
    typed_words, product_words = _title_words(typed), _title_words(product_name)
    typed_text, product_text = " ".join(typed_words), " ".join(product_words)
    if not product_text or product_text in typed_text or (typed_text and typed_text in product_text):
        return True
    significant = {word for word in product_words if len(word) >= 4} or set(product_words)
    return 2 * len(significant & set(typed_words)) >= len(significant)


# --- Placement: which venue (digital or physical), URL and Duo a type of offer allows ---------------------------

ON_SITE_ONLY = "Ce type d'offre se déroule sur place : choisissez un lieu physique."
COLLECTED_ON_SITE = "Ce type d'offre est retiré sur place par les jeunes : choisissez un lieu physique."
ONLINE_ONLY = "Ce type d'offre est numérique : il est rattaché au lieu « Offre numérique » de la structure."


def venue_allowed(subcategory: Subcategory, venue_is_virtual: bool) -> bool:
    """A type goes to the digital venue when it can be online, to a physical venue when it can be offline."""
    return subcategory.can_be_online if venue_is_virtual else subcategory.can_be_offline


def venue_mismatch(subcategory: Subcategory, venue_is_virtual: bool) -> errors.VenueMismatch | None:
    """The refusal (its French wording) when the venue does not suit the type, else ``None``."""
    if venue_allowed(subcategory, venue_is_virtual):
        return None
    if not venue_is_virtual:
        return errors.VenueMismatch(field="venue", reason=ONLINE_ONLY)
    return errors.VenueMismatch(field="venue", reason=ON_SITE_ONLY if subcategory.is_event else COLLECTED_ON_SITE)


def placement_error(subcategory: Subcategory, *, venue_is_virtual: bool, url: str, is_duo: bool) -> DomainError | None:
    """The first placement rule the offer breaks (venue, then URL, then Duo), or ``None``."""
    mismatch = venue_mismatch(subcategory, venue_is_virtual)
    if mismatch is not None:
        return mismatch
    if venue_is_virtual and not url:
        return errors.UrlRequired(field="url")
    if not venue_is_virtual and url:
        return errors.UrlForbidden(field="url")
    if is_duo and not subcategory.can_be_duo:
        return errors.DuoNotAllowed(field="is_duo")
    return None


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
