"""Mails of accounts: the email verification link, built from the user's id when the mail leaves."""

from passculture.accounts.models import User
from passculture.accounts.tokens import make_verification_token
from passculture.core.links import link
from passculture.core.mail import Mail, register

VERIFY_EMAIL = "verify_email"


@register(VERIFY_EMAIL)
def verify_email(user_id: int) -> Mail:
    user = User.objects.get(pk=user_id)
    return Mail(
        VERIFY_EMAIL,
        [user.email],
        {"user": user, "url": link("verify-email", token=make_verification_token(user))},
    )
