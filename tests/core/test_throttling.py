"""Throttling counters are reserved atomically (core/throttling.py): parallel attempts never beat the limit."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches
from django.db import connection

from passculture.accounts import services as account_services
from passculture.bookings.throttling import register_attempt
from passculture.core import throttling
from passculture.core.errors import DomainError
from passculture.core.models import ThrottleCounter
from tests.factories import UserFactory

REDIS_TEST_URL = "redis://127.0.0.1:6379/11"
WRONG = "Mauvais-mot-de-passe-1"


def race(func, arguments):
    """Run ``func`` on every argument from one thread each, all released at once (each with its connection)."""
    barrier = threading.Barrier(len(arguments))

    def run(argument):
        try:
            barrier.wait(timeout=30)
            return func(argument)
        except DomainError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(arguments)) as pool:
        return list(pool.map(run, arguments))


def wrong_password(user, ip):
    return account_services.user_login(email=user.email, password=WRONG, ip=ip)


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_TEST_URL}
    }
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestOnPostgres:
    def test_40_simultaneous_wrong_passwords_have_5_checked(self):
        user = UserFactory()
        results = race(lambda n: wrong_password(user, f"192.0.2.{n}"), range(40))
        assert results.count(None) == 5  # five passwords checked, and refused
        assert results.count("TOO_MANY_LOGIN_ATTEMPTS") == 35

    def test_40_simultaneous_guesses_from_one_address_have_5_checked(self):
        users = [UserFactory(email=f"cible{n}@example.net") for n in range(40)]
        results = race(lambda user: wrong_password(user, "203.0.113.7"), users)
        assert (results.count(None), results.count("TOO_MANY_LOGIN_ATTEMPTS")) == (5, 35)

    def test_40_simultaneous_desk_attempts_are_counted_one_by_one(self, one_throttle_window):
        results = race(lambda n: register_attempt("desk-user", "42", 30, 60), range(40))
        assert results.count(True) == 30


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
class TestOnRedis:
    def test_40_simultaneous_wrong_passwords_have_5_checked(self, redis_cache):
        user = UserFactory()
        results = race(lambda n: wrong_password(user, f"192.0.2.{n}"), range(40))
        assert (results.count(None), results.count("TOO_MANY_LOGIN_ATTEMPTS")) == (5, 35)
        assert not ThrottleCounter.objects.exists()  # counted in Redis

    def test_40_simultaneous_reservations(self, redis_cache):
        results = race(lambda n: throttling.reserve("essai", 5, 60), range(40))
        assert results.count(True) == 5
        assert 59 < throttling.seconds_left("essai") <= 60
        throttling.release("essai")
        assert throttling.reserve("essai", 5, 60)
        assert not throttling.reserve("essai", 5, 60)
        throttling.clear("essai")
        assert throttling.seconds_left("essai") == 0

    def test_the_count_ends_with_its_window(self, redis_cache):
        assert throttling.reserve("bref", 1, 0.2)
        assert not throttling.reserve("bref", 1, 0.2)
        time.sleep(0.3)
        assert throttling.reserve("bref", 1, 0.2)


@pytest.mark.django_db
class TestOnTheDatabase:
    def test_the_count_starts_again_after_its_window(self, one_throttle_window):
        import datetime

        import time_machine
        from django.utils import timezone

        assert [throttling.reserve("essai", 2, 60) for _ in range(3)] == [True, True, False]
        assert ThrottleCounter.objects.get(key="essai").count == 2  # a refused attempt is not counted
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61), tick=False):
            assert throttling.reserve("essai", 2, 60)
            assert ThrottleCounter.objects.get(key="essai").count == 1

    def test_release_never_goes_below_zero(self):
        throttling.reserve("essai", 1, 60)
        throttling.release("essai")
        throttling.release("essai")
        assert ThrottleCounter.objects.get(key="essai").count == 0
        assert throttling.reserve("essai", 1, 60)

    def test_expired_counters_are_purged(self):
        ThrottleCounter.objects.create(key="ancien", count=3, expires_at=time.time() - 1)
        ThrottleCounter.objects.create(key="actuel", count=3, expires_at=time.time() + 60)
        throttling.purge_expired()
        assert list(ThrottleCounter.objects.values_list("key", flat=True)) == ["actuel"]
