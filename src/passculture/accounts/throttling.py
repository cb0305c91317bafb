"""Login throttling: at most N failures per window, per account and per IP address (core/throttling.py); the
password-reset mails likewise (at most N per window per email address and per client address).

An attempt is reserved on both counters *before* the password is checked, so parallel requests cannot all pass
the check. A failure keeps its reservation; a success clears the account's counter and gives back the address's
(someone guessing passwords from one address cannot reset its counter by logging into their own account).
"""

import hashlib
import math

from django.conf import settings

from passculture.core import throttling


def _keys(email: str, ip: str | None, scope: str = "login-fail") -> list[str]:
    keys = [f"{scope}:email:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()]
    if ip:
        keys.append(f"{scope}:ip:" + hashlib.sha256(ip.encode()).hexdigest())
    return keys


def minutes_to_wait(seconds: int) -> str:
    """``"15 minutes"``, ``"1 minute"``: the wait as the throttling messages say it."""
    minutes = max(1, (seconds + 59) // 60)
    return f"{minutes} minute{'s' if minutes > 1 else ''}"


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


def reserve_password_reset(email: str, ip: str | None) -> tuple[str, int] | None:
    """Reserve one password-reset mail for this address and client address: ``None`` when reserved, else which
    limit refused it (``"email"`` or ``"ip"``) and the seconds to wait. Counted whether an account exists or not."""
    window = settings.PASSWORD_RESET_THROTTLE_WINDOW
    email_key, *ip_keys = _keys(email, ip, scope="password-reset")
    limits = [("ip", key, settings.PASSWORD_RESET_MAX_PER_IP) for key in ip_keys]
    reserved = []
    for which, key, limit in [*limits, ("email", email_key, settings.PASSWORD_RESET_MAX_PER_EMAIL)]:
        if not throttling.reserve(key, limit, window):
            for taken in reserved:
                throttling.release(taken)
            return which, max(1, math.ceil(throttling.seconds_left(key)))
        reserved.append(key)
    return None
