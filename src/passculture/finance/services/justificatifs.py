"""The "Justificatif de remboursement" of a transfer (docs/domain/finance.md#justificatifs): numbered without gap per
year from a locked counter row (``F26`` + seven digits) in the transaction that confirms its batch, then rendered as
a PDF by WeasyPrint with the fonts shipped under ``static/fonts/dejavu`` (DejaVu, free licence beside them) after
that commit, one transfer at a time, stored in the private storage, never generated again.

Rendering takes ~100 ms a transfer and a batch has thousands: it runs outside any transaction (no lock held while
WeasyPrint works), and each PDF is stored in a short transaction of its own that locks the transfer's row and
stores the file only if it has none yet. A renderer that stops midway loses nothing: :func:`render_missing` (after
each confirmation, and the ``render_justificatifs`` job) renders what is left, from the numbers already stored."""

import datetime
import logging
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.template.loader import render_to_string

from passculture.core.dates import PARIS, localtime_in
from passculture.finance import rules
from passculture.finance.models import JustificatifCounter, Pricing, PricingRuleGroup, Transfer

logger = logging.getLogger(__name__)

FONTS = Path(__file__).resolve().parents[2] / "static" / "fonts" / "dejavu"


def next_numbers(year: int, count: int) -> list[str]:
    """The next ``count`` numbers of ``year``, under a lock of its counter row taken once (call inside the
    transaction that stores them: a rollback gives them back)."""
    JustificatifCounter.objects.get_or_create(year=year)
    counter = JustificatifCounter.objects.select_for_update().get(year=year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return [rules.justificatif_number(year, n) for n in range(first, counter.last + 1)]


def lines(transfer: Transfer) -> list[rules.JustificatifLine]:
    rows = (
        Pricing.objects.filter(transfer=transfer)
        .order_by()
        .values_list("rule__group", "rate_bp")
        .annotate(booked=Sum("booking_amount"), reimbursed=Sum("amount"))
    )
    return rules.justificatif_lines(rows)


def context(transfer: Transfer) -> dict:
    """What the justificatif says (the PDF's template, and the tests)."""
    groups = []
    all_lines = lines(transfer)
    labels = dict(PricingRuleGroup.choices)
    for group in rules.JUSTIFICATIF_GROUPS:
        of_group = [line for line in all_lines if line.group == group]
        if of_group:
            groups.append(
                {
                    "label": labels[group],
                    "lines": [
                        {
                            "line": line,
                            "rate": "Montant par place" if line.rate_bp is None else rules.format_rate(line.rate_bp),
                            "contribution_rate": rules.format_rate(line.contribution_rate_bp),
                        }
                        for line in of_group
                    ],
                    "booked": sum(line.booked for line in of_group),
                    "contribution": sum(line.contribution for line in of_group),
                    "reimbursed": sum(line.reimbursed for line in of_group),
                }
            )
    offerer = transfer.bank_account.offerer
    return {
        "transfer": transfer,
        "offerer": offerer,
        "groups": groups,
        "booked": sum(g["booked"] for g in groups),
        "contribution": sum(g["contribution"] for g in groups),
        "reimbursed": sum(g["reimbursed"] for g in groups),
        "fortnight": rules.fortnight_label(transfer.batch.cutoff),
        "period_start": rules.fortnight_start(transfer.batch.cutoff),
        "issuer": {
            "name": settings.SEPA_DEBTOR_NAME,
            "siren": settings.PASS_CULTURE_SIREN,
            "address": settings.PASS_CULTURE_ADDRESS,
        },
        "fonts": FONTS.as_uri(),
    }


def render(transfer: Transfer) -> bytes:
    from weasyprint import HTML  # heavy: loaded when a justificatif is made

    html = render_to_string("finance/pdf/justificatif.html", context(transfer))
    return HTML(string=html, base_url=str(FONTS)).write_pdf()


def number(transfers: Iterable[Transfer], at: datetime.datetime) -> int:
    """Give each transfer without a number the next one of the year of ``at`` (Paris), in the order given, and the
    date of ``at``: inside the confirming transaction, never again for a transfer (no PDF is rendered here)."""
    unnumbered = [transfer for transfer in transfers if not transfer.justificatif_number]
    if not unnumbered:
        return 0
    day = localtime_in(at, PARIS).date()
    for transfer, justificatif_number in zip(unnumbered, next_numbers(day.year, len(unnumbered)), strict=True):
        transfer.justificatif_number, transfer.justificatif_date = justificatif_number, day
    Transfer.objects.bulk_update(unnumbered, ["justificatif_number", "justificatif_date"], batch_size=500)
    return len(unnumbered)


def missing() -> QuerySet[Transfer]:
    """The numbered transfers whose PDF is not stored yet (the batch confirmed, the rendering still to come)."""
    return Transfer.objects.exclude(justificatif_number=None).filter(justificatif="")


def store(transfer_id: int) -> bool:
    """Render the PDF of a numbered transfer and store it, unless it has one (rendered by another run meanwhile).
    True when this call stored it."""
    transfer = missing().select_related("batch", "bank_account__offerer").filter(pk=transfer_id).first()
    if transfer is None:
        return False
    pdf = render(transfer)  # outside any transaction: no lock is held while WeasyPrint works
    name = f"{transfer.justificatif_number}.pdf"
    with transaction.atomic():
        # The row locked, then written only if it still has no file: two renderers never both store one.
        if not list(missing().select_for_update().filter(pk=transfer_id).values_list("pk", flat=True)):
            return False
        transfer.justificatif.save(name, ContentFile(pdf), save=False)
        try:
            stored = missing().filter(pk=transfer_id).update(justificatif=transfer.justificatif.name)
        except BaseException:
            transfer.justificatif.delete(save=False)
            raise
        if not stored:  # SQLite has no row lock: another renderer stored its file first
            transfer.justificatif.delete(save=False)
            return False
    return True


def render_missing(batch_id: int | None = None) -> dict[str, int]:
    """Render and store every missing PDF (of one batch, or of all): one transfer at a time, each stored in its own
    short transaction, by number order. Run again after a crash, it renders what is left with the stored numbers."""
    pending = missing()
    if batch_id is not None:
        pending = pending.filter(batch_id=batch_id)
    ids = list(pending.order_by("justificatif_number").values_list("pk", flat=True))
    rendered = failed = 0
    for transfer_id in ids:
        try:
            rendered += store(transfer_id)
        except Exception:  # one transfer's failure never holds the others back; the next run tries it again
            logger.exception("justificatif of transfer %s not rendered", transfer_id)
            failed += 1
    return {"missing": len(ids), "rendered": rendered, "failed": failed}
