"""The base of scheduled jobs: ``--dry-run``, batches, progress and a summary line.

A job is a management command listed in ``deploy/crontab``. Its contract:

- **idempotent**: running it twice, or again after a crash, changes nothing twice (select what still needs
  doing, e.g. ``sirene_check_pending=True``, and let unique constraints back this up);
- ``run(dry_run=...)`` returns its counts (``{"checked": 3, "still_unavailable": 1}``), printed as the last
  line, which is what the scheduler's log keeps;
- ``--dry-run`` runs the very same code inside a transaction that is rolled back (mail and tasks deferred to
  ``transaction.on_commit`` are dropped with it), so what it prints is what a real run would change;
- long loops go through :meth:`JobCommand.iterate`: rows fetched ``--batch-size`` at a time by primary key,
  a rich progress bar on a terminal, plain progress lines otherwise (cron mails, the scheduler's log).
"""

import argparse
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Model, QuerySet


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return number


class JobCommand(BaseCommand):
    """Subclass it, implement :meth:`run`; declare options in :meth:`add_job_arguments`."""

    default_batch_size = 100

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Run inside a transaction that is rolled back: print what would change, change nothing.",
        )
        parser.add_argument(
            "--batch-size",
            type=positive_int,
            default=self.default_batch_size,
            help=f"Rows fetched per query (default {self.default_batch_size}).",
        )
        self.add_job_arguments(parser)

    def add_job_arguments(self, parser) -> None:
        """Job-specific options."""

    def run(self, *, dry_run: bool) -> Mapping[str, int]:
        """Do the work; return the counts for the summary line."""
        raise NotImplementedError

    @property
    def job_name(self) -> str:
        return self.__module__.rsplit(".", 1)[-1]

    def handle(self, *args, **options):
        self.options = options
        self.dry_run: bool = options["dry_run"]
        self.batch_size: int = options["batch_size"]
        self.verbosity: int = options["verbosity"]
        self._console = None
        started = time.monotonic()
        if self.dry_run:
            with transaction.atomic():
                counts = self.run(dry_run=True)
                transaction.set_rollback(True)
        else:
            counts = self.run(dry_run=False)
        self.stdout.write(self.summary(counts, time.monotonic() - started))

    def summary(self, counts: Mapping[str, int], seconds: float) -> str:
        figures = " ".join(f"{name}={value}" for name, value in counts.items()) or "nothing to do"
        mode = " (dry run: rolled back)" if self.dry_run else ""
        return f"{self.job_name}: {figures}{mode} in {seconds:.2f}s"

    # --- Output --------------------------------------------------------------------------------------------

    def report(self, message: str) -> None:
        """One change (made, or that would be made under ``--dry-run``)."""
        if self.verbosity < 1:
            return
        line = f"[dry run] {message}" if self.dry_run else message
        if self._console is not None:
            self._console.print(line, markup=False, highlight=False)
        else:
            self.stdout.write(line)

    def iterate(self, queryset: QuerySet, *, label: str = "rows") -> Iterator[Model]:
        """Yield the rows of ``queryset`` by ascending primary key, ``batch_size`` per query.

        Keyset pagination (``pk > last``) stays correct while the loop changes the rows it filters on (rows
        that stop matching simply do not come back) and never holds a cursor open across a batch.
        """
        total = queryset.count()
        ordered = queryset.order_by("pk")
        with self._progress(total, label) as advance:
            last_pk = None
            while True:
                page = ordered if last_pk is None else ordered.filter(pk__gt=last_pk)
                batch = list(page[: self.batch_size])
                if not batch:
                    return
                for obj in batch:
                    yield obj
                    advance()
                last_pk = batch[-1].pk

    @contextmanager
    def _progress(self, total: int, label: str):
        if self.verbosity < 1 or total == 0:
            yield lambda: None
            return
        if self.stdout.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            # Write to the underlying stream: Django's OutputWrapper would add a newline to every refresh.
            console = Console(file=getattr(self.stdout, "_out", self.stdout))
            columns = (
                TextColumn(f"{self.job_name}: {label}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
            )
            with Progress(*columns, console=console) as progress:
                task = progress.add_task(label, total=total)
                self._console = progress.console
                try:
                    yield lambda: progress.advance(task)
                finally:
                    self._console = None
            return

        done = 0
        step = self.batch_size

        def advance() -> None:
            nonlocal done
            done += 1
            if done % step == 0 or done == total:
                self.stdout.write(f"{self.job_name}: {done}/{total} {label}")

        yield advance
