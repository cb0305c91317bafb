"""The embedded application, its review by staff, DS dossiers and the links of venues over time
(docs/domain/finance.md)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from passculture.core.models import AuditLogEntry
from passculture.finance import errors
from passculture.finance.models import BankAccount, BankAccountLink, BankAccountStatus
from passculture.finance.selectors import bank_accounts as bank_selectors
from passculture.finance.services import bank_accounts
from passculture.finance.services import dms as dms_services
from tests import factories
from tests.factories import PDF, PNG

pytestmark = pytest.mark.django_db

IBAN = "FR7630006000011234567890189"


def submit(offerer, pro, **overrides):
    data = {
        "label": "Compte courant",
        "iban": "FR76 3000 6000 0112 3456 7890 189",
        "bic": "BNPAFRPP",
        "identity": bank_accounts.Upload("kbis.pdf", PDF),
        "rib": bank_accounts.Upload("rib.png", PNG),
        "venue_ids": [],
    }
    data.update(overrides)
    return bank_accounts.bank_account_submit(offerer, pro, **data)


def test_a_pro_submits_an_application_that_waits_for_review(offerer, pro, venue, _private_storage):
    account = submit(offerer, pro, venue_ids=[venue.pk])
    assert account.status == BankAccountStatus.ON_GOING
    assert account.iban == IBAN
    assert bank_selectors.account_paying(venue) == account
    documents = {d.kind: d for d in account.documents.all()}
    assert documents["IDENTITY"].original_name == "kbis.pdf"
    assert documents["RIB"].content_type == "image/png"
    # stored under a name the server chose, in the private storage, with the bytes sent
    stored = _private_storage / documents["RIB"].file.name
    assert stored.read_bytes() == PNG
    assert "rib" not in documents["RIB"].file.name
    assert AuditLogEntry.objects.filter(action="bank_account.submitted", target_id=str(account.pk)).exists()
    assert account.status_changes.get().to_status == BankAccountStatus.ON_GOING


def test_an_application_with_an_invalid_iban_stores_nothing(offerer, pro, _private_storage):
    with pytest.raises(errors.InvalidIban):
        submit(offerer, pro, iban="FR7630006000011234567890188")
    assert not BankAccount.objects.exists()
    assert not any(_private_storage.rglob("*.*"))


@pytest.mark.parametrize(
    ("field", "upload", "error"),
    [
        ("identity", bank_accounts.Upload("kbis.pdf", b"MZ\x90\x00 an executable"), errors.DocumentType),
        ("rib", bank_accounts.Upload("rib.pdf", PDF, size=11 * 1024 * 1024), errors.DocumentTooLarge),
        ("rib", bank_accounts.Upload("../../rib.pdf", PDF), errors.DocumentName),
        ("rib", None, errors.DocumentMissing),
    ],
)
def test_a_document_refused_names_its_field_and_nothing_is_stored(offerer, pro, field, upload, error, _private_storage):
    with pytest.raises(error) as refusal:
        submit(offerer, pro, **{field: upload})
    assert refusal.value.field == field
    assert not BankAccount.objects.exists()
    assert not any(_private_storage.rglob("*.*"))


def test_staff_accept_an_application_and_the_members_are_told(offerer, pro, staff, committed):
    account = factories.BankAccountFactory(offerer=offerer)
    committed(bank_accounts.bank_account_accept, account.pk, staff)
    account.refresh_from_db()
    assert account.status == BankAccountStatus.ACCEPTED
    change = account.status_changes.get()
    assert (change.from_status, change.to_status, change.author) == ("ON_GOING", "ACCEPTED", staff)
    assert AuditLogEntry.objects.filter(action="bank_account.accepted", actor=staff).exists()
    [message] = mail.outbox
    assert message.to == [pro.email]
    assert "validé le compte bancaire" in message.body
    assert "FR76 •••• ••••" in message.body and account.iban not in message.body


def test_staff_refuse_with_a_reason_that_the_pro_reads(offerer, pro, staff, committed):
    account = factories.BankAccountFactory(offerer=offerer)
    with pytest.raises(errors.ReasonRequired):
        bank_accounts.bank_account_refuse(account.pk, staff, "  ")
    committed(bank_accounts.bank_account_refuse, account.pk, staff, "Le RIB est illisible.")
    assert BankAccount.objects.get(pk=account.pk).status == BankAccountStatus.REFUSED
    assert "Le RIB est illisible." in mail.outbox[0].body


def test_staff_ask_for_corrections_and_the_pro_sends_them_back(offerer, pro, staff, committed):
    account = factories.BankAccountFactory(offerer=offerer)
    committed(bank_accounts.bank_account_ask_corrections, account.pk, staff, "Kbis de plus de 6 mois.")
    assert "Kbis de plus de 6 mois." in mail.outbox[0].body
    bank_accounts.bank_account_resubmit(
        account.pk, pro, label="Compte", iban=IBAN, bic="BNPAFRPP", identity=bank_accounts.Upload("kbis2.pdf", PDF)
    )
    account.refresh_from_db()
    assert account.status == BankAccountStatus.ON_GOING
    assert list(account.documents.values_list("original_name", flat=True)) == ["kbis2.pdf"]
    assert [c.to_status for c in account.status_changes.all()] == ["ON_GOING", "WITH_PENDING_CORRECTIONS"]


def test_an_accepted_account_cannot_be_accepted_again(offerer, staff):
    account = factories.BankAccountFactory(offerer=offerer, accepted=True)
    with pytest.raises(errors.InvalidBankAccountTransition) as refusal:
        bank_accounts.bank_account_accept(account.pk, staff)
    assert "« Validé »" in refusal.value.message
    assert not mail.outbox


# --- Links over time --------------------------------------------------------------------------------------------


def test_a_venue_moves_to_another_account_and_each_pays_it_in_its_own_period(offerer, pro, venue):
    first = factories.BankAccountFactory(offerer=offerer, accepted=True, pays=[venue])
    second = factories.BankAccountFactory(offerer=offerer, accepted=True)
    switch = timezone.now()
    bank_accounts.link_venues(second.pk, [venue.pk], pro, at=switch)
    assert bank_selectors.account_paying(venue, switch - datetime.timedelta(seconds=1)) == first
    assert bank_selectors.account_paying(venue, switch) == second
    assert bank_selectors.account_paying(venue, switch - datetime.timedelta(days=2)) is None
    assert BankAccountLink.objects.filter(venue=venue).count() == 2
    assert AuditLogEntry.objects.filter(action="bank_account.venue_linked", target_id=str(second.pk)).exists()


def test_linking_a_venue_to_the_account_that_already_pays_it_changes_nothing(offerer, pro, venue):
    account = factories.BankAccountFactory(offerer=offerer, accepted=True, pays=[venue])
    assert bank_accounts.link_venues(account.pk, [venue.pk], pro) == []
    assert BankAccountLink.objects.filter(venue=venue).count() == 1


def test_a_link_that_would_overlap_a_later_one_is_refused(offerer, pro, venue):
    account = factories.BankAccountFactory(offerer=offerer, accepted=True)
    other = factories.BankAccountFactory(offerer=offerer, accepted=True)
    now = timezone.now()
    factories.BankAccountLinkFactory(
        bank_account=other, venue=venue, starts_at=now - datetime.timedelta(days=5), ends_at=now
    )
    with pytest.raises(errors.LinkOverlap) as refusal:
        bank_accounts.link_venues(account.pk, [venue.pk], pro, at=now - datetime.timedelta(days=1))
    assert venue.display_name in refusal.value.message
    assert BankAccountLink.objects.filter(bank_account=account).count() == 0


def test_a_venue_of_another_structure_cannot_be_linked(offerer, pro):
    account = factories.BankAccountFactory(offerer=offerer, accepted=True)
    foreign = factories.VenueFactory()
    with pytest.raises(errors.VenueNotOfOfferer):
        bank_accounts.link_venues(account.pk, [foreign.pk], pro)
    assert not BankAccountLink.objects.exists()


def test_a_refused_account_pays_no_venue(offerer, pro, venue):
    account = factories.BankAccountFactory(offerer=offerer, refused=True)
    with pytest.raises(errors.BankAccountClosed):
        bank_accounts.link_venues(account.pk, [venue.pk], pro)


def test_an_unlinked_venue_is_paid_by_nobody_from_then_on(offerer, pro, venue):
    account = factories.BankAccountFactory(offerer=offerer, accepted=True, pays=[venue])
    now = timezone.now()
    bank_accounts.unlink_venue(venue.pk, pro, at=now)
    assert bank_selectors.account_paying(venue, now) is None
    assert bank_selectors.account_paying(venue, now - datetime.timedelta(hours=1)) == account
    with pytest.raises(errors.VenueNotLinked):
        bank_accounts.unlink_venue(venue.pk, pro)


# --- Démarches simplifiées dossiers -------------------------------------------------------------------------------


def dms_update(state, updated_at, **kwargs):
    data = {"siret": "", "label": "Compte DS", "iban": IBAN, "bic": "BNPAFRPP"}
    data.update(kwargs)
    return dms_services.apply_application_update("104811", "12345", state, updated_at, **data)


def test_a_dms_dossier_creates_then_updates_its_account(venue):
    t0 = timezone.now()
    first = dms_update("en_construction", t0, siret=venue.siret)
    assert first.changed and first.account.status == BankAccountStatus.DRAFT
    assert first.account.offerer == venue.offerer
    second = dms_update("accepte", t0 + datetime.timedelta(minutes=5), siret=venue.siret)
    assert second.account.pk == first.account.pk
    assert second.account.status == BankAccountStatus.ACCEPTED
    # accepted for a venue's SIRET: that venue is paid by it
    assert bank_selectors.account_paying(venue) == second.account
    assert [c.to_status for c in second.account.status_changes.all()] == ["ACCEPTED", "DRAFT"]


def test_an_older_dms_update_never_takes_a_status_back(venue):
    t0 = timezone.now()
    dms_update("accepte", t0, siret=venue.siret)
    late = dms_update("en_instruction", t0 - datetime.timedelta(minutes=1), siret=venue.siret)
    assert not late.changed
    assert BankAccount.objects.get().status == BankAccountStatus.ACCEPTED


def test_a_dms_dossier_of_an_unknown_siret_is_kept_for_staff():
    update = dms_update("en_instruction", timezone.now(), siret="99999999800016")
    assert update.account.offerer is None
    assert update.account.applicant_siret == "99999999800016"
    assert bank_selectors.review_summary()["orphans"] == 1


def test_a_dms_dossier_with_wrong_details_is_kept_as_given():
    update = dms_update("en_construction", timezone.now(), iban="FR76 1234", bic="")
    assert update.account.iban == "FR761234"
    assert not bank_accounts.rules.details_valid(update.account.iban, update.account.bic)


@pytest.mark.postgres
def test_postgresql_itself_refuses_overlapping_links_of_a_venue(offerer, venue):
    from django.db import IntegrityError, transaction

    account = factories.BankAccountFactory(offerer=offerer, accepted=True)
    other = factories.BankAccountFactory(offerer=offerer, accepted=True)
    now = timezone.now()
    factories.BankAccountLinkFactory(
        bank_account=account, venue=venue, starts_at=now - datetime.timedelta(days=10), ends_at=now
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.BankAccountLinkFactory(
            bank_account=other,
            venue=venue,
            starts_at=now - datetime.timedelta(days=5),
            ends_at=now - datetime.timedelta(days=1),
        )
    # Back to back is not an overlap.
    factories.BankAccountLinkFactory(bank_account=other, venue=venue, starts_at=now)
    assert bank_selectors.account_paying(venue) == other
