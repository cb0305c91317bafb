"""Sync the offers of a provider's linked venues, or the book catalogue (docs/domain/imports.md).

``passculture sync --provider allocine [--venue 12] [--dry-run]``. Scheduled in ``deploy/crontab``: Allociné and
the stock software nightly, the Titelive catalogue daily. Idempotent and resumable: run again after a crash, it finds
the batches already written unchanged.
"""

from django.core.management.base import CommandError

from passculture.core.management.base import JobCommand
from passculture.providers import errors, services
from passculture.providers.models import Provider, ProviderKind, VenueProvider


class Command(JobCommand):
    help = "Import the offers of a provider's linked venues (or the Titelive catalogue), through the import path."
    default_batch_size = 20

    def add_job_arguments(self, parser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--provider", help="Provider code (allocine, titelive, byblos…).")
        which.add_argument(
            "--kind", choices=["stock_software"], help="Every provider of this kind (the bookstores' stock software)."
        )
        parser.add_argument("--venue", type=int, help="Only this venue (its id).")

    def run(self, *, dry_run: bool) -> dict[str, int]:
        counts = dict.fromkeys(("venues", "created", "updated", "unchanged", "refused", "skipped", "removed"), 0)
        if self.options["kind"]:
            providers = Provider.objects.filter(kind=ProviderKind.STOCK_SOFTWARE)
        else:
            providers = Provider.objects.filter(code=self.options["provider"])
            if not providers:
                codes = ", ".join(Provider.objects.order_by("code").values_list("code", flat=True))
                raise CommandError(f"unknown provider {self.options['provider']!r} (known: {codes})")
            if providers[0].kind == ProviderKind.BOOK_CATALOGUE:
                self._add(counts, services.sync_catalogue(providers[0].code, dry_run=dry_run), providers[0].name)
                return counts
        links = VenueProvider.objects.filter(provider__in=providers, is_active=True).select_related("venue")
        if self.options["venue"] is not None:
            links = links.filter(venue_id=self.options["venue"])
        for link in self.iterate(links, label="lieux"):
            try:
                report = services.sync_link(link.pk, dry_run=dry_run)
            except (errors.LinkPaused, errors.SyncAlreadyRunning) as refusal:
                self.report(f"{link.venue}: {refusal.message}")
                continue
            counts["venues"] += 1
            self._add(counts, report, str(link.venue))
        return counts

    def _add(self, counts: dict[str, int], report, label: str) -> None:
        for name in counts:
            if name != "venues":
                counts[name] += getattr(report, name)
        summary = ", ".join(f"{name} {value}" for name, value in report.counts().items() if value)
        self.report(f"{label}: {summary or 'rien à faire'}")
