"""Build the payment batch of a fortnight (docs/domain/finance.md#batches): its transfers and SEPA file.

``--cutoff YYYY-MM-DD`` (the 15th or the last day of a month; default: the last cut-off before today, which the
crontab's runs on the 1st and the 16th pay). Idempotent: the batch of a cut-off is built once; running it again,
or after a crash, pays nothing twice. ``--confirm`` also confirms it (bookings REIMBURSED, justificatifs): staff do
that from the back office once the bank has the SEPA file.
"""

import datetime

from django.core.management.base import CommandError

from passculture.core.dates import paris_today
from passculture.core.errors import DomainError
from passculture.core.management.base import JobCommand
from passculture.finance import rules
from passculture.finance.services import payments


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--cutoff: date AAAA-MM-JJ attendue, pas « {value} »") from None


class Command(JobCommand):
    help = "Build the payment batch of a fortnight: one transfer per accepted bank account and the SEPA file."

    def add_job_arguments(self, parser) -> None:
        parser.add_argument("--cutoff", type=_date, help="Last day of the fortnight (YYYY-MM-DD).")
        parser.add_argument("--confirm", action="store_true", help="Confirm the batch too (bookings REIMBURSED).")

    def run(self, *, dry_run: bool) -> dict[str, int]:
        cutoff = self.options["cutoff"] or rules.last_cutoff_before(paris_today())
        try:
            result = payments.payments_batch(cutoff)
            if self.options["confirm"]:
                payments.payments_batch_confirm(result.batch.pk, "AUTO")
        except DomainError as error:
            raise CommandError(f"{error.code}: {error.message}") from None
        return {
            "created": int(result.created),
            "transfers": result.transfers,
            "total_cents": result.batch.total,
            "held": result.held,
        }
