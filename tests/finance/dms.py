"""Fixtures of the Démarches simplifiées tests (a plugin of ``tests/conftest.py``): the shared fake DS, back to its
seed after each test, with the fake's procedure followed by the settings; ``dossier_for(venue)`` builds a dossier."""

import datetime
from dataclasses import replace

import pytest

from passculture.connectors.dms import DmsState, Dossier, fake, get_dms_client

SECRET = "s3cret-of-the-dms-webhook-0123456789abcdef"


@pytest.fixture
def dms_fake(settings):
    """The fake DS the services use, following its seeded procedure; reset to the seed afterwards. Changing a setting
    afterwards builds a new instance (from the seed): ask ``get_dms_client()`` again then."""
    settings.DMS_BACKEND = "passculture.connectors.dms.fake.FakeDmsClient"
    settings.DMS_PROCEDURE_IDS = [fake.PROCEDURE_NUMBER]
    settings.DMS_WEBHOOK_SECRET = SECRET
    client = get_dms_client()
    client.reset()
    yield client
    client.reset()


def dossier_for(venue, number: int = 3000001, state: DmsState = DmsState.EN_INSTRUCTION, **changes) -> Dossier:
    """A dossier of the fake's procedure whose applicant is ``venue`` (its SIRET), with valid bank details."""
    base = replace(
        fake.SEED[0],
        number=number,
        state=state,
        applicant_siret=venue.siret,
        account_label=f"Compte {venue.name}",
        updated_at=datetime.datetime(2026, 2, 1, 10, 0, tzinfo=datetime.UTC),
        processed_at=None,
    )
    return replace(base, **changes)
