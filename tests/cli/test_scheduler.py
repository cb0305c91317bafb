"""The in-process scheduler: ``deploy/crontab`` parsed, due jobs run with a fake clock."""

import datetime
import logging
import threading
import time
from zoneinfo import ZoneInfo

import pytest
from django.core.management import get_commands

from passculture.core import scheduler as scheduler_module
from passculture.core.scheduler import CrontabError, Job, Scheduler, crontab_path, load_jobs, parse_crontab
from passculture.offerers.models import Offerer
from tests import factories

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=PARIS)


class FakeClock:
    def __init__(self, now: datetime.datetime):
        self.now = now

    def __call__(self) -> datetime.datetime:
        return self.now


class TestCrontab:
    def test_the_repository_crontab_lists_the_jobs_and_each_is_a_command(self, monkeypatch):
        monkeypatch.delenv("PASSCULTURE_CRONTAB", raising=False)
        jobs = load_jobs()
        assert {str(job): job.schedule for job in jobs} == {
            "passculture recheck_sirene": "*/30 * * * *",
            "passculture dms_sync": "*/20 * * * *",
            "passculture bookings_auto_use": "7 * * * *",
            "passculture bookings_expire": "37 * * * *",
            "passculture price_bookings": "*/10 * * * *",
            "passculture payments_batch": "30 2 1,16 * *",
            "passculture render_justificatifs": "*/15 * * * *",
            "passculture clearsessions": "17 3 * * *",
            "passculture sync --provider titelive": "15 4 * * *",
            "passculture sync --provider allocine": "45 4 * * *",
            "passculture sync --kind stock_software": "5 5 * * *",
        }
        commands = get_commands()
        assert all(job.command in commands for job in jobs)

    def test_the_environment_can_point_at_another_crontab(self, tmp_path, monkeypatch):
        other = tmp_path / "crontab"
        other.write_text("0 * * * * passculture clearsessions\n")
        monkeypatch.setenv("PASSCULTURE_CRONTAB", str(other))
        assert crontab_path() == other
        assert [job.command for job in load_jobs()] == ["clearsessions"]

    def test_skips_comments_blank_lines_and_variables_and_keeps_arguments(self):
        jobs = parse_crontab(
            "# header\n\nMAILTO=ops@example.org\n"
            "5 4 * * 1 passculture recheck_sirene --batch-size 10\n"
            "@daily passculture clearsessions\n"
        )
        assert jobs == [
            Job("5 4 * * 1", "recheck_sirene", ("--batch-size", "10")),
            Job("@daily", "clearsessions"),
        ]
        assert jobs[0].line == 4
        assert str(jobs[0]) == "passculture recheck_sirene --batch-size 10"

    @pytest.mark.parametrize(
        "line, message",
        [
            ("61 * * * * passculture clearsessions", "invalid schedule"),
            ("* * * * passculture", "expected a schedule and a command"),
            ("* * * * * python manage.py clearsessions", "must read 'passculture <command>'"),
            ("* * * * * passculture", "must read 'passculture <command>'"),
            ("* * * * * passculture demo 'unclosed", "No closing quotation"),
        ],
    )
    def test_a_broken_line_is_reported_with_its_number(self, line, message):
        with pytest.raises(CrontabError, match=message) as error:
            parse_crontab(f"# ok\n{line}\n", source="deploy/crontab")
        assert str(error.value).startswith("deploy/crontab:2:")


class TestScheduler:
    JOBS = [Job("*/30 * * * *", "recheck_sirene"), Job("17 3 * * *", "clearsessions")]

    def make(self, clock, runner=None):
        ran = []
        scheduler = Scheduler(self.JOBS, clock=clock, runner=runner or ran.append)
        return scheduler, ran

    def test_runs_each_job_when_it_is_due_and_not_before(self):
        clock = FakeClock(paris(2026, 1, 15, 10, 5))
        scheduler, ran = self.make(clock)
        scheduler.plan_from(clock.now)  # nothing runs at start-up

        assert scheduler.run_pending(paris(2026, 1, 15, 10, 29, 59)) == []
        clock.now = paris(2026, 1, 15, 10, 30)
        assert [job.command for job in scheduler.run_pending(clock.now)] == ["recheck_sirene"]
        assert scheduler.run_pending(paris(2026, 1, 15, 10, 45)) == []
        assert scheduler.next_runs[self.JOBS[0]] == paris(2026, 1, 15, 11, 0)
        assert scheduler.next_runs[self.JOBS[1]] == paris(2026, 1, 16, 3, 17)
        assert [job.command for job in ran] == ["recheck_sirene"]

    def test_a_job_that_missed_several_times_runs_once(self):
        clock = FakeClock(paris(2026, 1, 15, 10, 5))
        scheduler, ran = self.make(clock)
        scheduler.plan_from(clock.now)

        clock.now = paris(2026, 1, 16, 9, 0)  # the machine slept for a day
        due = scheduler.run_pending(clock.now)

        assert [job.command for job in due] == ["recheck_sirene", "clearsessions"]  # earliest due first
        assert ran == due
        assert scheduler.next_runs[self.JOBS[0]] == paris(2026, 1, 16, 9, 30)

    def test_schedules_follow_local_time_across_daylight_saving(self):
        clock = FakeClock(paris(2026, 3, 28, 12, 0))
        scheduler, _ = self.make(clock)
        scheduler.plan_from(clock.now)
        # 03:17 in Paris on the night clocks go forward is 01:17 UTC, not 02:17 UTC.
        assert scheduler.next_runs[self.JOBS[1]].astimezone(datetime.UTC) == datetime.datetime(
            2026, 3, 29, 1, 17, tzinfo=datetime.UTC
        )

    def test_a_failing_job_never_stops_the_others(self, caplog):
        clock = FakeClock(paris(2026, 1, 15, 3, 0))
        ran = []

        def runner(job):
            ran.append(job.command)
            if job.command == "clearsessions":
                raise RuntimeError("boom")

        scheduler, _ = self.make(clock, runner)
        scheduler.plan_from(clock.now)
        clock.now = paris(2026, 1, 15, 3, 30)
        with caplog.at_level(logging.ERROR, logger="passculture.scheduler"):
            scheduler.run_pending(clock.now)
            clock.now = paris(2026, 1, 15, 4, 0)
            scheduler.run_pending(clock.now)
        # clearsessions (due 03:17) fails; recheck_sirene (due 03:30) still runs, and again at 04:00.
        assert ran == ["clearsessions", "recheck_sirene", "recheck_sirene"]
        assert "boom" in caplog.text

    def test_sleeps_until_the_next_job_but_never_longer_than_max_sleep(self):
        clock = FakeClock(paris(2026, 1, 15, 10, 29, 50))
        scheduler, _ = self.make(clock)
        scheduler.plan_from(clock.now)
        assert scheduler.seconds_until_next() == 10
        clock.now = paris(2026, 1, 15, 10, 0, 0)
        assert scheduler.seconds_until_next() == scheduler.max_sleep


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestRunJob:
    def test_the_thread_runs_a_due_job_with_call_command(self):
        """The real runner, in the real thread, against the test database."""
        flagged = factories.OffererFactory(sirene_check_pending=True)
        clock = FakeClock(paris(2026, 1, 15, 10, 29, 59))
        done = threading.Event()

        def runner(job):
            scheduler_module.run_job(job)
            done.set()

        scheduler = Scheduler([Job("*/30 * * * *", "recheck_sirene")], clock=clock, runner=runner, max_sleep=0.01)
        scheduler.start()
        try:
            deadline = time.monotonic() + 10
            while not scheduler.next_runs and time.monotonic() < deadline:  # planned from 10:29:59
                time.sleep(0.01)
            clock.now = paris(2026, 1, 15, 10, 30)
            assert done.wait(timeout=10), "the job did not run"
        finally:
            scheduler.stop()
        assert not scheduler._thread.is_alive()
        assert not Offerer.objects.get(pk=flagged.pk).sirene_check_pending

    def test_logs_start_end_output_and_failures_without_raising(self, caplog):
        with caplog.at_level(logging.INFO, logger="passculture.scheduler"):
            assert scheduler_module.run_job(Job("* * * * *", "recheck_sirene")) is True
            assert scheduler_module.run_job(Job("* * * * *", "no_such_command")) is False
        assert "job passculture recheck_sirene: started" in caplog.text
        assert "recheck_sirene: recheck_sirene: checked=0 still_unavailable=0" in caplog.text
        assert "job passculture recheck_sirene: finished" in caplog.text
        assert "job passculture no_such_command: failed" in caplog.text
