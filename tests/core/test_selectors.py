"""Staff reads of the audit log and of the parameters' versions."""

import datetime

import pytest
from django.utils import timezone

from passculture.core.audit import log_action
from passculture.core.models import Parameter
from passculture.core.selectors import actions_by, audit_log, parameter_versions
from tests import factories

pytestmark = pytest.mark.django_db


def test_audit_log_filters_by_action_prefix_and_actor():
    anne, bob = factories.UserFactory(email="anne@example.net"), factories.UserFactory(email="bob@example.net")
    log_action(anne, "offerer.validated")
    log_action(bob, "offerer.rejected")
    log_action(anne, "venue.created")
    assert {e.action for e in audit_log(action=" offerer.")} >= {"offerer.validated", "offerer.rejected"}
    assert [e.action for e in audit_log(action="offerer.", actor_email="ANNE@")] == ["offerer.validated"]
    assert [e.action for e in actions_by(bob)] == ["offerer.rejected"]


def test_parameter_versions_by_key_newest_first():
    now = timezone.now()
    Parameter.objects.create(key="zz.test", value=1, valid_from=now - datetime.timedelta(days=2))
    Parameter.objects.create(key="zz.test", value=2, valid_from=now)
    Parameter.objects.create(key="aa.test", value=3, valid_from=now)
    assert [p.value for p in parameter_versions("zz.test")] == [2, 1]
    keys = [p.key for p in parameter_versions()]
    assert keys == sorted(keys) and {"aa.test", "zz.test"} <= set(keys)
