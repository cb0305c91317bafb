"""Passwords: the live policy checklist, the forgotten password (reset by mail) and the change of one's own."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from passculture.account.forms import password as forms
from passculture.accounts import services
from passculture.accounts.validators import password_policy_checklist
from passculture.web.client import client_ip
from passculture.web.services import call_service


@require_POST
def password_policy(request):
    """htmx: the live checklist of the password policy (the sign-ups of every side use it)."""
    return render(
        request,
        "web/password_policy.html",
        {"policy": password_policy_checklist(request.POST.get("password"))},
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by mail, limited per email address and per client address before any mail is sent."""

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not call_service(form, services.password_reset_reserve, email=email, ip=client_ip(self.request)).ok:
            return self.form_invalid(form)
        return super().form_valid(form)


password_reset = PasswordResetView.as_view(
    form_class=forms.PasswordResetForm,
    template_name="account/password_reset.html",
    subject_template_name="emails/password_reset.subject.txt",
    email_template_name="emails/password_reset.txt",
    html_email_template_name="emails/password_reset.html",
    success_url=reverse_lazy("account:password-reset-done"),
    extra_context={"title": "Mot de passe oublié"},
    extra_email_context={"support_email": settings.SUPPORT_EMAIL, "public_url": settings.PUBLIC_URL},
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="account/password_reset_done.html", extra_context={"title": "Email envoyé"}
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=forms.SetPasswordForm,
    template_name="account/password_reset_confirm.html",
    success_url=reverse_lazy("account:password-reset-complete"),
    extra_context={"title": "Nouveau mot de passe"},
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="account/password_reset_complete.html", extra_context={"title": "Mot de passe modifié"}
)


@login_required
def password_change(request):
    form = forms.PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, "Votre mot de passe a été modifié.")
        return redirect("account:profile")
    return render(request, "account/password_change.html", {"form": form, "title": "Modifier mon mot de passe"})
