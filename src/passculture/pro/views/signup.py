"""The pro sign-up with the structure's SIREN, and the portal's terms (docs/domain/offerers.md#sign-up).

Login, email verification and passwords are the account pages (``passculture.account``)."""

from django.shortcuts import redirect, render
from django.urls import reverse

from passculture.accounts.validators import password_policy_checklist
from passculture.offerers import services as offerer_services
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
            request.session["signup_email"] = outcome.value.user.email
            return redirect("pro:signup-done")
    password = request.POST.get("password") if request.method == "POST" else None
    return render(
        request,
        "pro/signup/signup.html",
        {"form": form, "policy": password_policy_checklist(password), "title": "Créer votre compte"},
    )


def signup_done(request):
    return render(
        request,
        "pro/signup/done.html",
        {"email": request.session.get("signup_email", ""), "title": "Vérifiez votre adresse email"},
    )


def terms(request):
    return render(request, "pro/signup/terms.html", {"title": "Conditions générales d'utilisation"})
