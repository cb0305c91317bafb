"""Account forms shared by every side that logs people in (pro portal, young people's pages)."""

from django import forms
from dsfr.forms import DsfrBaseForm

EMAIL_ERRORS = {"required": "Veuillez renseigner votre adresse email.", "invalid": "Adresse email invalide."}


class LoginForm(DsfrBaseForm):
    email = forms.EmailField(
        label="Adresse email",
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        max_length=128,
        error_messages={"required": "Veuillez renseigner votre mot de passe.", "max_length": "Mot de passe trop long."},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class EmailForm(DsfrBaseForm):
    email = forms.EmailField(
        label="Adresse email",
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
