"""The pro sign-up: the person, their structure (SIREN) and the terms."""

from django import forms
from django.core.exceptions import ValidationError

from passculture.accounts.validators import normalize_phone
from passculture.core.identifiers import compact, is_valid_siren
from passculture.offerers import errors as offerer_errors
from passculture.web.forms import Form, NewPasswordMixin, PasswordPolicyWidget, phone_field, required_error


class SignupForm(NewPasswordMixin, Form):
    email = forms.EmailField(
        label="Adresse email professionnelle",
        max_length=254,
        error_messages={
            **required_error("votre adresse email"),
            "invalid": "Adresse email invalide (ex. nom@structure.fr).",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        error_messages=required_error("un mot de passe"),
        widget=PasswordPolicyWidget(),
    )
    password_confirmation = forms.CharField(
        label="Confirmez le mot de passe",
        strip=False,
        error_messages=required_error("la confirmation du mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    first_name = forms.CharField(label="Prénom", max_length=128, error_messages=required_error("votre prénom"))
    last_name = forms.CharField(label="Nom", max_length=128, error_messages=required_error("votre nom"))
    structure_name = forms.CharField(
        label="Nom de la structure", max_length=140, error_messages=required_error("le nom de votre structure")
    )
    phone = phone_field()
    siren = forms.CharField(
        label="Numéro de SIREN",
        help_text="9 chiffres : le numéro d'identification de votre structure au répertoire Sirene de l'INSEE.",
        max_length=20,
        error_messages=required_error("le SIREN de votre structure"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    accept_terms = forms.BooleanField(
        label="J'accepte les conditions générales d'utilisation de pass Culture Pro",
        error_messages={"required": "Vous devez accepter les conditions générales d'utilisation pour continuer."},
    )

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean_siren(self):
        siren = compact(self.cleaned_data["siren"])
        if not is_valid_siren(siren):
            raise ValidationError(offerer_errors.InvalidSiren.message, code="siren_invalid")
        return siren
