"""Sign-up, email verification, login and the pro's own account (guide steps 1 to 3)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from passculture.accounts import services as account_services
from passculture.accounts.errors import EmailAlreadyVerified, EmailNotVerified
from passculture.accounts.forms import EmailForm, LoginForm
from passculture.accounts.validators import password_policy_checklist
from passculture.core.errors import DomainError
from passculture.offerers import services as offerer_services
from passculture.pro import forms
from passculture.web.client import client_ip
from passculture.web.redirects import is_safe_url
from passculture.web.services import add_domain_error


def signup(request):
    if request.user.is_authenticated:
        return redirect("pro:home")
    policy_url = reverse("pro:password-policy")
    initial = {"siren": request.GET.get("siren", "")}
    form = forms.SignupForm(request.POST or None, initial=initial, policy_url=policy_url)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = offerer_services.pro_signup(
                email=data["email"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                phone=data["phone"],
                structure_name=data["structure_name"],
                siren=data["siren"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            request.session["signup_email"] = membership.user.email
            return redirect("pro:signup-done")
    password = request.POST.get("password") if request.method == "POST" else None
    return render(
        request,
        "pro/signup.html",
        {"form": form, "policy": password_policy_checklist(password), "title": "Créer votre compte"},
    )


@require_POST
def password_policy(request):
    """htmx: the live checklist of the password policy."""
    return render(
        request,
        "pro/includes/password_policy.html",
        {"policy": password_policy_checklist(request.POST.get("password"))},
    )


def signup_done(request):
    return render(
        request,
        "pro/signup_done.html",
        {"email": request.session.get("signup_email", ""), "title": "Vérifiez votre adresse email"},
    )


def verify_email(request, token: str):
    try:
        user = offerer_services.pro_verify_email(token)
    except EmailAlreadyVerified as error:
        messages.info(request, error.message)
        return redirect("pro:login")
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("pro:resend-verification")
    messages.success(request, "Votre adresse email est vérifiée : vous pouvez vous connecter.")
    # Young people share accounts and this link with pros; each logs in on their own side.
    login_url = "beneficiary:login" if hasattr(user, "beneficiary") else "pro:login"
    return redirect(reverse(login_url) + f"?email={user.email}")


def resend_verification(request):
    form = EmailForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        account_services.user_resend_verification_email(form.cleaned_data["email"])
        messages.success(
            request,
            "Si un compte non vérifié existe pour cette adresse, un nouveau lien vient de lui être envoyé "
            "(pensez à vérifier vos spams).",
        )
        return redirect("pro:login")
    return render(request, "pro/resend_verification.html", {"form": form, "title": "Recevoir un nouveau lien"})


def login_view(request):
    if request.user.is_authenticated:
        return redirect("pro:home")
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = LoginForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    unverified = False
    if request.method == "POST" and form.is_valid():
        email, password = form.cleaned_data["email"], form.cleaned_data["password"]
        try:
            user = account_services.user_login(email=email, password=password, ip=client_ip(request), request=request)
        except EmailNotVerified as error:
            unverified = True
            form.add_error(None, error.message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if user is None:
                form.add_error(None, "Identifiant ou mot de passe incorrect.")
            else:
                login(request, user)
                for membership in offerer_services.accept_pending_invitations(user):
                    messages.success(request, f"Vous avez rejoint la structure {membership.offerer.name}.")
                if not is_safe_url(request, next_url):
                    next_url = ""
                return redirect(next_url or "pro:home")
    return render(
        request,
        "pro/login.html",
        {"form": form, "next": next_url, "unverified": unverified, "title": "Se connecter"},
    )


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "Vous êtes déconnecté(e).")
    return redirect("pro:login")


password_reset = auth_views.PasswordResetView.as_view(
    form_class=forms.PasswordResetForm,
    template_name="pro/password_reset.html",
    subject_template_name="emails/password_reset.subject.txt",
    email_template_name="emails/password_reset.txt",
    html_email_template_name="emails/password_reset.html",
    success_url=reverse_lazy("pro:password-reset-done"),
    extra_context={"title": "Mot de passe oublié"},
    extra_email_context={"support_email": settings.SUPPORT_EMAIL, "public_url": settings.PUBLIC_URL},
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="pro/password_reset_done.html", extra_context={"title": "Email envoyé"}
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=forms.SetPasswordForm,
    template_name="pro/password_reset_confirm.html",
    success_url=reverse_lazy("pro:password-reset-complete"),
    extra_context={"title": "Nouveau mot de passe"},
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="pro/password_reset_complete.html", extra_context={"title": "Mot de passe modifié"}
)


@login_required
def password_change(request):
    form = forms.PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, "Votre mot de passe a été modifié.")
        return redirect("pro:profile")
    return render(request, "pro/password_change.html", {"form": form, "title": "Modifier mon mot de passe"})


@login_required
def profile(request):
    user = request.user
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "email": user.email,
    }
    form = forms.ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            updated = account_services.user_update_profile(user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if updated.is_email_verified:
                messages.success(request, "Vos informations ont été enregistrées.")
            else:
                messages.warning(
                    request,
                    "Vos informations ont été enregistrées. Cliquez sur le lien envoyé à votre nouvelle adresse "
                    "pour la valider avant votre prochaine connexion.",
                )
            return redirect("pro:profile")
    return render(request, "pro/profile.html", {"form": form, "title": "Mon profil"})


def terms(request):
    return render(request, "pro/terms.html", {"title": "Conditions générales d'utilisation"})
