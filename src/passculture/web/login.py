"""The login and new-verification-link steps every login page shares (the account pages, the young people's)."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render

from passculture.accounts import services as account_services
from passculture.accounts.errors import EmailNotVerified
from passculture.core.errors import DomainError
from passculture.web.client import client_ip

WRONG_CREDENTIALS = "Identifiant ou mot de passe incorrect."
NEW_LINK_SENT = (
    "Si un compte non vérifié existe pour cette adresse, un nouveau lien vient de lui être envoyé "
    "(pensez à vérifier vos spams)."
)


def attempt_login(request, form) -> tuple[object | None, bool]:
    """Check a valid ``LoginForm`` (throttled per account and per client address) and log the user in.

    Returns ``(user, unverified)``: the user logged in, or ``None`` with the reason on top of the form; ``unverified``
    says the address is not verified yet (the page then offers a new link).
    """
    try:
        user = account_services.user_login(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            ip=client_ip(request),
            request=request,
        )
    except EmailNotVerified as error:
        form.add_error(None, error.message)
        return None, True
    except DomainError as error:  # throttled
        form.add_error(None, error.message)
        return None, False
    if user is None:
        form.add_error(None, WRONG_CREDENTIALS)
        return None, False
    login(request, user)
    return user, False


def resend_verification(request, form, *, template_name: str, login_url: str, young: bool = False):
    """The "new verification link" page: on a valid address, send the link (if an unverified account has it), say
    so without telling whether it exists, and go to ``login_url``; ``young``: the young people's mail."""
    if request.method == "POST" and form.is_valid():
        account_services.user_resend_verification_email(form.cleaned_data["email"], young=young)
        messages.success(request, NEW_LINK_SENT)
        return redirect(login_url)
    return render(request, template_name, {"form": form, "title": "Recevoir un nouveau lien"})
