"""Young people's forms: sign-up, login, booking. Input shape and French messages; the rules live in the services."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from passculture.accounts.validators import normalize_phone
from passculture.web.forms import NewPasswordMixin

POSTAL_CODE = re.compile(r"^[0-9]{5}$")  # ASCII digits only (\d would accept "９９９９９")
OLDEST_BIRTH_YEAR = 1900
MAX_ID = 2**31 - 1  # beyond an integer column: no such row, and never a database error


def _required(label: str) -> dict:
    return {"required": f"Veuillez renseigner {label}."}


class SignupForm(NewPasswordMixin, DsfrBaseForm):
    email = forms.EmailField(
        label="Adresse email",
        max_length=254,
        error_messages={
            **_required("votre adresse email"),
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
            **_required("un mot de passe"),
            "max_length": "Mot de passe trop long (128 caractères au plus).",
        },
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirmation = forms.CharField(
        label="Confirmez le mot de passe",
        strip=False,
        max_length=128,
        error_messages={
            **_required("la confirmation du mot de passe"),
            "max_length": "Mot de passe trop long (128 caractères au plus).",
        },
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    first_name = forms.CharField(
        label="Prénom",
        max_length=128,
        error_messages={**_required("votre prénom"), "max_length": "Prénom trop long (128 caractères au plus)."},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Nom",
        max_length=128,
        error_messages={**_required("votre nom"), "max_length": "Nom trop long (128 caractères au plus)."},
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    birth_date = forms.DateField(
        label="Date de naissance",
        help_text="Format : jj/mm/aaaa. Le pass Culture est ouvert aux jeunes de 18 ans.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            **_required("votre date de naissance"),
            "invalid": "Date de naissance invalide : saisissez-la au format jj/mm/aaaa (ex. 14/07/2007).",
        },
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
    )
    postal_code = forms.CharField(
        label="Code postal",
        max_length=10,
        error_messages={
            **_required("votre code postal"),
            "max_length": "Code postal invalide : 5 chiffres (ex. 69001).",
        },
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    city = forms.CharField(
        label="Ville",
        max_length=100,
        error_messages={**_required("votre ville"), "max_length": "Nom de ville trop long (100 caractères au plus)."},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    phone = forms.CharField(
        label="Numéro de téléphone",
        help_text="Format : 06 12 34 56 78 ou +33 6 12 34 56 78",
        max_length=25,
        error_messages={
            **_required("votre numéro de téléphone"),
            "max_length": "Numéro de téléphone trop long (25 caractères au plus).",
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
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


class BookingForm(forms.Form):
    """The booking form of the offer page: which date (stock) and how many places (2 on a Duo offer)."""

    stock = forms.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "required": "Choisissez une date ou un prix dans la liste.",
            "invalid": "Choisissez une date ou un prix dans la liste.",
            "min_value": "Choisissez une date ou un prix dans la liste.",
            "max_value": "Choisissez une date ou un prix dans la liste.",
        },
    )
    quantity = forms.TypedChoiceField(
        choices=[(1, "1"), (2, "2")],
        coerce=int,
        required=False,
        empty_value=1,
        error_messages={"invalid_choice": "Vous pouvez réserver 1 place, ou 2 places pour une offre Duo."},
    )
