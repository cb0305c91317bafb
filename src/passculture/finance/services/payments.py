"""Payment batches (docs/domain/finance.md#batches): every fortnight, the priced unpaid bookings of the venues an
accepted account pays become one transfer per account and one SEPA file; staff confirm the batch once the bank has
the file, and the bookings become REIMBURSED and each transfer gets its numbered justificatif, whose PDF is rendered
after that commit.

Crash safety: a batch is built in one transaction (its pricings, transfers and SEPA file, or nothing), its cut-off
is unique (a second run finds it), a pricing taken by a batch leaves VALIDATED (no other batch takes it), and the
confirmation is one transaction too (the justificatifs' numbers with it; their PDFs after it, each stored once). A run
killed at any point and run again pays nothing twice.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from passculture.bookings import services as booking_services
from passculture.core.audit import log_action
from passculture.core.dates import PARIS, localtime_in, paris_today
from passculture.finance import errors, rules
from passculture.finance.models import (
    BankAccount,
    BankAccountLink,
    BankAccountStatus,
    FinanceEvent,
    PaymentBatch,
    PaymentBatchStatus,
    Pricing,
    PricingStatus,
    Transfer,
)
from passculture.finance.services import justificatifs, pricing, sepa
from passculture.offerers.models import Venue

PRICING = Pricing._meta.db_table
EVENT = FinanceEvent._meta.db_table
BATCH_VENUES = "finance_batch_venues"


@dataclass(frozen=True)
class BatchResult:
    batch: PaymentBatch
    created: bool  # False: the batch of this cut-off existed already (nothing was paid again)
    transfers: int
    held: int  # priced bookings before the cut-off left for a later batch (no accepted account then)


def check_cutoff(cutoff: datetime.date, today: datetime.date | None = None) -> datetime.date:
    """A cut-off is the 15th or the last day of a month, already over."""
    if not rules.is_cutoff(cutoff) or cutoff >= (today or paris_today()):
        raise errors.CutoffInvalid(field="cutoff", cutoff=f"{cutoff:%d/%m/%Y}")
    return cutoff


def _account_at(end: datetime.datetime, venue: OuterRef | None = None) -> Subquery:
    """The account whose link to the pricing's venue is in force at ``end`` (docs/domain/finance.md#links-over-time)."""
    venue = venue if venue is not None else OuterRef("venue_id")
    links = BankAccountLink.objects.filter(venue=venue, starts_at__lt=end).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gte=end)
    )
    return Subquery(links.order_by("-starts_at").values("bank_account_id")[:1])


def _unpaid_before(end: datetime.datetime):
    """Priced, unpaid, used before ``end``, and not undone since (a reversal waiting for the pricing job)."""
    return Pricing.objects.filter(
        status=PricingStatus.VALIDATED, batch__isnull=True, value_date__lt=end, event__reversed_by__isnull=True
    )


def payments_batch(cutoff: datetime.date, actor="AUTO", *, today: datetime.date | None = None) -> BatchResult:
    """Build the batch of ``cutoff`` (or find it: idempotent). The pricing job runs first, so that every use and
    every reversal before the batch is priced."""
    check_cutoff(cutoff, today)
    existing = PaymentBatch.objects.filter(cutoff=cutoff).first()
    if existing is not None:
        return BatchResult(existing, False, existing.transfers.count(), 0)
    pricing.price_events(actor=actor)
    return _build(cutoff, actor)


@transaction.atomic
def _build(cutoff: datetime.date, actor) -> BatchResult:
    with connection.cursor() as cursor:
        pricing.lock(cursor)  # no pricing run, and no other batch, meanwhile
    existing = PaymentBatch.objects.filter(cutoff=cutoff).first()
    if existing is not None:
        return BatchResult(existing, False, existing.transfers.count(), 0)
    end = rules.cutoff_end(cutoff)
    now = timezone.now()
    batch = PaymentBatch.objects.create(
        cutoff=cutoff,
        execution_date=rules.execution_date(localtime_in(now, PARIS).date()),
        message_id=sepa.message_id(cutoff),
        created_by=str(actor),
    )
    # Per venue (thousands), not per pricing (millions): the venues' unpaid totals, the account paying each venue at
    # the cut-off, then each accepted account's total.
    unpaid = _unpaid_before(end)
    venue_totals = dict(unpaid.order_by().values_list("venue_id").annotate(total=Sum("amount")))
    venues = Venue.objects.filter(pk__in=unpaid.order_by().values("venue_id").distinct())
    account_of_venue = dict(
        venues.annotate(account_id=_account_at(end, OuterRef("pk")))
        .filter(account_id__in=BankAccount.objects.filter(status=BankAccountStatus.ACCEPTED).values("pk"))
        .values_list("pk", "account_id")
    )
    totals: dict[int, int] = {}
    for venue_id, account_id in account_of_venue.items():
        totals[account_id] = totals.get(account_id, 0) + venue_totals[venue_id]
    # A negative total (an adjustment larger than the fortnight's earnings) waits for later earnings.
    settled = sorted(account for account, total in totals.items() if total >= 0)
    accounts = BankAccount.objects.select_related("offerer").in_bulk(settled)
    transfers = Transfer.objects.bulk_create(
        Transfer(
            batch=batch,
            bank_account_id=account_id,
            label=f"TMP-{batch.pk}-{account_id}",
            amount=totals[account_id],
            iban=accounts[account_id].iban,
            bic=accounts[account_id].bic,
            account_label=accounts[account_id].label,
        )
        for account_id in settled
        if totals[account_id] > 0
    )
    Transfer.objects.filter(batch=batch).update(label=Concat(Value("VIR"), Cast("pk", CharField())))
    transfer_of_account = dict(Transfer.objects.filter(batch=batch).values_list("bank_account_id", "pk"))
    settled_accounts = set(settled)
    _take(
        end,
        batch,
        {
            venue_id: transfer_of_account.get(account_id)
            for venue_id, account_id in account_of_venue.items()
            if account_id in settled_accounts
        },
    )
    held = _unpaid_before(end).count()
    payees = [
        sepa.Payee(t.label, t.amount, t.iban, t.bic, offerer.name if offerer else "", offerer.siren if offerer else "")
        for t in Transfer.objects.filter(batch=batch).select_related("bank_account__offerer")
        for offerer in [t.bank_account.offerer]
    ]
    # No transfer, no file (a SEPA file holds at least one transaction).
    batch.sepa_xml = sepa.build(cutoff, batch.created_at, payees).decode() if payees else ""
    batch.total = sum(t.amount for t in transfers)
    batch.save(update_fields=["sepa_xml", "total"])
    log_action(
        actor,
        "finance.batch_created",
        batch,
        {"cutoff": cutoff.isoformat(), "transfers": len(transfers), "total": batch.total, "held": held},
    )
    return BatchResult(batch, True, len(transfers), held)


def _take(end: datetime.datetime, batch: PaymentBatch, transfer_of_venue: dict[int, int | None]) -> None:
    """The unpaid pricings (:func:`_unpaid_before`, written in SQL) of the paid venues join the batch (``PROCESSED``),
    each with its venue's transfer (none for an account settled at zero): one ``UPDATE`` reading the venue's transfer
    from a temporary table, instead of the account of each pricing's venue looked up again for each pricing."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL work_mem = '{pricing.WORK_MEM}'")
        cursor.execute(f"DROP TABLE IF EXISTS {BATCH_VENUES}")
        cursor.execute(f"CREATE TEMPORARY TABLE {BATCH_VENUES} (venue_id bigint PRIMARY KEY, transfer_id bigint)")
        cursor.executemany(
            f"INSERT INTO {BATCH_VENUES} (venue_id, transfer_id) VALUES (%s, %s)",  # noqa: S608 (constant names)
            list(transfer_of_venue.items()),
        )
        cursor.execute(
            f"""UPDATE {PRICING} SET batch_id = %s, status = %s,
                transfer_id = (SELECT t.transfer_id FROM {BATCH_VENUES} t WHERE t.venue_id = {PRICING}.venue_id)
            WHERE status = %s AND batch_id IS NULL AND value_date < %s
                AND venue_id IN (SELECT venue_id FROM {BATCH_VENUES})
                AND NOT EXISTS (SELECT 1 FROM {EVENT} r WHERE r.reverses_id = {PRICING}.event_id)""",  # noqa: S608
            [batch.pk, PricingStatus.PROCESSED, PricingStatus.VALIDATED, connection.ops.adapt_datetimefield_value(end)],
        )
        cursor.execute(f"DROP TABLE {BATCH_VENUES}")


def payments_batch_confirm(batch_id: int, actor) -> PaymentBatch:
    """The bank has the SEPA file: the batch's pricings are INVOICED, their bookings REIMBURSED, and each transfer
    gets its justificatif's number (once); the PDFs are rendered once that has committed (a Celery task, inline
    without a broker), never inside the transaction that holds the batch's locks. What a crash leaves unrendered,
    the ``render_justificatifs`` job renders."""
    batch = _confirm(batch_id, actor)
    transaction.on_commit(lambda: _render_soon(batch.pk), robust=True)
    return batch


def _render_soon(batch_id: int) -> None:
    from passculture.finance import tasks

    if settings.CELERY_TASK_ALWAYS_EAGER:
        justificatifs.render_missing(batch_id)  # no broker: the task's body, without Celery's eager machinery
    else:
        tasks.render_justificatifs.delay(batch_id)


@transaction.atomic
def _confirm(batch_id: int, actor) -> PaymentBatch:
    batch = PaymentBatch.objects.select_for_update().get(pk=batch_id)
    now = timezone.now()
    if batch.status == PaymentBatchStatus.CONFIRMED:
        raise errors.BatchAlreadyConfirmed(date=f"{localtime_in(batch.confirmed_at or now, PARIS):%d/%m/%Y}")
    Pricing.objects.filter(batch=batch).update(status=PricingStatus.INVOICED)
    bookings = Pricing.objects.filter(batch=batch, event__reverses__isnull=True).values_list("booking_id", flat=True)
    reimbursed = booking_services.bookings_mark_reimbursed(list(bookings), now, actor)
    justificatifs.number(batch.transfers.order_by("pk"), now)
    batch.status, batch.confirmed_at = PaymentBatchStatus.CONFIRMED, now
    batch.confirmed_by = actor if hasattr(actor, "pk") else None
    batch.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    log_action(
        actor, "finance.batch_confirmed", batch, {"reimbursed": reimbursed, "transfers": batch.transfers.count()}
    )
    return batch
