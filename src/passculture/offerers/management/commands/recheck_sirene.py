"""Retry the Sirene register for the structures that signed up while it was unavailable.

Scheduled in ``deploy/crontab``. Idempotent: a structure leaves the selection (``sirene_check_pending``) once
the register has answered, so a second run finds nothing more to do.
"""

from passculture.core.identifiers import format_siren
from passculture.core.management.base import JobCommand
from passculture.offerers.models import Offerer
from passculture.offerers.services import offerer_recheck_sirene


class Command(JobCommand):
    help = "Check against the Sirene register the structures flagged while it was unavailable."
    default_batch_size = 50

    def run(self, *, dry_run: bool) -> dict[str, int]:
        counts = {"checked": 0, "still_unavailable": 0}
        pending = Offerer.objects.filter(sirene_check_pending=True)
        for offerer in self.iterate(pending, label="structures"):
            if offerer_recheck_sirene(offerer):
                counts["checked"] += 1
                self.report(f"SIREN {format_siren(offerer.siren)} ({offerer.name}): checked against Sirene")
            else:
                counts["still_unavailable"] += 1
        return counts
