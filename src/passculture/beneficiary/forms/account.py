"""Young people's sign-up form. Input shape and French messages; the rules live in the services."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from passculture.accounts.validators import normalize_phone
from passculture.web.forms import Form, NewPasswordMixin, phone_field, required_error

POSTAL_CODE = re.compile(r"^[0-9]{5}$")  # ASCII digits only (\d would accept "９９９９９")
OLDEST_BIRTH_YEAR = 1900


class SignupForm(NewPasswordMixin, Form):
    email = forms.EmailField(
        label="Adresse email",
        max_length=254,
        error_messages={
            **required_error("votre adresse email"),
            "invalid": "Adresse email invalide (ex. prenom.nom@exemple.fr).",
            "max_length": "Adresse email trop longue (254 caractères au plus).",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        max_length=128,
        error_messages={
            **required_error("un mot de passe"),
            "max_length": "Mot de passe trop long (128 caractères au plus).",
        },
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirmation = forms.CharField(
        label="Confirmez le mot de passe",
        strip=False,
        max_length=128,
        error_messages={
            **required_error("la confirmation du mot de passe"),
            "max_length": "Mot de passe trop long (128 caractères au plus).",
        },
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    first_name = forms.CharField(
        label="Prénom",
        max_length=128,
        error_messages={**required_error("votre prénom"), "max_length": "Prénom trop long (128 caractères au plus)."},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Nom",
        max_length=128,
        error_messages={**required_error("votre nom"), "max_length": "Nom trop long (128 caractères au plus)."},
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    birth_date = forms.DateField(
        label="Date de naissance",
        help_text="Format : jj/mm/aaaa. Le pass Culture est ouvert aux jeunes de 18 ans.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            **required_error("votre date de naissance"),
            "invalid": "Date de naissance invalide : saisissez-la au format jj/mm/aaaa (ex. 14/07/2007).",
        },
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
    )
    postal_code = forms.CharField(
        label="Code postal",
        max_length=10,
        error_messages={
            **required_error("votre code postal"),
            "max_length": "Code postal invalide : 5 chiffres (ex. 69001).",
        },
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    city = forms.CharField(
        label="Ville",
        max_length=100,
        error_messages={
            **required_error("votre ville"),
            "max_length": "Nom de ville trop long (100 caractères au plus).",
        },
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    phone = phone_field()
    accept_terms = forms.BooleanField(
        label="J'accepte les conditions générales d'utilisation du pass Culture",
        error_messages={"required": "Vous devez accepter les conditions générales d'utilisation pour continuer."},
    )

    def clean_first_name(self) -> str:
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_last_name(self) -> str:
        return " ".join(self.cleaned_data["last_name"].split())

    def clean_city(self) -> str:
        return " ".join(self.cleaned_data["city"].split())

    def clean_birth_date(self) -> datetime.date:
        birth_date = self.cleaned_data["birth_date"]
        if birth_date > timezone.localdate():
            raise ValidationError("Votre date de naissance ne peut pas être dans le futur.", code="future")
        if birth_date.year < OLDEST_BIRTH_YEAR:
            raise ValidationError("Date de naissance invalide : vérifiez l'année.", code="too_old")
        return birth_date

    def clean_postal_code(self) -> str:
        postal_code = self.cleaned_data["postal_code"].replace(" ", "")
        if not POSTAL_CODE.match(postal_code):
            raise ValidationError("Code postal invalide : 5 chiffres (ex. 69001).", code="invalid_postal_code")
        return postal_code

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])
