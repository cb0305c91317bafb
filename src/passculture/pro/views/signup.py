"""The pro sign-up with the structure's SIREN, and the portal's terms (docs/domain/offerers.md#sign-up).

Login, email verification and passwords are the account pages (``passculture.account``)."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from passculture.accounts.validators import password_policy_checklist
from passculture.core.errors import DomainError
from passculture.core.identifiers import compact
from passculture.offerers import selectors as offerer_selectors
from passculture.offerers import services as offerer_services
from passculture.offerers.models import MembershipStatus
from passculture.pro.forms.signup import SignupForm
from passculture.web.services import call_service


def signup(request):
    if request.user.is_authenticated:
        return redirect("pro:home")
    policy_url = reverse("account:password-policy")
    initial = {"siren": request.GET.get("siren", "")}
    form = SignupForm(request.POST or None, initial=initial, policy_url=policy_url)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = call_service(
            form,
            offerer_services.pro_signup,
            email=data["email"],
            password=data["password"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            phone=data["phone"],
            structure_name=data["structure_name"],
            siren=data["siren"],
        )
        if outcome.ok:
            membership = outcome.value
            request.session["signup_email"] = membership.user.email
            # A SIREN already registered: the page says plainly that a request to join was sent.
            joining = membership.status == MembershipStatus.PENDING
            request.session["signup_joining"] = (
                f"{membership.offerer.name} (SIREN {membership.offerer.siren})" if joining else ""
            )
            return redirect("pro:signup-done")
    password = request.POST.get("password") if request.method == "POST" else None
    return render(
        request,
        "pro/signup/signup.html",
        {"form": form, "policy": password_policy_checklist(password), "title": "Créer votre compte"},
    )


@require_POST
def siren_lookup(request):
    """htmx: as soon as the SIREN is typed, show what the register calls the structure (the name typed stays the
    public one) or that it is already registered (the account will ask to join it), before the pro confirms
    (without htmx: the sign-up form)."""
    if not request.htmx:
        return redirect("pro:signup")
    siren = compact(request.POST.get("siren", ""))
    context: dict = {"structure_name": request.POST.get("structure_name", "").strip()}
    if siren:
        try:
            context["check"] = offerer_services.check_siren(siren)
        except DomainError as exc:
            context["error"] = exc.message
        else:
            context["registered"] = offerer_selectors.registered_offerer(siren)
    return render(request, "pro/signup/_siren_result.html", context)


def signup_done(request):
    return render(
        request,
        "pro/signup/done.html",
        {
            "email": request.session.get("signup_email", ""),
            "joining": request.session.get("signup_joining", ""),
            "title": "Vérifiez votre adresse email",
        },
    )


def terms(request):
    return render(request, "pro/signup/terms.html", {"title": "Conditions générales d'utilisation"})
