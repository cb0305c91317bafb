"""Pure booking rules: countermarks, cancellation and withdrawal deadlines, desk checks. No ORM."""

import datetime
import re
import secrets

# No 0/O, 1/I, 8/9: a countermark is read aloud and typed at a desk (docs/domain/bookings.md#countermark).
TOKEN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ234567"
TOKEN_LENGTH = 6
QR_CODE_PREFIX = "PASSCULTURE:v3;TOKEN:"


def generate_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def normalize_token(typed: str) -> str:
    """Any case, spaces and dashes ignored: ``" ab-c2 34 "`` → ``"ABC234"``."""
    return re.sub(r"[\s\-]", "", typed or "").upper()


def is_well_formed_token(token: str) -> bool:
    return len(token) == TOKEN_LENGTH and all(c in TOKEN_ALPHABET for c in token)


def qr_code_data(token: str) -> str:
    return f"{QR_CODE_PREFIX}{token}"


def cancellation_limit(
    booked_at: datetime.datetime, starts_at: datetime.datetime | None, delay: datetime.timedelta
) -> datetime.datetime:
    """``max(booked_at, min(booked_at + delay, starts_at − delay))`` (events); ``booked_at + delay`` otherwise."""
    if starts_at is None:
        return booked_at + delay
    return max(booked_at, min(booked_at + delay, starts_at - delay))


def auto_use_due(starts_at: datetime.datetime, delay: datetime.timedelta, now: datetime.datetime) -> bool:
    """An event booking still unused ``delay`` after the start becomes USED."""
    return now >= starts_at + delay
