"""Countermark guessing is throttled (docs/domain/bookings.md#refusals): N desk attempts per window, per user, per IP.

Fixed windows counted by the atomic counters of ``core.throttling`` (Redis, or a locked database row), like the
login throttling of ``accounts.throttling``. Every attempt counts (check, validate, invalidate): a person at a desk
makes a few a minute, a script guessing 30^6 countermarks makes thousands. Limits are settings:
``DESK_THROTTLE_MAX_PER_USER`` (30), ``DESK_THROTTLE_MAX_PER_IP`` (120: several desks may share one address),
``DESK_THROTTLE_WINDOW`` (60 seconds).
"""

import hashlib
import time

from django.conf import settings

from passculture.core import throttling


def _limits() -> tuple[int, int, int]:
    return (
        settings.DESK_THROTTLE_MAX_PER_USER,
        settings.DESK_THROTTLE_MAX_PER_IP,
        settings.DESK_THROTTLE_WINDOW,
    )


def register_attempt(scope: str, identity: str, limit: int, window: int) -> bool:
    """Count one attempt of ``identity`` in the current window of ``scope``; ``False`` once over ``limit``."""
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    key = f"throttle:{scope}:{digest}:{int(time.time() // window)}"
    return throttling.reserve(key, limit, window + 1)


def desk_attempt_allowed(user_id: int, ip: str | None) -> bool:
    """Count one desk attempt of this user from this address; ``False`` when either is over its limit."""
    per_user, per_ip, window = _limits()
    allowed = register_attempt("desk-user", str(user_id), per_user, window)
    if ip:
        allowed = register_attempt("desk-ip", ip, per_ip, window) and allowed
    return allowed
