"""Reads of accounts."""

from passculture.accounts.models import User, UserManager


def user_email_exists(email: str) -> bool:
    """Whether an account uses this address (case and the domain's spelling ignored)."""
    return User.objects.filter(email__iexact=UserManager.normalize_email_address(email)).exists()
