"""Production refuses to start with DEBUG or a fake connector (what ``serve`` and the WSGI app call).

SQLite is covered end to end by ``test_serve.py::test_serve_refuses_an_unsafe_production_configuration``
(the test run itself may be on PostgreSQL).
"""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from passculture.core.checks import refuse_unsafe_production


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
