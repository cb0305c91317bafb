"""Reads of accounts."""

import pytest

from passculture.accounts.selectors import active_user, user_email_exists
from tests import factories


@pytest.mark.django_db
def test_an_address_is_taken_whatever_its_case():
    factories.UserFactory(email="zoe.durand@example.net")
    assert user_email_exists("Zoe.Durand@EXAMPLE.net")
    assert not user_email_exists("zoe@example.net")


@pytest.mark.django_db
def test_active_user_is_none_for_a_deactivated_or_unknown_account():
    user = factories.UserFactory()
    assert active_user(user.pk) == user
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert active_user(user.pk) is None
    assert active_user(user.pk + 1000) is None
