"""Price the used bookings on the scale (docs/domain/finance.md#pricing): every ready finance event, a batch of
pricing points per transaction, in a few SQL statements per batch.

Idempotent and safe concurrently: an event is priced once (it leaves READY in the same transaction), and two runs
never overlap (a PostgreSQL advisory lock; SQLite serialises writers).
"""

from passculture.core.management.base import JobCommand, positive_int
from passculture.finance.services import pricing


class Command(JobCommand):
    help = "Price the used bookings on the reimbursement scale."

    def add_job_arguments(self, parser) -> None:
        parser.add_argument(
            "--points-per-batch",
            type=positive_int,
            default=pricing.DEFAULT_BATCH_POINTS,
            help=f"Pricing points priced per transaction (default {pricing.DEFAULT_BATCH_POINTS}).",
        )

    def run(self, *, dry_run: bool) -> dict[str, int]:
        return pricing.price_events(batch_points=self.options["points_per_batch"])
