"""Young people's account pages: sign-up, login and logout, "Mon crédit".

Accounts are shared with the pro portal (one ``User`` table): a young person is a user with a
``BeneficiaryProfile``. The email verification link of the sign-up mail is the pro portal's ``account:verify-email``.
"""

import functools

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from passculture.accounts.validators import password_policy_checklist
from passculture.beneficiaries import selectors as beneficiary_selectors
from passculture.beneficiaries import services as beneficiary_services
from passculture.beneficiaries.models import BeneficiaryProfile, EligibilityStatus
from passculture.beneficiary.forms.account import SignupForm
from passculture.core import dates
from passculture.web.forms import EmailForm, LoginForm
from passculture.web.login import attempt_login
from passculture.web.login import resend_verification as resend_verification_page
from passculture.web.redirects import safe_next
from passculture.web.services import call_service

NOT_A_BENEFICIARY_TITLE = "Page réservée aux jeunes"


# --- Helpers shared with the booking pages -------------------------------------------------------------------------


def beneficiary_profile(user) -> BeneficiaryProfile | None:
    if not user.is_authenticated:
        return None
    return beneficiary_selectors.profile_of(user)


def not_a_beneficiary(request):
    """A logged-in pro (or staff member) on a young people's page: say so, never a 500."""
    return render(
        request,
        "beneficiary/account/not_beneficiary.html",
        {"title": NOT_A_BENEFICIARY_TITLE},
        status=403,
    )


def beneficiary_required(view):
    """Logged out → the young people's login page (and back); logged in without a beneficiary profile → 403 page.

    The view finds the profile in ``request.beneficiary_profile``.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("beneficiary:login"))
        profile = beneficiary_profile(request.user)
        if profile is None:
            return not_a_beneficiary(request)
        request.beneficiary_profile = profile
        return view(request, *args, **kwargs)

    return wrapped


def profile_timezone(profile: BeneficiaryProfile) -> str:
    """The young person's time zone, from the département of their postal code (overseas ones included)."""
    postal_code = profile.postal_code or ""
    department = postal_code[:3] if postal_code[:2] in ("97", "98") else postal_code[:2]
    return dates.timezone_for_department(department)


# --- Sign-up --------------------------------------------------------------------------------------------------------


def signup(request):
    if request.user.is_authenticated:
        return redirect("beneficiary:credit")
    form = SignupForm(request.POST or None, policy_url=reverse("account:password-policy"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = call_service(
            form,
            beneficiary_services.beneficiary_signup,
            email=data["email"],
            password=data["password"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            phone=data["phone"],
            birth_date=data["birth_date"],
            postal_code=data["postal_code"],
            city=data["city"],
        )
        if outcome.ok:
            request.session["beneficiary_signup_email"] = outcome.value.email
            return redirect("beneficiary:signup-done")
    password = request.POST.get("password") if request.method == "POST" else None
    return render(
        request,
        "beneficiary/account/signup.html",
        {"form": form, "policy": password_policy_checklist(password), "title": "Créer mon compte pass Culture"},
    )


def signup_done(request):
    return render(
        request,
        "beneficiary/account/signup_done.html",
        {"email": request.session.get("beneficiary_signup_email", ""), "title": "Vérifiez votre adresse email"},
    )


def resend_verification(request):
    form = EmailForm(request.POST or None, initial={"email": request.GET.get("email", "")[:254]})
    return resend_verification_page(
        request,
        form,
        template_name="beneficiary/account/resend_verification.html",
        login_url="beneficiary:login",
        young=True,
    )


# --- Login / logout -------------------------------------------------------------------------------------------------


def login_view(request):
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "beneficiary:credit")
    form = LoginForm(request.POST or None, initial={"email": request.GET.get("email", "")[:254]})
    unverified = False
    if request.method == "POST" and form.is_valid():
        user, unverified = attempt_login(request, form)
        if user is not None:
            if beneficiary_profile(user) is None:
                messages.info(
                    request,
                    "Vous êtes connecté(e) avec un compte qui n'est pas un compte jeune : vous pouvez consulter "
                    "le catalogue, mais pas réserver.",
                )
                return redirect(next_url or "beneficiary:catalogue")
            return redirect(next_url or "beneficiary:credit")
    return render(
        request,
        "beneficiary/account/login.html",
        {"form": form, "next": next_url, "unverified": unverified, "title": "Se connecter"},
    )


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "Vous êtes déconnecté(e).")
    return redirect("beneficiary:catalogue")


# --- Mon crédit -----------------------------------------------------------------------------------------------------


@beneficiary_required
def credit(request):
    profile = request.beneficiary_profile
    now = timezone.now()
    deposit = beneficiary_selectors.active_deposit(request.user, now)
    expired = None
    if deposit is None:
        expired = beneficiary_selectors.last_expired_deposit(request.user, now)
    credit = beneficiary_selectors.domains_credit(deposit)
    caps = [
        ("Biens physiques", "Livres, CD, vinyles, instruments, matériel…", credit.physical),
        ("Offres numériques", "Livres numériques, musique en ligne, presse, jeux…", credit.digital),
    ]
    return render(
        request,
        "beneficiary/account/credit.html",
        {
            "profile": profile,
            "pending": profile.eligibility == EligibilityStatus.PENDING,
            "refused": profile.eligibility == EligibilityStatus.REFUSED,
            "deposit": deposit,
            "expired": expired,
            "credit": credit,
            "caps": [(label, hint, cap) for label, hint, cap in caps if cap is not None],
            "tz": profile_timezone(profile),
            "title": "Mon crédit",
        },
    )
