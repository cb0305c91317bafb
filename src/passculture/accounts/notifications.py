"""Mails of accounts: the email verification link, built from the user's id when the mail leaves."""

from passculture.accounts.models import User
from passculture.accounts.tokens import make_verification_token
from passculture.core.links import link
from passculture.core.mail import Mail, register

VERIFY_EMAIL = "verify_email"


@register(VERIFY_EMAIL)
def verify_email(user_id: int, young: bool = False) -> Mail:
    """The pros' mail (what happens next: the structure is checked), or the young people's, in the pass Culture's
    own words and with their own page for a new link."""
    user = User.objects.get(pk=user_id)
    return Mail(
        "verify_email_young" if young else VERIFY_EMAIL,
        [user.email],
        {
            "user": user,
            "url": link("verify-email", token=make_verification_token(user)),
            "resend_url": link("young-resend-verification" if young else "resend-verification"),
        },
    )
