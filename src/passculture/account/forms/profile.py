"""The user's own details (the "Mon profil" page)."""

from django import forms

from passculture.accounts.validators import normalize_phone
from passculture.web.forms import Form, phone_field, required_error


class ProfileForm(Form):
    first_name = forms.CharField(label="Prénom", max_length=128, error_messages=required_error("votre prénom"))
    last_name = forms.CharField(label="Nom", max_length=128, error_messages=required_error("votre nom"))
    phone = phone_field("Téléphone")
    email = forms.EmailField(
        label="Adresse email",
        help_text="Si vous la modifiez, un lien de vérification est envoyé à la nouvelle adresse.",
        error_messages={**required_error("votre adresse email"), "invalid": "Adresse email invalide."},
    )

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])
