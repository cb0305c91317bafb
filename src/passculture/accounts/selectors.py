"""Reads of accounts."""

from passculture.accounts.models import User, UserManager


def user_email_exists(email: str) -> bool:
    """Whether an account uses this address (case and the domain's spelling ignored)."""
    return User.objects.filter(email__iexact=UserManager.normalize_email_address(email)).exists()


def active_user(user_id: int) -> User | None:
    """The account of ``user_id`` if it is still active (a token's subject), else ``None``."""
    return User.objects.filter(pk=user_id, is_active=True).first()
