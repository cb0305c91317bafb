import importlib

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings


def test_production_settings_hash_passwords_with_argon2():
    real_settings = importlib.import_module("passculture.settings")
    assert real_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=real_settings.PASSWORD_HASHERS):
        assert make_password("Demo-passCulture-2026!").startswith("argon2$argon2id$")


@pytest.mark.django_db
def test_a_signed_up_password_is_never_stored_in_clear(user):
    assert "Demo-passCulture-2026!" not in user.password
