from django.contrib.auth.backends import ModelBackend

from passculture.accounts.models import UserManager


class EmailBackend(ModelBackend):
    """Log in by email, whatever its case or surrounding spaces."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        username = username or kwargs.get("email")
        if username is None:
            return None
        return super().authenticate(request, username=UserManager.normalize_email_address(username), password=password)
