"""Login and logout: the site's login page (``LOGIN_URL``), for pros and staff; young people have their own."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from passculture.offerers import services as offerer_services
from passculture.web.forms import LoginForm
from passculture.web.login import attempt_login
from passculture.web.redirects import is_safe_url


def login_view(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = LoginForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    unverified = False
    if request.method == "POST" and form.is_valid():
        user, unverified = attempt_login(request, form)
        if user is not None:
            for membership in offerer_services.accept_pending_invitations(user):
                messages.success(request, f"Vous avez rejoint la structure {membership.offerer.name}.")
            return redirect(next_url if is_safe_url(request, next_url) else settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "account/login.html",
        {"form": form, "next": next_url, "unverified": unverified, "title": "Se connecter"},
    )


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "Vous êtes déconnecté(e).")
    return redirect(settings.LOGOUT_REDIRECT_URL)
