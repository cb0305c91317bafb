"""Reads of the payments (docs/domain/finance.md#batches, #reimbursements-page): the pro's transfers and their
chart, the staff's batches, and ``finance_check``'s sums."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from passculture.accounts.models import User
from passculture.bookings.models import Booking, BookingStatus
from passculture.finance import rules
from passculture.finance.models import (
    BankAccount,
    FinanceEvent,
    PaymentBatch,
    PaymentBatchStatus,
    Pricing,
    PricingRule,
    Transfer,
)
from passculture.offerers.models import Venue
from passculture.offerers.selectors import offerers_of

# --- Pro: "Suivi des remboursements" ---------------------------------------------------------------------------------


def transfers_of(
    user: User,
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    account_id: int | None = None,
) -> QuerySet[Transfer]:
    """The confirmed transfers (with a justificatif) to the accounts of the structures ``user`` belongs to, newest
    first, filtered by the justificatif's date and by account."""
    transfers = Transfer.objects.filter(
        bank_account__offerer__in=offerers_of(user).order_by(), batch__status=PaymentBatchStatus.CONFIRMED
    ).select_related("batch", "bank_account")
    if since:
        transfers = transfers.filter(justificatif_date__gte=since)
    if until:
        transfers = transfers.filter(justificatif_date__lte=until)
    if account_id:
        transfers = transfers.filter(bank_account_id=account_id)
    return transfers.order_by("-justificatif_date", "-pk")


def transfer_of(user: User, pk: int) -> Transfer:
    return get_object_or_404(transfers_of(user), pk=pk)


def reimbursed_accounts_of(user: User) -> QuerySet[BankAccount]:
    """The accounts of the filter: those of the user's structures."""
    return BankAccount.objects.filter(offerer__in=offerers_of(user).order_by()).order_by("label")


@dataclass(frozen=True)
class FortnightBar:
    cutoff: datetime.date
    label: str
    amount: int
    percent: int  # of the highest fortnight, for the bar's width


def fortnights(transfers: QuerySet[Transfer]) -> list[FortnightBar]:
    """The reimbursements summed per fortnight, oldest first (the chart and its table)."""
    rows = list(
        transfers.order_by().values_list("batch__cutoff").annotate(total=Sum("amount")).order_by("batch__cutoff")
    )
    top = max((total for _, total in rows), default=0) or 1
    return [
        FortnightBar(cutoff, rules.fortnight_label(cutoff), total, round(total * 100 / top)) for cutoff, total in rows
    ]


def details_of(transfers: QuerySet[Transfer]) -> QuerySet[Pricing]:
    """The priced bookings of ``transfers``: the rows of the details CSV."""
    return (
        Pricing.objects.filter(transfer__in=transfers.order_by().values("pk"))
        .select_related("transfer", "transfer__batch", "booking", "booking__offer", "venue", "rule")
        .order_by("transfer__batch__cutoff", "transfer_id", "value_date", "pk")
    )


# --- Staff -----------------------------------------------------------------------------------------------------------


def batches_for_staff() -> QuerySet[PaymentBatch]:
    return PaymentBatch.objects.annotate(transfer_count=Count("transfers")).order_by("-cutoff")


def batch_for_staff(pk: int) -> PaymentBatch:
    return get_object_or_404(PaymentBatch, pk=pk)


def transfers_for_staff(batch: PaymentBatch | None = None) -> QuerySet[Transfer]:
    transfers = Transfer.objects.select_related("batch", "bank_account__offerer")
    if batch is not None:
        transfers = transfers.filter(batch=batch)
    return transfers.order_by("-batch__cutoff", "pk")


def held_count(batch: PaymentBatch) -> int:
    """Priced bookings used before the batch's cut-off still unpaid (no accepted account at the cut-off)."""
    return Pricing.objects.filter(
        batch__isnull=True, status="VALIDATED", value_date__lt=rules.cutoff_end(batch.cutoff)
    ).count()


# --- finance_check ---------------------------------------------------------------------------------------------------


def check_batches() -> list[str]:
    """Every difference between a batch's transfers, its pricings and the bookings it reimbursed."""
    problems = []
    for batch in PaymentBatch.objects.order_by("cutoff"):
        transfers = batch.transfers.aggregate(total=Sum("amount"))["total"] or 0
        pricings = batch.pricings.aggregate(total=Sum("amount"))["total"] or 0
        name = f"lot {batch.cutoff:%Y-%m-%d}"
        if transfers != pricings:
            problems.append(f"{name}: virements {transfers} ≠ valorisations {pricings} (centimes)")
        if transfers != batch.total:
            problems.append(f"{name}: virements {transfers} ≠ total du lot {batch.total} (centimes)")
        for transfer in batch.transfers.annotate(priced=Sum("pricings__amount")).exclude(priced=F("amount")):
            problems.append(f"{name}: {transfer.label} {transfer.amount} ≠ ses valorisations {transfer.priced}")
        if batch.status == PaymentBatchStatus.CONFIRMED:
            uses = batch.pricings.filter(event__reverses__isnull=True)
            reimbursed = uses.filter(booking__status=BookingStatus.REIMBURSED).aggregate(t=Sum("amount"))["t"] or 0
            adjustments = batch.pricings.filter(event__reverses__isnull=False).aggregate(t=Sum("amount"))["t"] or 0
            if reimbursed + adjustments != transfers:
                problems.append(
                    f"{name}: réservations remboursées {reimbursed} + régularisations {adjustments} ≠ virements "
                    f"{transfers} (centimes)"
                )
    return problems


def check_orphaned_pricings() -> list[str]:
    """Every pricing whose event, booking, venue, pricing point or rule is gone: the database does not guard these
    keys (docs/adr/0011-pricing-keys-without-constraint.md)."""
    keys = {
        "event": ("événement", FinanceEvent),
        "booking": ("réservation", Booking),
        "venue": ("lieu", Venue),
        "pricing_point": ("point de valorisation", Venue),
        "rule": ("règle", PricingRule),
    }
    present = {
        f"has_{key}": Exists(model._default_manager.filter(pk=OuterRef(f"{key}_id")))
        for key, (_, model) in keys.items()
    }
    missing_any = Q()
    for name in present:
        missing_any |= Q(**{name: False})
    rows = (
        Pricing.objects.annotate(**present)
        .filter(missing_any)
        .values("pk", *(f"{key}_id" for key in keys), *present)
        .order_by("pk")
    )
    problems = []
    for row in rows.iterator(chunk_size=5000):
        gone = [f"{label} {row[f'{key}_id']}" for key, (label, _) in keys.items() if not row[f"has_{key}"]]
        problems.append(f"valorisation {row['pk']} : {', '.join(gone)} introuvable(s)")
    return problems


def check_pricings() -> list[str]:
    """Every pricing whose amount or rate is not what its rule gives."""
    problems = []
    rules_by_id = PricingRule.objects.in_bulk()
    rows = Pricing.objects.exclude(status="CANCELLED").values_list(
        "pk", "booking_id", "booking__quantity", "rule_id", "rate_bp", "booking_amount", "amount"
    )
    for pk, booking_id, quantity, rule_id, rate_bp, booked, amount in rows.iterator(chunk_size=5000):
        rule = rules_by_id.get(rule_id)
        if rule is None:  # reported by check_orphaned_pricings
            continue
        expected = rules.expected_amount(booked, quantity, rule.rate_bp, rule.amount_per_place)
        if rule.rate_bp != rate_bp or expected != amount:
            problems.append(f"valorisation {pk} (réservation {booking_id}) : {amount} au lieu de {expected}")
    return problems
