"""Render the justificatifs still missing (docs/domain/finance.md#justificatifs): every numbered transfer without its
PDF, one at a time, each stored in a short transaction of its own with the number given when its batch was
confirmed.

Confirming a batch renders its PDFs right after its commit; this job renders what that left (a worker or a process
that stopped midway, a rendering that failed). Idempotent and safe concurrently: a stored PDF is never rendered
again, and the transfer's row is locked while its file is stored (two runs never both store one). ``--dry-run``
counts the missing PDFs without rendering (files are not rolled back with a transaction).
"""

from django.core.management.base import CommandError

from passculture.core.management.base import JobCommand
from passculture.finance.services import justificatifs


class Command(JobCommand):
    help = "Render the justificatifs' PDFs of the numbered transfers that have none yet."

    def run(self, *, dry_run: bool) -> dict[str, int]:
        if dry_run:
            return {"missing": justificatifs.missing().count()}
        counts = justificatifs.render_missing()
        if counts["failed"]:
            figures = " ".join(f"{name}={value}" for name, value in counts.items())
            raise CommandError(f"{self.job_name}: {figures}: see the log; the next run tries the failed ones again")
        return counts
