"""Runs the jobs of ``deploy/crontab`` inside ``passculture serve`` (the embedded platform).

``deploy/crontab`` is the one list of scheduled jobs: production installs it in cron, the embedded server
reads it here. Each line is a standard 5-field schedule (or ``@daily``...) followed by ``passculture
<command> [args]``; times are in the platform's time zone (``settings.TIME_ZONE``), as cron on the server.

The :class:`Scheduler` runs in one daemon thread: due jobs one at a time through ``call_command``, every
start, end and failure logged, no exception ever escaping the thread, and the thread's database connections
closed after each job (it holds none while it sleeps). See ``docs/adr/0002-in-process-scheduler.md``.
"""

import logging
import os
import re
import shlex
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from croniter import croniter
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

logger = logging.getLogger("passculture.scheduler")

REPOSITORY_CRONTAB = Path(__file__).resolve().parents[3] / "deploy" / "crontab"
_ENV_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\s*=")


class CrontabError(ValueError):
    pass


@dataclass(frozen=True)
class Job:
    schedule: str
    command: str
    args: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return shlex.join(["passculture", self.command, *self.args])

    def next_after(self, moment: datetime) -> datetime:
        """The first time strictly after ``moment`` matching the schedule (local time, DST-aware)."""
        return croniter(self.schedule, timezone.localtime(moment)).get_next(datetime)


def parse_crontab(text: str, source: str = "crontab") -> list[Job]:
    """The jobs of a crontab; comments, blank lines and variable assignments (``MAILTO=``) are skipped."""
    jobs = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#") or _ENV_ASSIGNMENT.match(line):
            continue
        fields = line.split(None, 1 if line.startswith("@") else 5)
        if len(fields) < (2 if line.startswith("@") else 6):
            raise CrontabError(f"{source}:{number}: expected a schedule and a command: {line!r}")
        schedule, command_line = " ".join(fields[:-1]), fields[-1]
        if not croniter.is_valid(schedule):
            raise CrontabError(f"{source}:{number}: invalid schedule {schedule!r}")
        try:
            words = shlex.split(command_line)
        except ValueError as exc:
            raise CrontabError(f"{source}:{number}: {exc}") from exc
        if len(words) < 2 or words[0] != "passculture":
            raise CrontabError(f"{source}:{number}: the command must read 'passculture <command>': {line!r}")
        jobs.append(Job(schedule=schedule, command=words[1], args=tuple(words[2:]), line=number))
    return jobs


def crontab_path() -> Path:
    """``$PASSCULTURE_CRONTAB`` if set, else the repository's ``deploy/crontab``."""
    return Path(os.environ.get("PASSCULTURE_CRONTAB") or REPOSITORY_CRONTAB)


def load_jobs(path: Path | None = None) -> list[Job]:
    path = path or crontab_path()
    return parse_crontab(path.read_text(encoding="utf-8"), source=str(path))


class _LogStream:
    """A file-like object turning a command's output into log lines (the scheduler has no terminal)."""

    def __init__(self, prefix: str, level: int):
        self.prefix, self.level, self._buffer = prefix, level, ""

    def write(self, text: str) -> int:
        self._buffer += text
        *lines, self._buffer = self._buffer.split("\n")
        for line in lines:
            if line.strip():
                logger.log(self.level, "%s: %s", self.prefix, line)
        return len(text)

    def flush(self) -> None:
        if self._buffer.strip():
            logger.log(self.level, "%s: %s", self.prefix, self._buffer)
        self._buffer = ""

    def isatty(self) -> bool:
        return False


def run_job(job: Job) -> bool:
    """Run one job; ``False`` when it failed (logged, never raised)."""
    logger.info("job %s: started", job)
    started = time.monotonic()
    stdout, stderr = _LogStream(job.command, logging.INFO), _LogStream(job.command, logging.WARNING)
    try:
        call_command(job.command, *job.args, stdout=stdout, stderr=stderr)
    except Exception:
        logger.exception("job %s: failed after %.1fs", job, time.monotonic() - started)
        return False
    finally:
        stdout.flush()
        stderr.flush()
        connections.close_all()
    logger.info("job %s: finished in %.1fs", job, time.monotonic() - started)
    return True


class Scheduler:
    """Run ``jobs`` when due. ``clock`` and ``runner`` are injectable for tests."""

    def __init__(
        self,
        jobs: Iterable[Job],
        *,
        clock: Callable[[], datetime] = timezone.now,
        runner: Callable[[Job], object] = run_job,
        max_sleep: float = 30.0,
    ):
        self.jobs = list(jobs)
        self.clock, self.runner, self.max_sleep = clock, runner, max_sleep
        self.next_runs: dict[Job, datetime] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def plan_from(self, moment: datetime) -> None:
        """Schedule every job at its first run after ``moment`` (a job is never run at start-up)."""
        self.next_runs = {job: job.next_after(moment) for job in self.jobs}

    def run_pending(self, now: datetime | None = None) -> list[Job]:
        """Run, one at a time and earliest first, the jobs due at ``now``; return them.

        A job that missed several of its times (a long job before it, the machine asleep) runs once, then
        is scheduled after the end of its run.
        """
        now = now or self.clock()
        if not self.next_runs:
            self.plan_from(now)
        due = sorted((job for job, at in self.next_runs.items() if at <= now), key=self.next_runs.get)
        for job in due:
            try:
                self.runner(job)
            except Exception:  # run_job never raises; a custom runner might
                logger.exception("job %s: runner failed", job)
            self.next_runs[job] = job.next_after(max(now, self.clock()))
        return due

    def seconds_until_next(self) -> float:
        if not self.next_runs:
            return self.max_sleep
        wait = (min(self.next_runs.values()) - self.clock()).total_seconds()
        # Wake up at least every max_sleep seconds: the wall clock may jump (suspend, NTP).
        return min(max(wait, 0.0), self.max_sleep)

    def run_forever(self) -> None:
        self.plan_from(self.clock())
        for job in self.jobs:
            logger.info("job %s: scheduled '%s', next run %s", job, job.schedule, self.next_runs[job])
        while not self._stop.is_set():
            try:
                self.run_pending()
            except Exception:  # never let the thread die
                logger.exception("scheduler: unexpected error")
            self._stop.wait(self.seconds_until_next())

    def start(self) -> threading.Thread:
        self._stop.clear()
        self._thread = threading.Thread(target=self.run_forever, name="passculture-scheduler", daemon=True)
        self._thread.start()
        return self._thread

    def stop(self, timeout: float | None = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
