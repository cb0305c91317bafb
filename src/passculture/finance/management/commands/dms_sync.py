"""Read the bank details dossiers updated on Démarches simplifiées since the last run: the backup of the webhook
(docs/domain/finance.md#dms-updates).

Scheduled in ``deploy/crontab``. Idempotent: an update already applied changes nothing, and each procedure's cursor
(``DmsSyncState``) only moves forward, so a second run reads a few dossiers again and changes nothing.
"""

from django.conf import settings

from passculture.core.management.base import JobCommand
from passculture.finance.services import dms as dms_services


class Command(JobCommand):
    help = "Apply the Démarches simplifiées bank details dossiers updated since the last run (DMS_PROCEDURE_IDS)."

    def add_job_arguments(self, parser) -> None:
        parser.add_argument(
            "--procedure",
            type=int,
            action="append",
            help="Only this procedure number (repeatable); default: every one of DMS_PROCEDURE_IDS.",
        )

    def run(self, *, dry_run: bool) -> dict[str, int]:
        counts = {"procedures": 0, "read": 0, "applied": 0, "unchanged": 0, "failed": 0, "errors": 0}
        for procedure in self.options.get("procedure") or settings.DMS_PROCEDURE_IDS:
            result = dms_services.dms_poll(procedure)
            counts["procedures"] += 1
            for name in ("read", "applied", "unchanged", "failed"):
                counts[name] += getattr(result, name)
            if result.error:
                counts["errors"] += 1
                self.stderr.write(f"Démarche {procedure} : {result.error}")
            self.report(
                f"Démarche {procedure} : {result.read} dossier(s) lu(s), {result.applied} appliqué(s), "
                f"{result.unchanged} déjà à jour"
            )
        return counts
