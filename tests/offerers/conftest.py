import itertools

import pytest

from passculture.connectors.sirene.fake import DEMO_SIREN
from passculture.offerers import services
from tests import factories


@pytest.fixture
def signup(db, committed):
    """``signup(**fields)``: the pro sign-up form, filled in with sensible values."""
    numbers = itertools.count(1)

    def sign_up(**fields):
        n = next(numbers)
        data = {
            "email": f"nouveau{n}@example.net",
            "password": factories.PASSWORD,
            "first_name": "Zoé",
            "last_name": f"Durand{n}",
            "phone": "06 12 34 56 78",
            "structure_name": "Cinéma et Librairie Démo",
            "siren": DEMO_SIREN,
            **fields,
        }
        return committed(services.pro_signup, **data)

    return sign_up
