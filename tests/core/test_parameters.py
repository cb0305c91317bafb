"""The process cache of business parameters: one query per key, new values seen on time."""

import datetime

import pytest
from django.utils import timezone

from passculture.core.models import Parameter
from passculture.core.parameters import MissingParameter, get_parameter, set_parameter

KEY = "tests.delay_days"

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    return timezone.now()


def test_value_in_force_is_chosen_by_date(now):
    set_parameter(KEY, 30, valid_from=now - datetime.timedelta(days=400))
    set_parameter(KEY, 10, valid_from=now - datetime.timedelta(days=2))
    set_parameter(KEY, 5, valid_from=now + datetime.timedelta(days=3))

    assert get_parameter(KEY, at=now - datetime.timedelta(days=100)) == 30
    assert get_parameter(KEY) == 10
    assert get_parameter(KEY, at=now + datetime.timedelta(days=3)) == 5
    with pytest.raises(MissingParameter):
        get_parameter(KEY, at=now - datetime.timedelta(days=500))
    assert get_parameter(KEY, at=now - datetime.timedelta(days=500), default=None) is None


def test_rows_are_read_once_per_key(now, django_assert_num_queries):
    set_parameter(KEY, 30, valid_from=now - datetime.timedelta(days=1))
    with django_assert_num_queries(1):
        assert get_parameter(KEY) == 30
        assert get_parameter(KEY, at=now) == 30
        assert get_parameter(KEY, at=now + datetime.timedelta(days=1)) == 30


def test_a_value_set_in_this_process_is_seen_at_once(now):
    set_parameter(KEY, 30, valid_from=now - datetime.timedelta(days=1))
    assert get_parameter(KEY) == 30

    set_parameter(KEY, 12, valid_from=now - datetime.timedelta(seconds=1))

    assert get_parameter(KEY) == 12


def test_a_value_dated_in_the_future_takes_effect_on_its_date_without_a_new_read(now, django_assert_num_queries):
    set_parameter(KEY, 30, valid_from=now - datetime.timedelta(days=1))
    set_parameter(KEY, 45, valid_from=now + datetime.timedelta(hours=1))
    assert get_parameter(KEY, at=now) == 30
    with django_assert_num_queries(0):
        assert get_parameter(KEY, at=now + datetime.timedelta(hours=1)) == 45


def test_a_value_added_by_another_process_is_seen_once_the_cache_expires(now, settings):
    set_parameter(KEY, 30, valid_from=now - datetime.timedelta(days=1))
    assert get_parameter(KEY) == 30
    # Another process adds a row (this one's cache is not told).
    Parameter.objects.create(key=KEY, value=12, valid_from=now - datetime.timedelta(seconds=1))
    assert get_parameter(KEY) == 30  # kept for PARAMETER_CACHE_SECONDS

    settings.PARAMETER_CACHE_SECONDS = 0

    assert get_parameter(KEY) == 12
