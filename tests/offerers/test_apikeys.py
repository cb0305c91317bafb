import io

import pytest
from django.core.management import CommandError, call_command

from passculture.offerers import errors
from passculture.offerers import rules as offerer_rules
from passculture.offerers import services as offerer_services
from passculture.offerers.models import ApiKey

pytestmark = pytest.mark.django_db


def test_a_key_is_shown_once_stored_hashed_and_authenticates(offerer, pro):
    key, clear = offerer_services.apikey_create(offerer, pro, "Billetterie")
    assert offerer_rules.KEY_PATTERN.match(clear)
    assert clear.split("_")[1] == key.prefix
    assert clear.split("_")[2] not in key.secret_hash
    assert offerer_services.apikey_authenticate(clear) == key
    assert ApiKey.objects.get(pk=key.pk).last_used_at is not None


@pytest.mark.parametrize(
    "mangle", [lambda c: c[:-1] + ("0" if c[-1] != "0" else "1"), lambda c: c.upper(), lambda c: "", lambda c: c + "0"]
)
def test_a_wrong_key_does_not_authenticate(offerer, pro, mangle):
    _, clear = offerer_services.apikey_create(offerer, pro)
    assert offerer_services.apikey_authenticate(mangle(clear)) is None


def test_at_most_five_active_keys_and_revocation(offerer, pro):
    keys = [offerer_services.apikey_create(offerer, pro) for _ in range(5)]
    with pytest.raises(errors.TooManyApiKeys):
        offerer_services.apikey_create(offerer, pro)
    offerer_services.apikey_revoke(keys[0][0].pk, pro)
    assert offerer_services.apikey_authenticate(keys[0][1]) is None
    with pytest.raises(errors.ApiKeyAlreadyRevoked):
        offerer_services.apikey_revoke(keys[0][0].pk, pro)
    offerer_services.apikey_create(offerer, pro)  # room again


def test_the_command_prints_a_working_key(offerer):
    out = io.StringIO()
    call_command("apikey", "create", "--siren", offerer.siren, stdout=out)
    assert offerer_services.apikey_authenticate(out.getvalue().strip()).offerer == offerer
    with pytest.raises(CommandError):
        call_command("apikey", "create", "--siren", "999999998")
