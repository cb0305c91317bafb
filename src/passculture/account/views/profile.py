"""The user's own details ("Mon profil")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from passculture.account.forms.profile import ProfileForm
from passculture.accounts import services as account_services
from passculture.web.services import call_service


@login_required
def profile(request):
    user = request.user
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "email": user.email,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(form, account_services.user_update_profile, user, **form.cleaned_data)
        if outcome.ok:
            if outcome.value.is_email_verified:
                messages.success(request, "Vos informations ont été enregistrées.")
            else:
                messages.warning(
                    request,
                    "Vos informations ont été enregistrées. Cliquez sur le lien envoyé à votre nouvelle adresse "
                    "pour la valider avant votre prochaine connexion.",
                )
            return redirect("account:profile")
    return render(request, "account/profile.html", {"form": form, "title": "Mon profil"})
