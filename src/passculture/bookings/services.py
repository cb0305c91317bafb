"""The money path: booking, cancelling, validating countermarks, and the lifecycle jobs (docs/domain/bookings.md).

Lock order, everywhere: stock → booking → deposit (a path may skip one), so that no two transactions wait for each
other: the offers side changes a stock's bookings with the stock locked (a deleted or moved date, a rejected offer).
Credit and places only change inside these transactions, with the rows locked (``select_for_update``); on SQLite
writes are serialised (``BEGIN IMMEDIATE``). Places and credit are written by their owners' services
(``offers.services.stock_book_places``/``stock_release_places``, ``beneficiaries.services.deposit_*``); which
transition each status allows, and what refuses it, is ``bookings.rules`` (the status ladder).
"""

import datetime
from collections.abc import Callable, Iterable
from typing import Literal

from django.db import IntegrityError, transaction
from django.utils import timezone

from passculture.accounts.models import User
from passculture.beneficiaries import rules as credit_rules
from passculture.beneficiaries import services as beneficiary_services
from passculture.beneficiaries.models import Deposit
from passculture.bookings import errors, notifications, rules, selectors, throttling
from passculture.bookings.models import Booking, BookingStatus, CancellationReason, UsedBy
from passculture.core.audit import log_action
from passculture.core.mail import send_on_commit
from passculture.core.money import format_cents
from passculture.core.parameters import get_parameter
from passculture.core.sql import Insert, Select, compiled
from passculture.offerers.models import OffererStatus
from passculture.offers import services as offer_services
from passculture.offers.categories import Cap
from passculture.offers.models import OfferValidation, Stock, StockDateChange
from passculture.offers.rules import is_stock_expired

TOKEN_ATTEMPTS = 10


def _hours(key: str, at: datetime.datetime) -> datetime.timedelta:
    return datetime.timedelta(hours=get_parameter(key, at=at))


# --- What follows a use ----------------------------------------------------------------------------------------------
#
# The finance app registers here (from its AppConfig.ready) what follows a booking's use, its undoing ("Invalider",
# the API's "keep") and a cancellation by staff after use: bookings must not import finance (dependency direction).
# Each handler runs inside the transaction that changes the booking, with the booking locked, and gets the booking,
# what happened (USED, UNUSED or CANCELLED) and when.
USED, UNUSED, CANCELLED_AFTER_USE = "USED", "UNUSED", "CANCELLED"
UsageHandler = Callable[[Booking, str, datetime.datetime], object]
_usage_handlers: list[UsageHandler] = []


def register_usage_handler(handler: UsageHandler) -> None:
    if handler not in _usage_handlers:
        _usage_handlers.append(handler)


def _tell_usage(booking: Booking, change: str, at: datetime.datetime) -> None:
    for handler in _usage_handlers:
        handler(booking, change, at)


# --- Booking -----------------------------------------------------------------------------------------------------


CAP_REACHED: dict[str, type[errors.DomainError]] = {
    Cap.PHYSICAL: errors.PhysicalCapReached,
    Cap.DIGITAL: errors.DigitalCapReached,
}


def _check_caps(deposit: Deposit, cap: str, amount: int) -> None:
    if amount > deposit.remaining_cents:
        raise errors.InsufficientCredit(remaining=format_cents(deposit.remaining_cents), amount=format_cents(amount))
    left = credit_rules.cap_left(deposit, cap)
    if left is not None and amount > left:
        ceiling = credit_rules.cap_ceiling(deposit, cap)
        raise CAP_REACHED[cap](cap=format_cents(ceiling), remaining=format_cents(left))


def _is_released(offer) -> bool:
    return (
        offer.validation == OfferValidation.APPROVED
        and offer.is_active
        and offer.venue.offerer.status == OffererStatus.VALIDATED
    )


class _CountermarkTaken(Exception):
    """The countermark drawn is already another booking's (the unique index said so): draw again."""


def _refuse_if_already_booked(user: User, offer) -> None:
    if Booking.objects.filter(user=user, offer=offer).exclude(status=BookingStatus.CANCELLED).exists():
        raise errors.AlreadyBooked()


def booking_create(user: User, stock_id: int, quantity: int = 1) -> Booking:
    """Book ``quantity`` places of a stock for ``user``: the checks of the guide, in their order, then the
    booking, the places and the credit, in one transaction; the mails once it commits.

    Refusals raise a ``DomainError`` of ``bookings.errors`` and change nothing. Countermarks are
    drawn at random: the rare clash with an existing one (30⁶ of them) is caught by the unique index and the
    booking is tried again with a new one.
    """
    for _ in range(TOKEN_ATTEMPTS):
        try:
            return _book(user, stock_id, quantity)
        except _CountermarkTaken:
            continue
    raise RuntimeError("could not draw a free countermark")  # practically unreachable


# The booking's own statements, their SQL built once (``core.sql``): the stock locked (not its offer, venue and
# structure, read with it), the booking inserted.
@compiled
def _stock_locked_with_offer() -> Select:
    return Select(Stock, "offer", "offer__venue", "offer__venue__offerer", where=[("pk", "=")], lock=True)


@compiled
def _insert_booking() -> Insert:
    return Insert(Booking)


@transaction.atomic
def _book(user: User, stock_id: int, quantity: int) -> Booking:
    now = timezone.now()
    # PostgreSQL counts the places in the statement that locks a bookable stock; else (or refused there) the stock
    # is locked and read, its places counted once the booking is inserted. The refusals below are the same either way.
    stock = offer_services.stock_book_places_if_bookable(stock_id, quantity, now) if quantity in (1, 2) else None
    places_counted = stock is not None
    if stock is None:
        stock = _stock_locked_with_offer().first(stock_id)
    deposit = beneficiary_services.deposit_lock_active(user, now)
    if deposit is None:
        raise errors.NoDeposit()
    if stock is None:
        raise errors.StockNotBookable()
    offer = stock.offer
    if not _is_released(offer) or stock.is_soft_deleted or is_stock_expired(stock, now):
        raise errors.StockNotBookable()
    if stock.quantity is not None and stock.quantity - stock.booked_quantity < max(1, quantity):
        raise errors.SoldOut()
    if quantity not in (1, 2) or (quantity == 2 and not offer.is_duo):
        raise errors.QuantityNotAllowed(field="quantity")
    subcategory = offer.subcategory
    cap = subcategory.cap_for(is_digital=offer.is_digital)
    amount = stock.price_cents * quantity
    try:
        _check_caps(deposit, cap, amount)
    except (errors.InsufficientCredit, errors.PhysicalCapReached, errors.DigitalCapReached):
        # A second booking of the offer is refused as such, before any question of credit. On the way to
        # success, the unique index of active bookings answers it (below) without a query of its own.
        _refuse_if_already_booked(user, offer)
        raise
    booking = Booking(
        user=user,
        deposit=deposit,
        stock=stock,
        offer=offer,
        token=rules.generate_token(),
        quantity=quantity,
        unit_price_cents=stock.price_cents,
        cap=cap,
        cancellation_limit_datetime=rules.cancellation_limit(
            now, stock.beginning_datetime, _hours("bookings.cancellation_delay_hours", now)
        ),
    )
    if subcategory.expires(is_digital=offer.is_digital):
        booking.expiration_datetime = now + datetime.timedelta(days=get_parameter("bookings.withdrawal_delay_days"))
    try:
        _insert_booking()(booking)
    except IntegrityError as exc:  # the transaction is over: nothing else may run in it
        if "token" in str(exc):  # the unique countermark ("…booking_token_key", "…booking.token")
            raise _CountermarkTaken from exc
        raise errors.AlreadyBooked() from exc  # the partial unique index: one active booking per offer
    if not places_counted:
        offer_services.stock_book_places(stock.pk, quantity)
    beneficiary_services.deposit_debit(deposit, cap, amount)
    log_action(user, "booking.created", booking, {"stock": stock.pk, "quantity": quantity, "amount_cents": amount})
    _notify(booking, notifications.CONFIRMED)
    return booking


def _notify(booking: Booking, event: str, comment: str = "", *, with_relations: bool = True) -> None:
    """Both sides are told (docs/domain/bookings.md) after the commit. A mail that cannot be enqueued or sent is
    logged: it never undoes nor fails the booking. ``with_relations``: the booking holds its offer, venue, stock and
    young person, read in the transaction (a mail sent inline is built from them, without reading them again)."""
    params = {"comment": comment} if comment else {}
    send_on_commit(event, loaded={"booking": booking} if with_relations else None, booking_id=booking.pk, **params)


# --- Cancellation -----------------------------------------------------------------------------------------------


def _lock(booking_id: int) -> Booking:
    """The booking locked (the desk changes its status alone; a cancellation locks its stock first)."""
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("offer__venue__offerer", "stock", "user")
        .get(pk=booking_id)
    )


def _lock_stock(stock_id: int) -> None:
    Stock.objects.select_for_update().filter(pk=stock_id).first()


def _lock_to_cancel(booking_id: int) -> Booking:
    """The booking locked after its stock (the lock order), to give back its places and its credit."""
    _lock_stock(Booking.objects.values_list("stock_id", flat=True).get(pk=booking_id))
    return _lock(booking_id)


def _cancel(booking: Booking, reason: str, actor, comment: str = "") -> Booking:
    """Restore credit and places; the caller has locked the stock and the booking, and checked it may be
    cancelled."""
    if booking.deposit_id:
        beneficiary_services.deposit_credit_back(booking.deposit_id, booking.cap, booking.total_cents)
    offer_services.stock_release_places(booking.stock_id, booking.quantity)
    booking.status = BookingStatus.CANCELLED
    booking.cancellation_reason = reason
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancellation_reason", "cancelled_at"])
    log_action(actor, "booking.cancelled", booking, {"reason": reason, "comment": comment})
    _notify(booking, notifications.CANCELLED, comment)
    return booking


@transaction.atomic
def booking_cancel_by_beneficiary(user: User, booking_id: int) -> Booking:
    booking = _lock_to_cancel(booking_id)
    if booking.user_id != user.pk:
        raise Booking.DoesNotExist
    rules.check(booking, rules.Transition.CANCEL_BY_BENEFICIARY, timezone.now())
    return _cancel(booking, CancellationReason.BENEFICIARY, user)


@transaction.atomic
def booking_cancel_by_offerer(booking_id: int, actor, comment: str = "") -> Booking:
    """A structure cancels a booking any time before it is used (the caller scoped the booking to it)."""
    booking = _lock_to_cancel(booking_id)
    rules.check(booking, rules.Transition.CANCEL_BY_OFFERER, timezone.now())
    return _cancel(booking, CancellationReason.OFFERER, actor, comment)


def booking_cancel_by_offerer_token(token: str, offerer_ids: Iterable[int], actor, comment: str = "") -> Booking:
    """:func:`booking_cancel_by_offerer` of a countermark among the caller's structures (the ticketing API); a
    refusal is audited (``booking.cancel_refused``) and carries the booking it found (``error.subject``)."""
    with _DeskAttempt(actor, "booking.cancel_refused", token) as attempt:
        attempt.booking = selectors.find_by_token(token, offerer_ids)
        return booking_cancel_by_offerer(attempt.booking.pk, actor, comment)


@transaction.atomic
def booking_cancel_by_staff(
    booking_id: int, staff: User, comment: str, reason: str = CancellationReason.BACKOFFICE
) -> Booking:
    if not comment.strip():
        raise errors.ReasonRequired(field="comment")
    booking = _lock_to_cancel(booking_id)
    now = timezone.now()
    rules.check(booking, rules.Transition.CANCEL_BY_STAFF, now)
    was_used = booking.status == BookingStatus.USED
    _cancel(booking, reason, staff, comment)
    if was_used:
        _tell_usage(booking, CANCELLED_AFTER_USE, now)
    return booking


@transaction.atomic
def bookings_cancel_for_stock(stock: Stock, actor, reason: str, comment: str) -> int:
    """Registered in offers: a deleted stock (``reason`` OFFERER) or an offer rejected by the pass Culture team
    (BACKOFFICE) cancels its unused bookings, with ``comment`` told to the young people."""
    _lock_stock(stock.pk)  # once, before its bookings (the lock order)
    cancelled = 0
    now = timezone.now()
    cancellable = rules.allowed_from(rules.Transition.CANCEL_WITH_STOCK)
    for booking_id in Booking.objects.filter(stock=stock, status__in=cancellable).values_list("pk", flat=True):
        booking = _lock(booking_id)
        if rules.allows(booking, rules.Transition.CANCEL_WITH_STOCK, now):  # not used or cancelled meanwhile
            _cancel(booking, CancellationReason(reason), actor, comment)
            cancelled += 1
    return cancelled


def bookings_reschedule_for_stock(change: StockDateChange, actor) -> int:
    """Registered in offers: an event's date changed. Each unused booking gets its cancellation limit computed
    again from the new date, and its beneficiary a notice; the change is then marked notified. Returns how many."""
    stock, now = change.stock, timezone.now()
    delay = _hours("bookings.cancellation_delay_hours", now)
    # The caller (offers' stock_update) holds the stock: its bookings are locked after it (the lock order).
    bookings = Booking.objects.select_for_update().filter(stock=stock, status=BookingStatus.CONFIRMED)
    count = 0
    for booking in bookings:
        booking.cancellation_limit_datetime = rules.cancellation_limit(
            booking.created_at, change.new_beginning_datetime, delay
        )
        booking.save(update_fields=["cancellation_limit_datetime"])
        log_action(
            actor, "booking.rescheduled", booking,
            {"from": change.old_beginning_datetime.isoformat(), "to": change.new_beginning_datetime.isoformat()},
        )  # fmt: skip
        _notify(booking, notifications.DATE_CHANGED, with_relations=False)  # read without its offer and user
        count += 1
    change.notified_at = now
    change.save(update_fields=["notified_at"])
    return count


# --- Counter desk (Guichet) and ticketing API -----------------------------------------------------------------------


def _audit_desk(actor, action: str, token: str, booking: Booking | None, error: errors.DomainError | None) -> None:
    data = {"token": rules.printable_token(token)}
    if error is not None:
        data["refused"] = error.code
    log_action(actor, action, booking, data)


class _DeskAttempt:
    """A countermark attempt at the desk or through the API: a refusal (``DomainError``) raised inside is audited
    as ``refused_action`` with the booking found so far (``attempt.booking``), which it also carries
    (``error.subject``) for the page to show; the error goes on."""

    def __init__(self, actor, refused_action: str, token: str) -> None:
        self.actor, self.refused_action, self.token = actor, refused_action, token
        self.booking: Booking | None = None

    def __enter__(self) -> "_DeskAttempt":
        return self

    def __exit__(self, exc_type, error, traceback) -> Literal[False]:
        if isinstance(error, errors.DomainError):
            _audit_desk(self.actor, self.refused_action, self.token, self.booking, error)
            error.subject = self.booking
        return False


def desk_attempt_register(actor: User, ip: str | None, action: str, token: str) -> None:
    """Count one desk attempt of ``actor`` from ``ip``; over the limit, the refusal is audited under ``action``
    (``booking.check_refused``, ``booking.use_refused``…) and raised (``TooManyAttempts``)."""
    if throttling.desk_attempt_allowed(actor.pk, ip):
        return
    error = errors.TooManyAttempts()
    _audit_desk(actor, action, token, None, error)
    raise error


def booking_check_countermark(token: str, offerer_ids: Iterable[int], actor) -> Booking:
    """The booking of a countermark, if it can be validated now; every check, accepted or refused, is audited.

    A refusal of a booking that exists carries it (``error.subject``, else ``None``): the desk shows what it is.
    """
    with _DeskAttempt(actor, "booking.check_refused", token) as attempt:
        attempt.booking = booking = selectors.find_by_token(token, offerer_ids)
        rules.check(booking, rules.Transition.USE, timezone.now())
    _audit_desk(actor, "booking.checked", token, booking, None)
    return booking


def booking_validate_countermark(
    token: str, offerer_ids: Iterable[int], actor, used_by: str = UsedBy.OFFERER
) -> Booking:
    """Mark a countermark USED; every attempt, accepted or refused, is audited. A refusal carries the booking it
    found (``error.subject``), as :func:`booking_check_countermark`'s does."""
    # The refusal is audited once the transaction rolled back (the attempt encloses it).
    with _DeskAttempt(actor, "booking.use_refused", token) as attempt, transaction.atomic():
        attempt.booking = selectors.find_by_token(token, offerer_ids)
        attempt.booking = booking = _lock(attempt.booking.pk)
        rules.check(booking, rules.Transition.USE, timezone.now())
        booking.status = rules.leads_to(rules.Transition.USE)
        booking.used_at = timezone.now()
        booking.used_by = used_by
        booking.save(update_fields=["status", "used_at", "used_by"])
        _tell_usage(booking, USED, booking.used_at)
        _audit_desk(actor, "booking.used", token, booking, None)
        return booking


def booking_invalidate_countermark(token: str, offerer_ids: Iterable[int], actor) -> Booking:
    """ "Invalider": a USED, not yet reimbursed booking goes back to CONFIRMED. A refusal carries the booking it
    found (``error.subject``)."""
    with _DeskAttempt(actor, "booking.unuse_refused", token) as attempt, transaction.atomic():
        attempt.booking = booking = _lock(selectors.find_by_token(token, offerer_ids).pk)
        rules.check(booking, rules.Transition.UNUSE, timezone.now())
        booking.status = rules.leads_to(rules.Transition.UNUSE)
        booking.used_at = None
        booking.used_by = ""
        booking.save(update_fields=["status", "used_at", "used_by"])
        _tell_usage(booking, UNUSED, timezone.now())
        _audit_desk(actor, "booking.unused", token, booking, None)
        return booking


# --- Reimbursement -------------------------------------------------------------------------------------------------


def bookings_mark_reimbursed(booking_ids: Iterable[int], at: datetime.datetime, actor) -> int:
    """Finance confirmed the payment batch that paid these bookings (docs/domain/finance.md#batches): the used ones
    become REIMBURSED at ``at``, in the caller's transaction, in one statement per chunk. A booking no longer used
    (undone or cancelled since it was priced) is left as it is: its pricing's reversal carries the difference.
    Returns how many changed."""
    ids = sorted(set(booking_ids))
    changed = 0
    sources, target = rules.allowed_from(rules.Transition.REIMBURSE), rules.leads_to(rules.Transition.REIMBURSE)
    for start in range(0, len(ids), 5000):
        changed += Booking.objects.filter(pk__in=ids[start : start + 5000], status__in=sources).update(
            status=target, reimbursed_at=at
        )
    if changed:
        log_action(actor, "booking.reimbursed", None, {"count": changed, "at": at.isoformat()})
    return changed


# --- Lifecycle jobs ---------------------------------------------------------------------------------------------------


@transaction.atomic
def booking_auto_use(booking_id: int, now: datetime.datetime) -> bool:
    """Event bookings still unused 48 h after the event become USED (author AUTO). Idempotent."""
    booking = (
        Booking.objects.select_for_update(skip_locked=True)
        .filter(pk=booking_id, status__in=rules.allowed_from(rules.Transition.AUTO_USE))
        .first()
    )
    if booking is None:
        return False
    booking.status, booking.used_at, booking.used_by = rules.leads_to(rules.Transition.AUTO_USE), now, UsedBy.AUTO
    booking.save(update_fields=["status", "used_at", "used_by"])
    _tell_usage(booking, USED, now)
    log_action("AUTO", "booking.used", booking, {"auto": True})
    return True


@transaction.atomic
def booking_expire(booking_id: int, now: datetime.datetime) -> bool:
    """Physical goods not collected in time: cancelled (EXPIRED), credit and place restored. Idempotent."""
    due = Booking.objects.filter(
        pk=booking_id, status__in=rules.allowed_from(rules.Transition.EXPIRE), expiration_datetime__lte=now
    )
    stock_id = due.values_list("stock_id", flat=True).first()
    if stock_id is None:
        return False
    _lock_stock(stock_id)
    booking = (
        due.select_for_update(skip_locked=True, of=("self",))
        .select_related("offer__venue__offerer", "stock", "user")
        .first()
    )
    if booking is None:
        return False
    _cancel(booking, CancellationReason.EXPIRED, "AUTO")
    return True


@transaction.atomic
def booking_send_expiry_reminder(booking_id: int, now: datetime.datetime) -> bool:
    booking = (
        Booking.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("offer__venue", "stock", "user")
        .filter(pk=booking_id, status=BookingStatus.CONFIRMED, reminder_sent_at__isnull=True)
        .first()
    )
    if booking is None:
        return False
    booking.reminder_sent_at = now
    booking.save(update_fields=["reminder_sent_at"])
    send_on_commit(notifications.EXPIRY_REMINDER, booking_id=booking.pk)
    return True
