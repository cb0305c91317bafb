"""Login throttling: at most N failures per window, per account and per IP address (core/throttling.py).

An attempt is reserved on both counters *before* the password is checked, so parallel requests cannot all pass
the check. A failure keeps its reservation; a success clears the account's counter and gives back the address's
(someone guessing passwords from one address cannot reset its counter by logging into their own account).
"""

import hashlib
import math

from django.conf import settings

from passculture.core import throttling


def _keys(email: str, ip: str | None) -> list[str]:
    keys = ["login-fail:email:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()]
    if ip:
        keys.append("login-fail:ip:" + hashlib.sha256(ip.encode()).hexdigest())
    return keys


def reserve_attempt(email: str, ip: str | None) -> int:
    """Reserve one attempt for this account and address: 0 when reserved, else the seconds to wait."""
    limit, window = settings.LOGIN_THROTTLE_MAX_FAILURES, settings.LOGIN_THROTTLE_WINDOW
    reserved = []
    for key in _keys(email, ip):
        if not throttling.reserve(key, limit, window):
            for taken in reserved:
                throttling.release(taken)
            return max(1, math.ceil(throttling.seconds_left(key)))
        reserved.append(key)
    return 0


def record_success(email: str, ip: str | None) -> None:
    account, *address = _keys(email, ip)
    throttling.clear(account)
    for key in address:
        throttling.release(key)


def give_back(email: str, ip: str | None) -> None:
    """The password was right (the account is not yet verified): the attempt is not a failure."""
    for key in _keys(email, ip):
        throttling.release(key)
