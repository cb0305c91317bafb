"""Production refuses to start with DEBUG or a fake connector (what ``serve`` and the WSGI app call).

SQLite is covered end to end by ``test_serve.py::test_serve_refuses_an_unsafe_production_configuration``
(the test run itself may be on PostgreSQL).
"""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from passculture.core.checks import production_problems, refuse_unsafe_production


@pytest.mark.parametrize(
    "overrides, reason",
    [
        ({"DEBUG": True}, "DEBUG"),
        ({"SIRENE_BACKEND": "passculture.connectors.sirene.fake.FakeSireneClient"}, "SIRENE_BACKEND"),
    ],
)
def test_production_refuses_an_unsafe_configuration(overrides, reason):
    with override_settings(IS_PRODUCTION=True, **overrides), pytest.raises(ImproperlyConfigured) as refusal:
        refuse_unsafe_production()
    assert reason in str(refusal.value)


def test_outside_production_nothing_is_refused():
    with override_settings(IS_PRODUCTION=False, DEBUG=True):
        refuse_unsafe_production()


FAKE_DMS = "passculture.connectors.dms.fake.FakeDmsClient"
REAL_DMS = "passculture.connectors.dms.http.HttpDmsClient"
GOOD_SECRET = "x" * 32


@pytest.mark.parametrize(
    "overrides, reason",
    [
        ({"DMS_BACKEND": FAKE_DMS, "DMS_API_TOKEN": "t", "DMS_WEBHOOK_SECRET": GOOD_SECRET}, "DMS_BACKEND"),
        ({"DMS_BACKEND": REAL_DMS, "DMS_API_TOKEN": "", "DMS_WEBHOOK_SECRET": GOOD_SECRET}, "DMS_API_TOKEN"),
        ({"DMS_BACKEND": REAL_DMS, "DMS_API_TOKEN": "t", "DMS_WEBHOOK_SECRET": "short"}, "DMS_WEBHOOK_SECRET"),
    ],
)
def test_production_with_demarches_simplifiees_needs_the_real_client_a_token_and_a_secret(overrides, reason):
    with override_settings(DMS_PROCEDURE_IDS=[54321], **overrides):
        problems = production_problems()
    assert any(reason in problem for problem in problems)


def test_production_without_demarches_simplifiees_does_not_ask_for_it():
    with override_settings(DMS_PROCEDURE_IDS=[], DMS_BACKEND=FAKE_DMS, DMS_API_TOKEN="", DMS_WEBHOOK_SECRET=""):
        assert not any("DMS" in problem for problem in production_problems())
    with override_settings(
        DMS_PROCEDURE_IDS=[54321], DMS_BACKEND=REAL_DMS, DMS_API_TOKEN="t", DMS_WEBHOOK_SECRET=GOOD_SECRET
    ):
        assert not any("DMS" in problem for problem in production_problems())
