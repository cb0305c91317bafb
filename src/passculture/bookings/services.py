"""The money path: booking, cancelling, validating countermarks, and the lifecycle jobs (guide steps 7 and 8).

Lock order, everywhere: stock → booking → deposit (a path may skip one), so that no two transactions wait for each
other: the offers side changes a stock's bookings with the stock locked (a deleted or moved date, a rejected offer).
Credit and places only change inside these transactions, with the rows locked (``select_for_update``); on SQLite
writes are serialised (``BEGIN IMMEDIATE``).
"""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from passculture.accounts.models import User
from passculture.beneficiaries.models import Deposit
from passculture.bookings import errors, notifications, rules
from passculture.bookings.models import Booking, BookingStatus, CancellationReason, UsedBy
from passculture.core.audit import log_action
from passculture.core.dates import format_datetime
from passculture.core.mail import send_on_commit
from passculture.core.money import format_cents
from passculture.core.parameters import get_parameter
from passculture.offerers.models import OffererStatus
from passculture.offers.categories import Cap
from passculture.offers.models import OfferValidation, Stock, StockDateChange
from passculture.offers.rules import is_stock_expired

TOKEN_ATTEMPTS = 10


def _hours(key: str, at: datetime.datetime) -> datetime.timedelta:
    return datetime.timedelta(hours=get_parameter(key, at=at))


# --- Booking -----------------------------------------------------------------------------------------------------


def _check_caps(deposit: Deposit, cap: str, amount: int) -> None:
    if amount > deposit.remaining_cents:
        raise errors.InsufficientCredit(remaining=format_cents(deposit.remaining_cents), amount=format_cents(amount))
    if cap == Cap.PHYSICAL and deposit.physical_cap_cents is not None:
        left = deposit.physical_cap_cents - deposit.physical_spent_cents
        if amount > left:
            raise errors.PhysicalCapReached(cap=format_cents(deposit.physical_cap_cents), remaining=format_cents(left))
    if cap == Cap.DIGITAL and deposit.digital_cap_cents is not None:
        left = deposit.digital_cap_cents - deposit.digital_spent_cents
        if amount > left:
            raise errors.DigitalCapReached(cap=format_cents(deposit.digital_cap_cents), remaining=format_cents(left))


def _spend(deposit: Deposit, cap: str, amount: int) -> None:
    """Debit (or, with a negative amount, credit back) the deposit and the cap the booking counts toward."""
    updates = {"spent_cents": F("spent_cents") + amount}
    if cap == Cap.PHYSICAL:
        updates["physical_spent_cents"] = F("physical_spent_cents") + amount
    elif cap == Cap.DIGITAL:
        updates["digital_spent_cents"] = F("digital_spent_cents") + amount
    Deposit.objects.filter(pk=deposit.pk).update(**updates)


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


@transaction.atomic
def _book(user: User, stock_id: int, quantity: int) -> Booking:
    now = timezone.now()
    stock = (
        Stock.objects.select_for_update(of=("self",))
        .select_related("offer__venue__offerer")
        .filter(pk=stock_id)
        .first()
    )
    deposit = Deposit.objects.select_for_update().filter(user=user, expires_at__gt=now).order_by("-created_at").first()
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
        booking.save()
    except IntegrityError as exc:  # the transaction is over: nothing else may run in it
        if "token" in str(exc):  # the unique countermark ("…booking_token_key", "…booking.token")
            raise _CountermarkTaken from exc
        raise errors.AlreadyBooked() from exc  # the partial unique index: one active booking per offer
    Stock.objects.filter(pk=stock.pk).update(booked_quantity=F("booked_quantity") + quantity)
    _spend(deposit, cap, amount)
    log_action(user, "booking.created", booking, {"stock": stock.pk, "quantity": quantity, "amount_cents": amount})
    _notify(booking, notifications.CONFIRMED)
    return booking


def _notify(booking: Booking, event: str, comment: str = "") -> None:
    """Both sides are told (guide step 7), once the transaction commits. A mail that cannot be enqueued or sent is
    logged: it never undoes nor fails the booking."""
    send_on_commit(event, booking_id=booking.pk, **({"comment": comment} if comment else {}))


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


def _refuse_if_not_confirmed(booking: Booking) -> None:
    if booking.status == BookingStatus.CANCELLED:
        raise errors.AlreadyCancelled()
    if booking.status == BookingStatus.REIMBURSED:
        raise errors.AlreadyReimbursed()
    if booking.status == BookingStatus.USED:
        raise errors.AlreadyUsed()


def _cancel(booking: Booking, reason: str, actor, comment: str = "") -> Booking:
    """Restore credit and places; the caller has locked the stock and the booking, and checked it may be
    cancelled."""
    if booking.deposit_id:
        Deposit.objects.select_for_update().filter(pk=booking.deposit_id).first()
        _spend(booking.deposit, booking.cap, -booking.total_cents)
    Stock.objects.filter(pk=booking.stock_id).update(booked_quantity=F("booked_quantity") - booking.quantity)
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
    _refuse_if_not_confirmed(booking)
    if timezone.now() > booking.cancellation_limit_datetime:
        raise errors.ConfirmedBooking()
    return _cancel(booking, CancellationReason.BENEFICIARY, user)


@transaction.atomic
def booking_cancel_by_offerer(booking_id: int, actor, comment: str = "") -> Booking:
    """A structure cancels a booking any time before it is used (the caller scoped the booking to it)."""
    booking = _lock_to_cancel(booking_id)
    _refuse_if_not_confirmed(booking)
    return _cancel(booking, CancellationReason.OFFERER, actor, comment)


@transaction.atomic
def booking_cancel_by_staff(
    booking_id: int, staff: User, comment: str, reason: str = CancellationReason.BACKOFFICE
) -> Booking:
    if not comment.strip():
        raise errors.ReasonRequired(field="comment")
    booking = _lock_to_cancel(booking_id)
    if booking.status == BookingStatus.CANCELLED:
        raise errors.AlreadyCancelled()
    if booking.status == BookingStatus.REIMBURSED:
        raise errors.AlreadyReimbursed()
    return _cancel(booking, reason, staff, comment)


@transaction.atomic
def bookings_cancel_for_stock(stock: Stock, actor, reason: str, comment: str) -> int:
    """Registered in offers: a deleted stock (``reason`` OFFERER) or an offer rejected by the pass Culture team
    (BACKOFFICE) cancels its unused bookings, with ``comment`` told to the young people."""
    _lock_stock(stock.pk)  # once, before its bookings (the lock order)
    cancelled = 0
    for booking_id in Booking.objects.filter(stock=stock, status=BookingStatus.CONFIRMED).values_list("pk", flat=True):
        booking = _lock(booking_id)
        if booking.status == BookingStatus.CONFIRMED:  # not used or cancelled meanwhile
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
        _notify(booking, notifications.DATE_CHANGED)
        count += 1
    change.notified_at = now
    change.save(update_fields=["notified_at"])
    return count


# --- Counter desk (Guichet) and ticketing API -----------------------------------------------------------------------


def find_by_token(token: str, offerer_ids: Iterable[int]) -> Booking:
    """The booking of a countermark among the caller's structures; another structure's is "unknown"."""
    token = rules.normalize_token(token)
    booking = (
        Booking.objects.select_related("offer__venue__offerer", "stock", "user")
        .filter(token=token, offer__venue__offerer_id__in=list(offerer_ids))
        .first()
    )
    if booking is None:
        raise errors.UnknownToken(field="token")
    return booking


def check_can_validate(booking: Booking, now: datetime.datetime) -> None:
    """Every refusal of the desk (DOMAIN §7), in the order a person needs to hear them."""
    if booking.status == BookingStatus.CANCELLED:
        raise errors.AlreadyCancelled()
    if booking.status == BookingStatus.REIMBURSED:
        raise errors.AlreadyReimbursed()
    if booking.status == BookingStatus.USED:
        raise errors.AlreadyUsed()
    venue = booking.offer.venue
    if venue.offerer.status == OffererStatus.CLOSED:
        raise errors.OffererClosed()
    if booking.stock.beginning_datetime is not None and now < booking.cancellation_limit_datetime:
        raise errors.TooEarlyToValidate(date=format_datetime(booking.cancellation_limit_datetime, venue.timezone))


def _audit_desk(actor, action: str, token: str, booking: Booking | None, error: errors.DomainError | None) -> None:
    data = {"token": rules.normalize_token(token)}
    if error is not None:
        data["refused"] = error.code
    log_action(actor, action, booking, data)


def booking_check_countermark(token: str, offerer_ids: Iterable[int], actor) -> Booking:
    """The booking of a countermark, if it can be validated now; every check, accepted or refused, is audited.

    A refusal of a booking that exists carries it (``error.booking``, else ``None``): the desk shows what it is.
    """
    booking = None
    try:
        booking = find_by_token(token, offerer_ids)
        check_can_validate(booking, timezone.now())
    except errors.DomainError as error:
        _audit_desk(actor, "booking.check_refused", token, booking, error)
        error.booking = booking
        raise
    _audit_desk(actor, "booking.checked", token, booking, None)
    return booking


def booking_validate_countermark(
    token: str, offerer_ids: Iterable[int], actor, used_by: str = UsedBy.OFFERER
) -> Booking:
    """Mark a countermark USED; every attempt, accepted or refused, is audited. A refusal carries the booking it
    found (``error.booking``), as :func:`booking_check_countermark`'s does."""
    booking = None
    try:
        with transaction.atomic():
            booking = find_by_token(token, offerer_ids)
            booking = _lock(booking.pk)
            check_can_validate(booking, timezone.now())
            booking.status = BookingStatus.USED
            booking.used_at = timezone.now()
            booking.used_by = used_by
            booking.save(update_fields=["status", "used_at", "used_by"])
            _audit_desk(actor, "booking.used", token, booking, None)
            return booking
    except errors.DomainError as error:
        _audit_desk(actor, "booking.use_refused", token, booking, error)
        error.booking = booking
        raise


def booking_invalidate_countermark(token: str, offerer_ids: Iterable[int], actor) -> Booking:
    """ "Invalider": a USED, not yet reimbursed booking goes back to CONFIRMED. A refusal carries the booking it
    found (``error.booking``)."""
    booking = None
    try:
        with transaction.atomic():
            booking = _lock(find_by_token(token, offerer_ids).pk)
            if booking.status == BookingStatus.CANCELLED:
                raise errors.AlreadyCancelled()
            if booking.status == BookingStatus.REIMBURSED:
                raise errors.AlreadyReimbursed()
            if booking.status != BookingStatus.USED:
                raise errors.NotUsed()
            booking.status = BookingStatus.CONFIRMED
            booking.used_at = None
            booking.used_by = ""
            booking.save(update_fields=["status", "used_at", "used_by"])
            _audit_desk(actor, "booking.unused", token, booking, None)
            return booking
    except errors.DomainError as error:
        _audit_desk(actor, "booking.unuse_refused", token, booking, error)
        error.booking = booking
        raise


# --- Lifecycle jobs ---------------------------------------------------------------------------------------------------


def bookings_to_auto_use(now: datetime.datetime):
    delay = _hours("bookings.auto_use_delay_hours", now)
    return Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        stock__beginning_datetime__isnull=False,
        stock__beginning_datetime__lte=now - delay,
    )


@transaction.atomic
def booking_auto_use(booking_id: int, now: datetime.datetime) -> bool:
    """Event bookings still unused 48 h after the event become USED (author AUTO). Idempotent."""
    booking = (
        Booking.objects.select_for_update(skip_locked=True)
        .filter(pk=booking_id, status=BookingStatus.CONFIRMED)
        .first()
    )
    if booking is None:
        return False
    booking.status, booking.used_at, booking.used_by = BookingStatus.USED, now, UsedBy.AUTO
    booking.save(update_fields=["status", "used_at", "used_by"])
    log_action("AUTO", "booking.used", booking, {"auto": True})
    return True


def bookings_to_expire(now: datetime.datetime):
    return Booking.objects.filter(status=BookingStatus.CONFIRMED, expiration_datetime__lte=now)


@transaction.atomic
def booking_expire(booking_id: int, now: datetime.datetime) -> bool:
    """Physical goods not collected in time: cancelled (EXPIRED), credit and place restored. Idempotent."""
    due = Booking.objects.filter(pk=booking_id, status=BookingStatus.CONFIRMED, expiration_datetime__lte=now)
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


def bookings_to_remind(now: datetime.datetime):
    before = datetime.timedelta(days=get_parameter("bookings.expiry_reminder_days"))
    return Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        expiration_datetime__isnull=False,
        expiration_datetime__lte=now + before,
        expiration_datetime__gt=now,
    )


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
