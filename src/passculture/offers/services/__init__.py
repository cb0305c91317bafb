"""Use cases that write offers and stocks (docs/domain/offers.md)."""

import datetime
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone

from passculture.accounts.models import User
from passculture.core.audit import log_action
from passculture.core.dates import format_datetime
from passculture.core.identifiers import normalise_ean
from passculture.core.mail import send_on_commit
from passculture.core.sql import Increment, IncrementReturning, column, compiled, db_value, updates_return_joined_rows
from passculture.offerers.models import Offerer, OffererStatus, Venue
from passculture.offers import eligibility, errors, rules, selectors
from passculture.offers.categories import ExtraField, Subcategory, get_subcategory
from passculture.offers.models import (
    Offer,
    OfferValidation,
    OfferValidationRule,
    Stock,
    StockDateChange,
)

OFFER_FIELDS = [
    "name", "description", "url", "is_duo", "is_national", "booking_email", "withdrawal_details",
    "duration_minutes", "image", "image_credit", "audio_disability_compliant", "mental_disability_compliant",
    "motor_disability_compliant", "visual_disability_compliant",
]  # fmt: skip
NAME_MAX_LENGTH = 90

# The bookings app registers here (from its AppConfig.ready) what cancels the unused bookings of a stock that is
# deleted, or of every stock of a rejected offer: offers must not import bookings (dependency direction). The
# handler gets who cancels (a value of bookings' CancellationReason: "OFFERER" or "BACKOFFICE") and the comment told
# to the young people.
StockCancellationHandler = Callable[[Stock, User | None, str, str], int]
_stock_cancellation_handlers: list[StockCancellationHandler] = []
STOCK_DELETED_COMMENT = "La date ou l'offre a été supprimée par la structure."
OFFER_REJECTED_COMMENT = "L'offre a été retirée du pass Culture par l'équipe du pass Culture."


def register_stock_cancellation_handler(handler: StockCancellationHandler) -> None:
    if handler not in _stock_cancellation_handlers:
        _stock_cancellation_handlers.append(handler)


def cancel_bookings_of_stock(stock: Stock, actor: User | None, reason: str, comment: str) -> int:
    """Cancel the unused bookings of ``stock``; returns how many were cancelled."""
    return sum(handler(stock, actor, reason, comment) for handler in _stock_cancellation_handlers)


# And what tells the beneficiaries of an event's new date (from its history) and recomputes their cancellation limits.
DateChangeHandler = Callable[[StockDateChange, User | None], int]
_date_change_handlers: list[DateChangeHandler] = []


def register_date_change_handler(handler: DateChangeHandler) -> None:
    if handler not in _date_change_handlers:
        _date_change_handlers.append(handler)


def _snapshot(offer: Offer) -> dict:
    return {field: str(getattr(offer, field)) for field in [*OFFER_FIELDS, "subcategory_id", "extra_data"]}


def _clean_extra_data(subcategory: Subcategory, extra_data: dict) -> dict:
    """Keep the conditional fields of the subcategory, check the required ones and the identifiers."""
    cleaned = {}
    for field in subcategory.fields:
        value = extra_data.get(field.field_name)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, ""):
            if field in subcategory.required_fields:
                raise errors.MissingField(field=field.field_name, label=field.label)
            continue
        if field == ExtraField.EAN:
            value = normalise_ean(str(value))
            if value is None:
                raise errors.InvalidEan(field="ean")
        if field == ExtraField.VISA and not str(value).isdigit():
            raise errors.InvalidVisa(field="visa")
        cleaned[field.field_name] = value
    return cleaned


def _check_placement(subcategory: Subcategory, venue: Venue, url: str, is_duo: bool) -> None:
    error = rules.placement_error(subcategory, venue_is_virtual=venue.is_virtual, url=url, is_duo=is_duo)
    if error is not None:
        raise error


def _check_eligibility(offer: Offer, by_staff: bool) -> None:
    """The eligibility rules an offer entered by hand can break: its type, its catalogue product, its title."""
    checks = [
        (None, eligibility.check_subcategory_selectable(offer.subcategory, by_staff)),  # on top: the form's own
        ("ean", offer.product.ineligibility if offer.product is not None else None),  # the product found by its EAN
        ("name", eligibility.check_showtime_title(offer.subcategory_id, offer.name)),
    ]
    for field, reason in checks:
        if reason is not None:
            raise reason.as_error(field=field)


def _check_title_fits_product(offer: Offer) -> None:
    """An EAN found in the catalogue is that product's: a title unrelated to it is a wrong EAN (or a wrong title)."""
    product = offer.product
    if product is not None and product.is_eligible and not rules.title_fits_product(offer.name, product.name):
        raise errors.EanOfAnotherTitle(field="ean", title=product.name, typed=offer.name)


def _check_name(offer: Offer) -> None:
    offer.name = (offer.name or "").strip()
    if not offer.name or len(offer.name) > NAME_MAX_LENGTH:
        raise errors.InvalidName(field="name")


def _clean_and_check(offer: Offer, actor: User) -> None:
    """What every offer written by hand goes through (created, edited, duplicated): its name, its eligibility, its
    place (digital or physical venue, URL, Duo); a digital offer is available everywhere."""
    offer.url = (offer.url or "").strip()
    _check_name(offer)
    _check_eligibility(offer, actor.is_staff)
    _check_placement(offer.subcategory, offer.venue, offer.url, offer.is_duo)
    if offer.venue.is_virtual:
        offer.is_national = True


@transaction.atomic
def offer_create(venue: Venue, actor: User, *, subcategory_id: str, extra_data: dict | None = None, **fields) -> Offer:
    """Create a DRAFT offer; it is published (and reviewed) by :func:`offer_publish` once it has stocks."""
    subcategory = get_subcategory(subcategory_id)
    extra = _clean_extra_data(subcategory, extra_data or {})
    product = selectors.find_product(extra["ean"]) if "ean" in extra else None
    offer = Offer(venue=venue, subcategory_id=subcategory.id, extra_data=extra, product=product)
    for field in OFFER_FIELDS:
        if field in fields:
            setattr(offer, field, fields[field])
    _clean_and_check(offer, actor)
    _check_title_fits_product(offer)
    offer.save()
    log_action(actor, "offer.created", offer, {"subcategory": subcategory.id, "venue": venue.pk})
    return offer


@transaction.atomic
def offer_update(offer_id: int, actor: User, *, subcategory_id: str | None = None, extra_data=None, **fields) -> Offer:
    offer = Offer.objects.select_for_update(no_key=True, of=("self",)).select_related("venue").get(pk=offer_id)
    rules.OFFER_VALIDATION.check("edit", offer.validation)
    before, before_ean = _snapshot(offer), offer.extra_data.get("ean")
    if offer.provider_code and "name" in fields and str(fields["name"]).strip() != offer.name:
        raise errors.ProviderOwned(field="name", what="Le titre")
    if subcategory_id and subcategory_id != offer.subcategory_id:
        rules.OFFER_VALIDATION.check("change_type", offer.validation, field="subcategory_id")
        offer.subcategory_id = get_subcategory(subcategory_id).id
    subcategory = offer.subcategory
    if extra_data is not None:
        offer.extra_data = _clean_extra_data(subcategory, extra_data)
        if "ean" in offer.extra_data:
            offer.product = selectors.find_product(offer.extra_data["ean"])
    for field in OFFER_FIELDS:
        if field in fields:
            setattr(offer, field, fields[field])
    _clean_and_check(offer, actor)
    if str(offer.name) != before["name"] or offer.extra_data.get("ean") != before_ean:
        _check_title_fits_product(offer)
    offer.save()
    after = _snapshot(offer)
    changes = {key: {"before": before[key], "after": after[key]} for key in after if before[key] != after[key]}
    if changes:
        log_action(actor, "offer.updated", offer, changes)
    return offer


@transaction.atomic
def offer_publish(offer_id: int, actor: User) -> Offer:
    """Publish a draft: review rules (data) decide APPROVED or PENDING (manual review in the back office)."""
    offer = Offer.objects.select_for_update(no_key=True, of=("self",)).select_related("venue__offerer").get(pk=offer_id)
    if not rules.OFFER_VALIDATION.allows("publish", offer.validation):
        return offer
    stocks = list(offer.stocks.filter(is_soft_deleted=False))
    if not stocks:
        raise errors.NoStock(what="une date" if offer.is_event else "un stock")
    matches = selectors.review_rule_matches(offer, stocks)
    offer.validation = OfferValidation.PENDING if matches else OfferValidation.APPROVED
    offer.validated_at = None if matches else timezone.now()
    offer.is_active = True
    offer.save(update_fields=["validation", "validated_at", "is_active", "updated_at"])
    log_action(
        actor, "offer.published", offer,
        {"validation": offer.validation, "rules": [f"{m.rule_name} ({m.reason})" for m in matches]},
    )  # fmt: skip
    return offer


@transaction.atomic
def offer_approve(offer_id: int, staff: User) -> Offer:
    offer = Offer.objects.select_for_update(no_key=True, of=("self",)).get(pk=offer_id)
    offer.validation = rules.OFFER_VALIDATION.move("approve", offer.validation)
    offer.validated_at = timezone.now()
    offer.save(update_fields=["validation", "validated_at", "updated_at"])
    log_action(staff, "offer.approved", offer)
    send_on_commit("offer_approved", offer_id=offer.pk)
    return offer


@transaction.atomic
def offer_reject(offer_id: int, staff: User, reason: str) -> Offer:
    if not reason.strip():
        raise errors.ReasonRequired(field="reason")
    offer = Offer.objects.select_for_update(no_key=True, of=("self",)).select_related("venue").get(pk=offer_id)
    offer.validation = rules.OFFER_VALIDATION.move("reject", offer.validation)
    offer.rejection_reason = reason.strip()
    offer.is_active = False
    offer.save(update_fields=["validation", "rejection_reason", "is_active", "updated_at"])
    cancelled = sum(
        cancel_bookings_of_stock(stock, staff, "BACKOFFICE", OFFER_REJECTED_COMMENT) for stock in offer.stocks.all()
    )
    log_action(staff, "offer.rejected", offer, {"reason": reason, "cancelled_bookings": cancelled})
    send_on_commit("offer_rejected", offer_id=offer.pk, reason=reason)
    return offer


@transaction.atomic
def offers_set_active(offers: Iterable[Offer], actor: User, active: bool) -> int:
    """Bulk activate / deactivate (offers already scoped to the actor by the caller)."""
    ids = [offer.pk for offer in offers]
    editable = rules.OFFER_VALIDATION["edit"].sources
    changed = Offer.objects.filter(pk__in=ids, validation__in=editable).exclude(is_active=active)
    changed_ids = list(changed.values_list("pk", flat=True))
    Offer.objects.filter(pk__in=changed_ids).update(is_active=active, updated_at=timezone.now())
    for offer in Offer.objects.filter(pk__in=changed_ids):
        log_action(actor, "offer.activated" if active else "offer.deactivated", offer)
    return len(changed_ids)


@transaction.atomic
def offer_duplicate(offer_id: int, actor: User) -> Offer:
    """A new DRAFT with everything but the stocks (a common pro request), checked as a new offer is: a rejected
    offer is not copied, nor one whose type, product or placement the rules refuse today."""
    source = Offer.objects.select_related("venue", "product").get(pk=offer_id)
    rules.OFFER_VALIDATION.check("duplicate", source.validation)
    copy = Offer(
        venue=source.venue,
        product=source.product,
        subcategory_id=source.subcategory_id,
        extra_data=dict(source.extra_data),
        **{field: getattr(source, field) for field in OFFER_FIELDS},
    )
    _clean_and_check(copy, actor)
    copy.save()
    log_action(actor, "offer.duplicated", copy, {"from": source.pk})
    return copy


# --- Stocks ----------------------------------------------------------------------------------------------------


def _check_stock_values(offer: Offer, price_cents, quantity, beginning, booking_limit, booked: int, now) -> None:
    if price_cents is None:
        raise errors.InvalidPrice(field="price")
    problems = rules.price_quantity_errors(price_cents, quantity)
    if problems:
        raise problems[0]
    if not offer.is_event:
        eligibility.raise_if_ineligible(eligibility.check_price(price_cents, selectors.max_price_cents()))
    if quantity is not None and quantity < booked:
        raise errors.QuantityBelowBooked(field="quantity", booked=booked)
    if offer.is_event:
        if beginning is None:
            raise errors.BeginningRequired(field="beginning_datetime")
        if booking_limit is not None and booking_limit > beginning:
            raise errors.BookingLimitAfterBeginning(field="booking_limit_datetime")
    elif beginning is not None:
        raise errors.BeginningForbidden(field="beginning_datetime")


def _check_not_a_duplicate(offer: Offer, price_cents: int, beginning, except_stock_id: int | None = None) -> None:
    """Two live dates of an offer with the same start and price would look identical to the young."""
    if beginning is not None and selectors.dates_at_price(
        offer.pk, price_cents, [beginning], except_stock_id=except_stock_id
    ):
        when = format_datetime(beginning, offer.venue.timezone)
        raise errors.DuplicateDate(field="beginning_datetime", when=when)


def _confirm_price(offer: Offer, price_cents: int, stock: Stock | None = None) -> None:
    warnings = selectors.price_warnings(offer, price_cents, stock)
    if warnings:
        raise errors.PriceToConfirm(warnings)


@transaction.atomic
def stock_create(
    offer: Offer,
    actor: User,
    *,
    price_cents: int,
    quantity: int | None = None,
    beginning_datetime: datetime.datetime | None = None,
    booking_limit_datetime: datetime.datetime | None = None,
    price_confirmed: bool = True,
) -> Stock:
    """``price_confirmed=False``: an implausible price is not saved but raised as ``PriceToConfirm`` (a form asks)."""
    now = timezone.now()
    offer = Offer.objects.select_for_update(no_key=True, of=("self",)).get(pk=offer.pk)
    rules.OFFER_VALIDATION.check("edit", offer.validation)
    if beginning_datetime is not None and beginning_datetime <= now:
        raise errors.BeginningInPast(field="beginning_datetime")
    if booking_limit_datetime is not None and booking_limit_datetime <= now:
        raise errors.BookingLimitInPast(field="booking_limit_datetime")
    if offer.is_event and booking_limit_datetime is None:
        booking_limit_datetime = beginning_datetime
    _check_stock_values(offer, price_cents, quantity, beginning_datetime, booking_limit_datetime, 0, now)
    if quantity == 0 and offer.is_event:
        raise errors.NoPlaces(field="quantity")
    if not offer.is_event and offer.stocks.filter(is_soft_deleted=False).exists():
        raise errors.ThingHasOneStock()
    _check_not_a_duplicate(offer, price_cents, beginning_datetime)
    if not price_confirmed:
        _confirm_price(offer, price_cents)
    stock = Stock.objects.create(
        offer=offer,
        price_cents=price_cents,
        quantity=quantity,
        beginning_datetime=beginning_datetime,
        booking_limit_datetime=booking_limit_datetime,
    )
    log_action(actor, "stock.created", offer, {"stock": stock.pk, "price_cents": price_cents, "quantity": quantity})
    return stock


@transaction.atomic
def stocks_create_recurrence(
    offer: Offer,
    actor: User,
    *,
    first_day: datetime.date,
    last_day: datetime.date,
    weekdays: Iterable[int],
    times: Iterable[datetime.time],
    price_cents: int,
    quantity: int | None,
    booking_limit_hours_before: int = 0,
    price_confirmed: bool = True,
) -> list[Stock]:
    """Many dates at once: every chosen weekday × time over the period, in the venue's time zone."""
    if not offer.is_event:
        raise errors.InvalidRecurrence(reason="Les dates multiples ne concernent que les événements.")
    now, tz_name, weekdays, times = timezone.now(), offer.venue.timezone, list(weekdays), list(times)
    problems = [
        *rules.recurrence_errors(
            first_day=first_day, last_day=last_day, weekdays=weekdays, times=times,
            hours_before=booking_limit_hours_before, tz_name=tz_name, now=now,
        ),
        *rules.price_quantity_errors(price_cents, quantity, new_date=True),
    ]  # fmt: skip
    if problems:
        raise problems[0]
    moments = rules.upcoming_recurrence(
        first_day=first_day, last_day=last_day, weekdays=weekdays, times=times, tz_name=tz_name, now=now
    )
    existing = selectors.dates_at_price(offer.pk, price_cents, moments)
    if existing:
        shown = ", ".join(format_datetime(moment, offer.venue.timezone) for moment in existing[:3])
        more = " …" if len(existing) > 3 else ""
        raise errors.InvalidRecurrence(
            reason=(
                f"{len(existing)} de ces dates existent déjà à ce prix ({shown}{more}) : les jeunes verraient des "
                "dates identiques. Changez la période, les jours ou les horaires."
            )
        )
    delta = datetime.timedelta(hours=booking_limit_hours_before)
    return [
        stock_create(
            offer,
            actor,
            price_cents=price_cents,
            quantity=quantity,
            beginning_datetime=moment,
            booking_limit_datetime=moment - delta,
            price_confirmed=price_confirmed,
        )
        for moment in moments
    ]


@transaction.atomic
def stock_update(stock_id: int, actor: User, *, price_confirmed: bool = True, **values) -> Stock:
    """Change price, quantity, dates; a pro's edit of an imported stock is remembered so syncs keep it.

    ``price_confirmed=False``: a new price the pro should confirm is raised as ``PriceToConfirm``, nothing saved."""
    now = timezone.now()
    stock = Stock.objects.select_for_update(of=("self",)).select_related("offer__venue").get(pk=stock_id)
    old_beginning = stock.beginning_datetime
    new = {
        "price_cents": values.get("price_cents", stock.price_cents),
        "quantity": values.get("quantity", stock.quantity),
        "beginning_datetime": values.get("beginning_datetime", stock.beginning_datetime),
        "booking_limit_datetime": values.get("booking_limit_datetime", stock.booking_limit_datetime),
    }
    if stock.id_at_provider and new["beginning_datetime"] != old_beginning:
        raise errors.ProviderOwned(field="beginning_datetime", what="La date")
    if new["beginning_datetime"] != old_beginning and new["beginning_datetime"] and new["beginning_datetime"] <= now:
        raise errors.BeginningInPast(field="beginning_datetime")
    new_limit = new["booking_limit_datetime"]
    if new_limit != stock.booking_limit_datetime and new_limit is not None and new_limit <= now:
        raise errors.BookingLimitInPast(field="booking_limit_datetime")
    if stock.offer.is_event and new["booking_limit_datetime"] is None:
        new["booking_limit_datetime"] = new["beginning_datetime"]
    _check_stock_values(
        stock.offer, new["price_cents"], new["quantity"], new["beginning_datetime"], new["booking_limit_datetime"],
        stock.booked_quantity, now,
    )  # fmt: skip
    changed = [field for field, value in new.items() if getattr(stock, field) != value]
    if not changed:
        return stock
    if {"beginning_datetime", "price_cents"} & set(changed):
        _check_not_a_duplicate(stock.offer, new["price_cents"], new["beginning_datetime"], except_stock_id=stock.pk)
    if "price_cents" in changed and not price_confirmed:
        _confirm_price(stock.offer, new["price_cents"], stock)
    for field in changed:
        setattr(stock, field, new[field])
    if stock.id_at_provider:
        stock.edited_fields = sorted(set(stock.edited_fields) | set(changed))
    stock.save()
    if "beginning_datetime" in changed and old_beginning is not None:
        assert stock.beginning_datetime is not None  # an event's date is required (_check_stock_values)
        change = StockDateChange.objects.create(
            stock=stock, old_beginning_datetime=old_beginning, new_beginning_datetime=stock.beginning_datetime,
            author=actor,
        )  # fmt: skip
        for handler in _date_change_handlers:
            handler(change, actor)
    log_action(actor, "stock.updated", stock.offer, {"stock": stock.pk, "changed": changed})
    return stock


@transaction.atomic
def stock_delete(stock_id: int, actor: User) -> int:
    """Soft-delete a stock (allowed until 48 h after the event); cancels its unused bookings. Returns them."""
    stock = Stock.objects.select_for_update(of=("self",)).select_related("offer").get(pk=stock_id)
    if stock.is_soft_deleted:
        return 0
    if not rules.stock_deletion_allowed(stock.beginning_datetime, timezone.now()):
        raise errors.StockDeletionTooLate()
    stock.is_soft_deleted = True
    stock.save(update_fields=["is_soft_deleted", "updated_at"])
    cancelled = cancel_bookings_of_stock(stock, actor, "OFFERER", STOCK_DELETED_COMMENT)
    log_action(actor, "stock.deleted", stock.offer, {"stock": stock.pk, "cancelled_bookings": cancelled})
    return cancelled


@compiled
def _add_booked_places() -> Increment:
    return Increment(Stock, "booked_quantity")


def stock_book_places(stock_id: int, quantity: int) -> None:
    """Count booked places (called by the bookings app inside its transaction, the stock row locked): one UPDATE,
    its SQL built once (``core.sql``: the booking's hot path)."""
    _add_booked_places()(stock_id, quantity)


@compiled
def _add_booked_places_if_bookable() -> IncrementReturning | None:
    if not updates_return_joined_rows():
        return None
    booked, quantity = column(Stock, "booked_quantity"), column(Stock, "quantity")
    limit, beginning = column(Stock, "booking_limit_datetime"), column(Stock, "beginning_datetime")
    bookable = [  # the SQL twin of rules.is_stock_bookable for the places asked (%s), of a released offer
        f"{column(Offer, 'validation')} = %s",
        column(Offer, "is_active"),
        f"{column(Offerer, 'status')} = %s",
        f"NOT {column(Stock, 'is_soft_deleted')}",
        f"({limit} IS NULL OR {limit} > %s)",
        f"({beginning} IS NULL OR {beginning} > %s)",
        f"({quantity} IS NULL OR {quantity} - {booked} >= %s)",
    ]
    return IncrementReturning(
        Stock, "offer", "offer__venue", "offer__venue__offerer",
        field="booked_quantity", where=[("pk", "=")], conditions=" AND ".join(bookable),
    )  # fmt: skip


def stock_book_places_if_bookable(stock_id: int, quantity: int, now: datetime.datetime) -> Stock | None:
    """Where the database can (PostgreSQL), count booked places in the statement that locks the stock, if it is
    bookable for ``quantity`` places at ``now`` (not deleted, not expired, places left) and its offer released
    (approved, active, its structure validated): the stock comes back as it was before, with its offer, venue and
    structure. ``None``: nothing counted (not bookable, or another database): the caller locks and reads the stock
    to tell why, and counts the places with :func:`stock_book_places`. The caller's transaction is undone if it
    refuses the booking after all."""
    statement = _add_booked_places_if_bookable()
    if statement is None or quantity < 1:
        return None
    at = db_value(Stock, "beginning_datetime", now)
    stock = statement.add(
        quantity, stock_id, more=[OfferValidation.APPROVED, OffererStatus.VALIDATED, at, at, quantity]
    )
    if stock is not None:
        stock.booked_quantity -= quantity
    return stock


def stock_release_places(stock_id: int, quantity: int) -> None:
    """Give places back (a cancelled booking), as :func:`stock_book_places` counts them."""
    _add_booked_places()(stock_id, -quantity)


# --- Review rules (staff) ---------------------------------------------------------------------------------------


def _rule_snapshot(rule: OfferValidationRule) -> dict:
    return {"name": rule.name, "kind": rule.kind, "parameters": rule.parameters, "is_active": rule.is_active}


@transaction.atomic
def validation_rule_create(staff: User, *, kind: str, name: str, parameters: dict) -> OfferValidationRule:
    rule = OfferValidationRule.objects.create(name=name, kind=kind, parameters=parameters, is_active=True)
    log_action(staff, "offer_rule.created", rule, {"before": None, "after": _rule_snapshot(rule)})
    return rule


@transaction.atomic
def validation_rule_update(
    rule_id: int, staff: User, *, name: str, parameters: dict
) -> tuple[OfferValidationRule, bool]:
    """Returns the rule and whether anything changed (nothing is written or audited otherwise)."""
    rule = OfferValidationRule.objects.select_for_update().get(pk=rule_id)
    before = _rule_snapshot(rule)
    rule.name, rule.parameters = name, parameters
    after = _rule_snapshot(rule)
    if after == before:
        return rule, False
    rule.save(update_fields=["name", "parameters"])
    log_action(staff, "offer_rule.updated", rule, {"before": before, "after": after})
    return rule, True


@transaction.atomic
def validation_rule_set_active(rule_id: int, staff: User, active: bool) -> OfferValidationRule:
    """Explicit on/off, so a double submission changes nothing twice."""
    rule = OfferValidationRule.objects.select_for_update().get(pk=rule_id)
    if rule.is_active != active:
        before = _rule_snapshot(rule)
        rule.is_active = active
        rule.save(update_fields=["is_active"])
        action = "offer_rule.activated" if active else "offer_rule.deactivated"
        log_action(staff, action, rule, {"before": before, "after": _rule_snapshot(rule)})
    return rule
