"""What only the fake does: its seed, the dossiers tests add, and staying deterministic."""

import datetime
from dataclasses import replace

import pytest

from passculture.connectors import is_fake
from passculture.connectors.dms import DmsNotFound, DmsState, DmsUnavailable, fake, get_dms_client, iter_dossiers
from passculture.connectors.dms.fake import FakeDmsClient


def test_the_default_backend_is_the_fake(settings):
    assert settings.DMS_BACKEND == "passculture.connectors.dms.fake.FakeDmsClient"
    assert is_fake(get_dms_client())


def test_two_fakes_answer_the_same():
    first, second = FakeDmsClient(page_size=2), FakeDmsClient(page_size=2)

    assert list(iter_dossiers(first, fake.PROCEDURE_NUMBER)) == list(iter_dossiers(second, fake.PROCEDURE_NUMBER))


def test_page_size_comes_from_the_settings_within_what_ds_serves(settings):
    settings.DMS_PAGE_SIZE = 2
    assert FakeDmsClient().page_size == 2
    settings.DMS_PAGE_SIZE = 1000
    assert FakeDmsClient().page_size == 100


def test_added_dossiers_are_listed_and_read_until_reset():
    client = FakeDmsClient()
    added = replace(fake.SEED[0], number=3000001, applicant_siret="51234567900017")

    client.add_dossier(added)

    assert client.get_dossier(3000001) == added
    assert 3000001 in {d.number for d in iter_dossiers(client, fake.PROCEDURE_NUMBER)}
    client.reset()
    with pytest.raises(DmsNotFound):
        client.get_dossier(3000001)


def test_an_update_moves_the_dossier_to_the_end_of_the_list():
    client = FakeDmsClient()
    later = datetime.datetime(2026, 2, 1, 9, 0, tzinfo=datetime.UTC)

    updated = client.update_dossier(fake.ON_GOING_DOSSIER, state=DmsState.ACCEPTE, updated_at=later)

    assert updated.state is DmsState.ACCEPTE
    numbers = [d.number for d in iter_dossiers(client, fake.PROCEDURE_NUMBER)]
    assert numbers[-1] == fake.ON_GOING_DOSSIER
    assert [d.number for d in iter_dossiers(client, fake.PROCEDURE_NUMBER, updated_since=later)] == [
        fake.ON_GOING_DOSSIER
    ]


def test_a_procedure_of_added_dossiers_exists_others_do_not():
    client = FakeDmsClient()
    client.add_dossier(replace(fake.SEED[0], number=3000002, procedure_number=777))

    assert [d.number for d in client.list_dossiers(777).dossiers] == [3000002]
    with pytest.raises(DmsNotFound):
        client.list_dossiers(778)


def test_a_forged_cursor_is_refused():
    with pytest.raises(DmsUnavailable):
        FakeDmsClient().list_dossiers(fake.PROCEDURE_NUMBER, after="not-a-cursor")


def test_the_seed_is_valid_bank_data():
    from schwifty import BIC, IBAN

    for dossier in fake.SEED:
        if dossier.iban:
            IBAN(dossier.iban, validate_bban=True)
        if dossier.bic:
            BIC(dossier.bic)
