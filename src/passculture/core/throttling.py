"""Atomic attempt counters for throttling: an attempt is reserved *before* the work it guards.

``reserve(key, limit, window)`` counts one attempt under ``key`` and says whether it is within ``limit``; the
count starts with the first attempt and lasts ``window`` seconds. Reading a counter, doing the work, then
writing it back lets parallel requests all read the same count (40 simultaneous wrong passwords once had 12
checked against a limit of 5): here the count is read and raised in one step.

- With Redis as the cache (production), one Lua script on the server: ``GET``, ``INCR``, ``EXPIRE``.
- Otherwise a row of ``core.ThrottleCounter`` locked (``SELECT … FOR UPDATE``) while it is read and raised: the
  database cache of Django reads and writes its rows without a lock, so it cannot count parallel attempts.

A refused attempt is not counted. ``release`` gives back an attempt that did not need counting (a login that
succeeded), ``clear`` forgets a key, ``seconds_left`` is the time until the count of a key starts again.
"""

import random
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction

from passculture.core.models import ThrottleCounter

PURGE_PROBABILITY = 0.01  # expired rows are deleted by about one reservation in a hundred

_RESERVE = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then return 0 end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
"""
_RELEASE = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
return 0
"""


def _redis():
    """The Redis client of the cache, or ``None`` when the cache is not Redis."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(write=True)


def _redis_key(key: str) -> str:
    return caches["default"].make_and_validate_key("throttle:" + key)


def reserve(key: str, limit: int, window: int) -> bool:
    """Count one attempt under ``key``; ``False`` (not counted) when ``limit`` attempts are already counted."""
    client = _redis()
    if client is not None:
        return bool(client.eval(_RESERVE, 1, _redis_key(key), limit, int(window * 1000)))
    now = time.time()
    with transaction.atomic():
        ThrottleCounter.objects.bulk_create(
            [ThrottleCounter(key=key, count=0, expires_at=now + window)], ignore_conflicts=True
        )
        counter = ThrottleCounter.objects.select_for_update().get(key=key)
        if counter.expires_at <= now:
            counter.count, counter.expires_at = 0, now + window
        allowed = counter.count < limit
        if allowed:
            counter.count += 1
        counter.save(update_fields=["count", "expires_at"])
    if random.random() < PURGE_PROBABILITY:  # noqa: S311 (not a secret)
        purge_expired()
    return allowed


def release(key: str) -> None:
    """Give back one attempt counted under ``key`` (never below zero)."""
    client = _redis()
    if client is not None:
        client.eval(_RELEASE, 1, _redis_key(key))
        return
    with transaction.atomic():
        counter = ThrottleCounter.objects.select_for_update().filter(key=key, count__gt=0).first()
        if counter is not None:
            counter.count -= 1
            counter.save(update_fields=["count"])


def clear(key: str) -> None:
    client = _redis()
    if client is not None:
        client.delete(_redis_key(key))
    else:
        ThrottleCounter.objects.filter(key=key).delete()


def seconds_left(key: str) -> float:
    """Seconds until the count under ``key`` starts again (0 when nothing is counted)."""
    client = _redis()
    if client is not None:
        return max(0, client.pttl(_redis_key(key))) / 1000
    counter = ThrottleCounter.objects.filter(key=key, count__gt=0).first()
    return max(0.0, counter.expires_at - time.time()) if counter else 0.0


def purge_expired() -> None:
    """Delete the expired counters that no reservation holds."""
    with transaction.atomic():
        expired = ThrottleCounter.objects.filter(expires_at__lt=time.time()).select_for_update(skip_locked=True)
        ThrottleCounter.objects.filter(key__in=list(expired.values_list("key", flat=True))).delete()
