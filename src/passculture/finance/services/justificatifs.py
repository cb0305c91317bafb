"""The "Justificatif de remboursement" of a transfer (docs/domain/finance.md#justificatifs): numbered without gap per
year from a locked counter row (``F26`` + seven digits), rendered once as a PDF by WeasyPrint with the fonts shipped
under ``static/fonts/dejavu`` (DejaVu, free licence beside them), stored in the private storage, never generated
again."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Sum
from django.template.loader import render_to_string

from passculture.core.dates import PARIS, localtime_in
from passculture.finance import rules
from passculture.finance.models import JustificatifCounter, Pricing, PricingRuleGroup, Transfer

FONTS = Path(__file__).resolve().parents[2] / "static" / "fonts" / "dejavu"


def next_number(year: int) -> str:
    """The next number of ``year``, under a lock of its counter row (call inside the transaction that stores it)."""
    JustificatifCounter.objects.get_or_create(year=year)
    counter = JustificatifCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return rules.justificatif_number(year, counter.last)


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


def issue(transfer: Transfer, at: datetime.datetime) -> Transfer:
    """Number and store the justificatif of ``transfer`` unless it has one (never renumbered, never rendered again)."""
    if transfer.justificatif_number:
        return transfer
    day = localtime_in(at, PARIS).date()
    transfer.justificatif_number = next_number(day.year)
    transfer.justificatif_date = day
    transfer.justificatif.save(f"{transfer.justificatif_number}.pdf", ContentFile(render(transfer)), save=False)
    transfer.save(update_fields=["justificatif_number", "justificatif_date", "justificatif"])
    return transfer
