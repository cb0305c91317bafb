"""Signed, expiring links for email verification (single use: a verified address cannot be verified again)."""

from django.conf import settings
from django.core import signing

from passculture.accounts.errors import ExpiredVerificationLink, InvalidVerificationLink

SALT = "passculture.accounts.verify-email"


def make_verification_token(user) -> str:
    return signing.dumps({"uid": user.pk, "email": user.email}, salt=SALT, compress=True)


def read_verification_token(token: str) -> dict:
    try:
        return signing.loads(token, salt=SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ExpiredVerificationLink() from exc
    except signing.BadSignature as exc:
        raise InvalidVerificationLink() from exc
