"""Login throttling: at most N failures per window, per account and per IP address (shared cache)."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def _keys(email: str, ip: str | None) -> list[str]:
    keys = ["login-fail:email:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()]
    if ip:
        keys.append("login-fail:ip:" + hashlib.sha256(ip.encode()).hexdigest())
    return keys


def _recent(key: str, now: float) -> list[float]:
    window = settings.LOGIN_THROTTLE_WINDOW
    return [t for t in cache.get(key, []) if t > now - window]


def seconds_until_allowed(email: str, ip: str | None) -> int:
    """0 when a login attempt may be made, else the seconds to wait."""
    now = time.time()
    wait = 0
    for key in _keys(email, ip):
        failures = _recent(key, now)
        if len(failures) >= settings.LOGIN_THROTTLE_MAX_FAILURES:
            oldest_counted = failures[-settings.LOGIN_THROTTLE_MAX_FAILURES]
            wait = max(wait, int(oldest_counted + settings.LOGIN_THROTTLE_WINDOW - now) + 1)
    return wait


def record_failure(email: str, ip: str | None) -> None:
    now = time.time()
    for key in _keys(email, ip):
        cache.set(key, [*_recent(key, now), now], settings.LOGIN_THROTTLE_WINDOW)


def reset(email: str) -> None:
    cache.delete_many(_keys(email, None))
