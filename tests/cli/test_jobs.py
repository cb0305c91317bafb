"""JobCommand (``--dry-run``, batches, summary) and the ``recheck_sirene`` job."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from passculture.connectors.sirene import fake
from passculture.core.management.base import JobCommand
from passculture.core.models import AuditLogEntry, StoredEmail
from passculture.offerers.models import Offerer
from tests import factories

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


class _WritingJob(JobCommand):
    """Writes one row and defers one mail per run: what a real job does."""

    def run(self, *, dry_run: bool) -> dict[str, int]:
        StoredEmail.objects.create(from_email="job@example.org", to="a@example.org", subject="row", body_text="")
        transaction.on_commit(
            lambda: StoredEmail.objects.create(
                from_email="job@example.org", to="a@example.org", subject="on commit", body_text=""
            )
        )
        self.report("wrote one row")
        return {"written": 1}


class TestJobCommand:
    def test_dry_run_changes_nothing_and_drops_deferred_work(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            output = run(_WritingJob(), "--dry-run")
        assert StoredEmail.objects.count() == 0
        assert callbacks == []
        assert "[dry run] wrote one row" in output
        assert re.fullmatch(r"test_jobs: written=1 \(dry run: rolled back\) in \d+\.\d\ds", output.splitlines()[-1])

    def test_a_real_run_keeps_its_changes(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            output = run(_WritingJob())
        assert set(StoredEmail.objects.values_list("subject", flat=True)) == {"row", "on commit"}
        assert "[dry run]" not in output
        assert "written=1" in output and "rolled back" not in output

    def test_batch_size_must_be_positive(self):
        with pytest.raises(CommandError):
            call_command(_WritingJob(), "--batch-size", "0")

    def test_verbosity_zero_prints_only_the_summary(self):
        output = run(_WritingJob(), "--verbosity", "0")
        assert output.strip().count("\n") == 0
        assert "written=1" in output


class TestRecheckSirene:
    def test_checks_the_flagged_structures_against_the_register(self):
        flagged = factories.OffererFactory(sirene_check_pending=True, name="Nom déclaré")
        other = factories.OffererFactory(sirene_check_pending=False)

        output = run("recheck_sirene")

        flagged.refresh_from_db()
        assert not flagged.sirene_check_pending
        assert flagged.name == "Nom déclaré"  # the public name stays the one the pro typed
        assert AuditLogEntry.objects.filter(action="offerer.sirene_checked", target_id=str(flagged.pk)).exists()
        assert not AuditLogEntry.objects.filter(target_id=str(other.pk)).exists()
        assert "checked=1 still_unavailable=0" in output

    def test_dry_run_changes_nothing(self):
        flagged = factories.OffererFactory(sirene_check_pending=True, name="Nom déclaré")

        output = run("recheck_sirene", "--dry-run")

        flagged.refresh_from_db()
        assert flagged.sirene_check_pending
        assert flagged.name == "Nom déclaré"
        assert not AuditLogEntry.objects.exists()
        assert f"[dry run] SIREN {flagged.siren[:3]} " in output
        assert "checked=1 still_unavailable=0 (dry run: rolled back)" in output

    def test_is_safe_to_run_twice(self):
        factories.OffererFactory(sirene_check_pending=True)
        run("recheck_sirene")
        entries = AuditLogEntry.objects.count()

        output = run("recheck_sirene")

        assert "checked=0 still_unavailable=0" in output
        assert AuditLogEntry.objects.count() == entries

    def test_structures_the_register_still_cannot_answer_for_stay_flagged(self):
        down = factories.OffererFactory(siren=fake.UNAVAILABLE_SIREN, sirene_check_pending=True)
        limited = factories.OffererFactory(siren=fake.RATE_LIMITED_SIREN, sirene_check_pending=True)

        output = run("recheck_sirene")

        assert set(Offerer.objects.filter(sirene_check_pending=True)) == {down, limited}
        assert "checked=0 still_unavailable=2" in output

    def test_walks_every_row_in_batches(self):
        factories.OffererFactory.create_batch(5, sirene_check_pending=True)
        factories.OffererFactory(siren=fake.UNAVAILABLE_SIREN, sirene_check_pending=True)

        output = run("recheck_sirene", "--batch-size", "2")

        assert "checked=5 still_unavailable=1" in output
        assert "recheck_sirene: 2/6 structures" in output
        assert "recheck_sirene: 6/6 structures" in output
        assert Offerer.objects.filter(sirene_check_pending=True).count() == 1
