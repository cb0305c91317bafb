"""Rate limit of the ticketing API: at most N requests per window and per API key (429 beyond).

The fixed-window counter of the desk throttling (``bookings.throttling.register_attempt``, atomic: ``core.throttling``)
keyed by the API key's prefix. Limits are settings: ``PUBLIC_API_THROTTLE_MAX_PER_KEY`` (600 requests) per
``PUBLIC_API_THROTTLE_WINDOW`` (60 seconds): a busy box office validates a few countermarks a second, a script
guessing 30^6 countermarks is cut off at once.
"""

import time

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from passculture.bookings.throttling import register_attempt

SCOPE = "public-api-key"


def _limits() -> tuple[int, int]:
    return (
        settings.PUBLIC_API_THROTTLE_MAX_PER_KEY,
        settings.PUBLIC_API_THROTTLE_WINDOW,
    )


class ApiKeyThrottle(BaseThrottle):
    """Runs after authentication: ``request.auth`` is the ``ApiKey``."""

    def allow_request(self, request: HttpRequest) -> bool:
        key = getattr(request, "auth", None)
        if key is None:  # not authenticated: the 401 comes first
            return True
        limit, window = _limits()
        return register_attempt(SCOPE, key.prefix, limit, window)

    def wait(self) -> float:
        window = _limits()[1]
        return window - time.time() % window
