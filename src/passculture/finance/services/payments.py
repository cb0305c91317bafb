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
from django.db.models import OuterRef, Q, Subquery, Sum
from django.utils import timezone

from passculture.bookings import services as booking_services
from passculture.core.audit import log_action
from passculture.core.dates import PARIS, localtime_in, paris_today
from passculture.finance import errors, rules
from passculture.finance.models import (
    BankAccount,
    BankAccountLink,
    BankAccountStatus,
    PaymentBatch,
    PaymentBatchStatus,
    Pricing,
    PricingStatus,
    Transfer,
)
from passculture.finance.services import justificatifs, pricing, sepa


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
    candidates = _unpaid_before(end).annotate(account_id=_account_at(end))
    accepted = BankAccount.objects.filter(status=BankAccountStatus.ACCEPTED).values("pk")
    totals = dict(
        candidates.filter(account_id__in=accepted)
        .order_by()
        .values_list("account_id")
        .annotate(total=Sum("amount"))
        .values_list("account_id", "total")
    )
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
    for transfer in Transfer.objects.filter(batch=batch):
        transfer.label = f"VIR{transfer.pk}"
        transfer.save(update_fields=["label"])
    transfer_of_account = Transfer.objects.filter(
        batch=batch, bank_account_id=_account_at(end, OuterRef(OuterRef("venue_id")))
    )
    taken = candidates.filter(account_id__in=settled).values("pk")
    Pricing.objects.filter(pk__in=taken).update(
        batch=batch, status=PricingStatus.PROCESSED, transfer=Subquery(transfer_of_account.values("pk")[:1])
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
