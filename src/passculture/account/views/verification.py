"""The email verification link (of every sign-up) and the page asking for a new one."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from passculture.accounts.errors import EmailAlreadyVerified
from passculture.core.errors import DomainError
from passculture.offerers import services as offerer_services
from passculture.web.forms import EmailForm
from passculture.web.login import resend_verification as resend_verification_page


def verify_email(request, token: str):
    try:
        user = offerer_services.pro_verify_email(token)
    except EmailAlreadyVerified as error:
        messages.info(request, error.message)
        return redirect("account:login")
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("account:resend-verification")
    messages.success(request, "Votre adresse email est vérifiée : vous pouvez vous connecter.")
    # Young people share accounts and this link with pros; each logs in on their own side.
    login_url = "beneficiary:login" if hasattr(user, "beneficiary") else "account:login"
    return redirect(reverse(login_url) + f"?email={user.email}")


def resend_verification(request):
    form = EmailForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    return resend_verification_page(
        request, form, template_name="account/resend_verification.html", login_url="account:login"
    )
