"""Reads of accounts."""

import pytest

from passculture.accounts.selectors import user_email_exists
from tests import factories


@pytest.mark.django_db
def test_an_address_is_taken_whatever_its_case():
    factories.UserFactory(email="zoe.durand@example.net")
    assert user_email_exists("Zoe.Durand@EXAMPLE.net")
    assert not user_email_exists("zoe@example.net")
