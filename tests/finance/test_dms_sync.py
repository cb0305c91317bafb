"""DS dossiers read through the connector and applied to bank accounts: one dossier (the webhook, staff's "relire"),
the backup poll and its cursor, and the dossiers kept without structure (docs/domain/finance.md#dms-updates)."""

import datetime

import pytest
from django.core.management import call_command

from passculture.connectors.dms import DmsState, fake, get_dms_client
from passculture.core.models import AuditLogEntry
from passculture.finance import errors, rules
from passculture.finance.models import BankAccount, BankAccountStatus, DmsSyncState
from passculture.finance.selectors import bank_accounts as bank_selectors
from passculture.finance.services import dms as dms_services
from tests import factories
from tests.finance.dms import dossier_for

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def at(day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, 2, day, hour, tzinfo=UTC)


def account_of(number: int) -> BankAccount:
    return BankAccount.objects.get(dms_procedure_id=str(fake.PROCEDURE_NUMBER), dms_dossier_id=str(number))


class TestOneDossier:
    def test_an_accepted_dossier_gives_an_accepted_account_paying_its_venue(self, dms_fake, venue):
        dms_fake.add_dossier(dossier_for(venue, state=DmsState.ACCEPTE))

        update = dms_services.dms_dossier_sync(fake.PROCEDURE_NUMBER, 3000001)

        account = update.account
        assert update.changed is True
        assert account.status == BankAccountStatus.ACCEPTED
        assert account.offerer == venue.offerer
        assert account.iban == "FR7630004000010001234567830"
        assert account.label == f"Compte {venue.name}"
        assert bank_selectors.account_paying(venue) == account

    def test_a_correction_asked_on_ds_is_pending_corrections(self, dms_fake, venue):
        dms_fake.add_dossier(dossier_for(venue, state=DmsState.EN_CONSTRUCTION, correction_requested_at=at(1)))

        account = dms_services.dms_dossier_sync(fake.PROCEDURE_NUMBER, 3000001).account

        assert account.status == BankAccountStatus.WITH_PENDING_CORRECTIONS

    def test_a_dossier_of_an_unknown_siret_is_kept_without_structure(self, dms_fake):
        account = dms_services.dms_dossier_sync(fake.PROCEDURE_NUMBER, fake.UNKNOWN_SIRET_DOSSIER).account

        assert account.offerer is None
        assert account.applicant_siret == fake.UNKNOWN_SIRET
        assert account.status == BankAccountStatus.ON_GOING
        assert list(bank_selectors.dms_accounts_for_staff(orphans_only=True)) == [account]

    def test_an_older_notification_is_answered_without_asking_ds(self, dms_fake, venue):
        dms_fake.add_dossier(dossier_for(venue, state=DmsState.ACCEPTE, updated_at=at(5)))
        dms_services.dms_dossier_sync(fake.PROCEDURE_NUMBER, 3000001)
        # DS now says something else, but the notification is older than what was applied.
        dms_fake.update_dossier(3000001, state=DmsState.REFUSE, updated_at=at(6))

        update = dms_services.dms_dossier_sync(fake.PROCEDURE_NUMBER, 3000001, notified_at=at(4))

        assert update.changed is False
        assert account_of(3000001).status == BankAccountStatus.ACCEPTED

    def test_an_update_older_than_the_one_applied_never_takes_the_status_back(self, dms_fake, venue):
        dms_fake.add_dossier(dossier_for(venue, state=DmsState.ACCEPTE, updated_at=at(5)))
        dms_services.dms_dossier_sync(fake.PROCEDURE_NUMBER, 3000001)
        # Out of order: DS serves an earlier version of the dossier (en_instruction on the 3rd).
        dms_fake.update_dossier(3000001, state=DmsState.EN_INSTRUCTION, updated_at=at(3))

        update = dms_services.dms_dossier_sync(fake.PROCEDURE_NUMBER, 3000001)

        assert update.changed is False
        assert account_of(3000001).status == BankAccountStatus.ACCEPTED

    def test_a_newer_update_moves_the_status_back_when_ds_did(self, dms_fake, venue):
        dms_fake.add_dossier(dossier_for(venue, state=DmsState.ACCEPTE, updated_at=at(5)))
        dms_services.dms_dossier_sync(fake.PROCEDURE_NUMBER, 3000001)
        dms_fake.update_dossier(3000001, state=DmsState.EN_INSTRUCTION, updated_at=at(7))  # "repasser en instruction"

        dms_services.dms_dossier_sync(fake.PROCEDURE_NUMBER, 3000001)

        assert account_of(3000001).status == BankAccountStatus.ON_GOING

    @pytest.mark.parametrize(
        "procedure, dossier, error",
        [
            (12345, fake.ACCEPTED_DOSSIER, errors.DmsProcedureNotFollowed),
            ("abc", fake.ACCEPTED_DOSSIER, errors.DmsProcedureNotFollowed),
            (fake.PROCEDURE_NUMBER, fake.UNKNOWN_DOSSIER, errors.DmsDossierNotFound),
            (fake.PROCEDURE_NUMBER, fake.UNAVAILABLE_DOSSIER, errors.DmsUnavailable),
            (fake.PROCEDURE_NUMBER, fake.RATE_LIMITED_DOSSIER, errors.DmsUnavailable),
            (fake.PROCEDURE_NUMBER, fake.FORBIDDEN_DOSSIER, errors.DmsUnavailable),
        ],
    )
    def test_refusals_change_nothing(self, dms_fake, procedure, dossier, error):
        with pytest.raises(error):
            dms_services.dms_dossier_sync(procedure, dossier)

        assert not BankAccount.objects.exists()

    def test_a_dossier_of_another_procedure_is_refused(self, dms_fake, venue, settings):
        settings.DMS_PROCEDURE_IDS = [fake.PROCEDURE_NUMBER, 777]  # a setting changed: a new fake instance
        get_dms_client().add_dossier(dossier_for(venue, procedure_number=777))

        with pytest.raises(errors.DmsProcedureMismatch):
            dms_services.dms_dossier_sync(fake.PROCEDURE_NUMBER, 3000001)
        assert not BankAccount.objects.exists()


class TestPoll:
    def test_the_first_poll_applies_every_dossier_and_stores_its_cursor(self, dms_fake, settings):
        settings.DMS_PAGE_SIZE = 3  # 8 seeded dossiers: three pages

        result = dms_services.dms_poll(fake.PROCEDURE_NUMBER)

        assert (result.read, result.applied, result.unchanged, result.error) == (8, 8, 0, "")
        assert account_of(fake.ACCEPTED_DOSSIER).status == BankAccountStatus.ACCEPTED
        assert account_of(fake.REFUSED_DOSSIER).status == BankAccountStatus.REFUSED
        assert account_of(fake.WITHOUT_CONTINUATION_DOSSIER).status == BankAccountStatus.WITHOUT_CONTINUATION
        assert account_of(fake.CORRECTIONS_DOSSIER).status == BankAccountStatus.WITH_PENDING_CORRECTIONS
        state = DmsSyncState.objects.get(procedure_id=str(fake.PROCEDURE_NUMBER))
        assert state.updated_since == max(d.updated_at for d in fake.SEED)
        assert state.last_success_at is not None
        assert state.dossiers_read == 8

    def test_the_next_poll_reads_only_the_recent_updates(self, dms_fake, venue):
        dms_services.dms_poll(fake.PROCEDURE_NUMBER)
        dms_fake.add_dossier(dossier_for(venue, state=DmsState.ACCEPTE, updated_at=at(2)))

        result = dms_services.dms_poll(fake.PROCEDURE_NUMBER)

        # The new dossier, and the last seeded one again (inside the overlap of the cursor): unchanged.
        assert result.applied == 1
        assert result.read == result.applied + result.unchanged < 8
        assert bank_selectors.account_paying(venue) == account_of(3000001)

    def test_a_second_poll_changes_nothing(self, dms_fake):
        dms_services.dms_poll(fake.PROCEDURE_NUMBER)
        entries = AuditLogEntry.objects.count()

        result = dms_services.dms_poll(fake.PROCEDURE_NUMBER)

        assert result.applied == 0
        assert AuditLogEntry.objects.count() == entries

    def test_out_of_order_the_poll_never_downgrades_what_the_webhook_applied(self, dms_fake, venue):
        # The webhook applied the acceptance of the 5th; the poll then reads a copy of the dossier from the 3rd.
        dms_fake.add_dossier(dossier_for(venue, state=DmsState.ACCEPTE, updated_at=at(5)))
        dms_services.dms_dossier_sync(fake.PROCEDURE_NUMBER, 3000001)
        dms_fake.update_dossier(3000001, state=DmsState.EN_CONSTRUCTION, updated_at=at(3))

        result = dms_services.dms_poll(fake.PROCEDURE_NUMBER)

        assert result.unchanged >= 1
        assert account_of(3000001).status == BankAccountStatus.ACCEPTED

    def test_ds_unavailable_keeps_the_cursor_and_says_why(self, dms_fake, settings):
        settings.DMS_PROCEDURE_IDS = [fake.UNAVAILABLE_PROCEDURE]

        result = dms_services.dms_poll(fake.UNAVAILABLE_PROCEDURE)

        assert result.read == 0
        assert "unavailable" in result.error
        state = DmsSyncState.objects.get(procedure_id=str(fake.UNAVAILABLE_PROCEDURE))
        assert state.updated_since is None
        assert state.last_success_at is None
        assert state.last_run_at is not None
        assert state.last_error

    def test_a_dossier_that_cannot_be_applied_holds_the_cursor_before_it(self, dms_fake, monkeypatch):
        original = dms_services.apply_application_update

        def refuse_the_refused(procedure_id, dossier_id, *args, **kwargs):
            if int(dossier_id) == fake.ON_GOING_DOSSIER:
                raise errors.UnknownDmsState(state="?")
            return original(procedure_id, dossier_id, *args, **kwargs)

        monkeypatch.setattr(dms_services, "apply_application_update", refuse_the_refused)

        result = dms_services.dms_poll(fake.PROCEDURE_NUMBER)

        assert result.failed == 1
        assert str(fake.ON_GOING_DOSSIER) in result.error
        assert result.applied == 7  # the others are applied all the same
        on_going = next(d for d in fake.SEED if d.number == fake.ON_GOING_DOSSIER)
        state = DmsSyncState.objects.get(procedure_id=str(fake.PROCEDURE_NUMBER))
        assert state.updated_since < on_going.updated_at

    def test_the_job_polls_every_followed_procedure(self, dms_fake, settings, capsys):  # seed only
        settings.DMS_PROCEDURE_IDS = [fake.PROCEDURE_NUMBER, fake.EMPTY_PROCEDURE]

        call_command("dms_sync")

        out = capsys.readouterr().out
        assert "dms_sync: procedures=2 read=8 applied=8 unchanged=0 failed=0 errors=0" in out
        assert BankAccount.objects.count() == 8

    def test_the_job_dry_run_changes_nothing(self, dms_fake, capsys):
        call_command("dms_sync", "--dry-run")

        assert "read=8 applied=8" in capsys.readouterr().out
        assert not BankAccount.objects.exists()
        assert not DmsSyncState.objects.exists()

    def test_without_procedure_the_job_has_nothing_to_do(self, dms_fake, settings, capsys):
        settings.DMS_PROCEDURE_IDS = []

        call_command("dms_sync")

        assert "procedures=0 read=0" in capsys.readouterr().out


class TestAttach:
    def test_staff_attach_a_dossier_once_its_structure_signed_up(self, dms_fake, staff):
        account = dms_services.dms_dossier_sync(fake.PROCEDURE_NUMBER, fake.UNKNOWN_SIRET_DOSSIER).account
        with pytest.raises(errors.DmsNoStructure):
            dms_services.dms_account_attach(account.pk, staff)
        offerer = factories.OffererFactory(siren=fake.UNKNOWN_SIRET[:9])

        dms_services.dms_account_attach(account.pk, staff)

        account.refresh_from_db()
        assert account.offerer == offerer
        assert AuditLogEntry.objects.filter(action="bank_account.dms_attached", actor=staff).exists()
        assert not bank_selectors.dms_accounts_for_staff(orphans_only=True).exists()

    def test_an_accepted_dossier_attached_pays_the_venue_of_its_siret(self, dms_fake, staff):
        dms_fake.update_dossier(fake.UNKNOWN_SIRET_DOSSIER, state=DmsState.ACCEPTE)
        account = dms_services.dms_dossier_sync(fake.PROCEDURE_NUMBER, fake.UNKNOWN_SIRET_DOSSIER).account
        venue = factories.VenueFactory(
            offerer=factories.OffererFactory(siren=fake.UNKNOWN_SIRET[:9]), siret=fake.UNKNOWN_SIRET
        )

        dms_services.dms_account_attach(account.pk, staff)

        assert bank_selectors.account_paying(venue) == account


class TestWebhookDates:
    @pytest.mark.parametrize(
        "value, expected",
        [
            ("2026-01-08 16:45:00 +0100", datetime.datetime(2026, 1, 8, 15, 45, tzinfo=UTC)),
            ("2026-01-08 15:45:00 UTC", datetime.datetime(2026, 1, 8, 15, 45, tzinfo=UTC)),
            ("2026-01-08 16:45:00.250 +0100", datetime.datetime(2026, 1, 8, 15, 45, 0, 250000, tzinfo=UTC)),
            ("2026-01-08T16:45:00+01:00", datetime.datetime(2026, 1, 8, 15, 45, tzinfo=UTC)),
            ("2026-01-08T15:45:00.000Z", datetime.datetime(2026, 1, 8, 15, 45, tzinfo=UTC)),
        ],
    )
    def test_both_formats_ds_uses(self, value, expected):
        assert rules.parse_dms_date(value) == expected

    @pytest.mark.parametrize("value", ["", "hier", "2026-01-08 16:45:00", "2026-01-08T16:45:00", "08/01/2026"])
    def test_a_date_without_offset_or_unreadable_is_refused(self, value):
        with pytest.raises(errors.DmsDateInvalid):
            rules.parse_dms_date(value)

    def test_the_poll_reads_again_a_few_minutes_before_its_cursor(self):
        assert rules.dms_poll_since(None) is None
        assert rules.dms_poll_since(at(5)) == at(5) - rules.DMS_POLL_OVERLAP
