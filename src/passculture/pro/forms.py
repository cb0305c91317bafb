"""Forms of the pro portal: input shape and French messages; the rules themselves live in the services."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from passculture.accounts.validators import normalize_phone
from passculture.core.identifiers import compact, is_valid_siren, is_valid_siret
from passculture.offerers import errors as offerer_errors
from passculture.offerers.models import VenueType
from passculture.web.forms import PasswordPolicyWidget

REQUIRED = "Ce champ est obligatoire."


def _required(label: str) -> dict:
    return {"required": f"Veuillez renseigner {label}."}


class SignupForm(DsfrBaseForm):
    email = forms.EmailField(
        label="Adresse email professionnelle",
        max_length=254,
        error_messages={
            **_required("votre adresse email"),
            "invalid": "Adresse email invalide (ex. nom@structure.fr).",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        error_messages=_required("un mot de passe"),
        widget=PasswordPolicyWidget(),
    )
    password_confirmation = forms.CharField(
        label="Confirmez le mot de passe",
        strip=False,
        error_messages=_required("la confirmation du mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    first_name = forms.CharField(label="Prénom", max_length=128, error_messages=_required("votre prénom"))
    last_name = forms.CharField(label="Nom", max_length=128, error_messages=_required("votre nom"))
    structure_name = forms.CharField(
        label="Nom de la structure", max_length=140, error_messages=_required("le nom de votre structure")
    )
    phone = forms.CharField(
        label="Numéro de téléphone",
        help_text="Format : 06 12 34 56 78 ou +33 6 12 34 56 78",
        max_length=25,
        error_messages=_required("votre numéro de téléphone"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    siren = forms.CharField(
        label="Numéro de SIREN",
        help_text="9 chiffres : le numéro d'identification de votre structure au répertoire Sirene de l'INSEE.",
        max_length=20,
        error_messages=_required("le SIREN de votre structure"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    accept_terms = forms.BooleanField(
        label="J'accepte les conditions générales d'utilisation de pass Culture Pro",
        error_messages={"required": "Vous devez accepter les conditions générales d'utilisation pour continuer."},
    )

    def __init__(self, *args, policy_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget = PasswordPolicyWidget(policy_url, self.fields["password"].widget.attrs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean_siren(self):
        siren = compact(self.cleaned_data["siren"])
        if not is_valid_siren(siren):
            raise ValidationError(offerer_errors.InvalidSiren.message, code="siren_invalid")
        return siren

    def clean(self):
        cleaned = super().clean()
        password, confirmation = cleaned.get("password"), cleaned.get("password_confirmation")
        if password and confirmation and password != confirmation:
            self.add_error("password_confirmation", "Les deux mots de passe ne sont pas identiques.")
        return cleaned


class InvitationForm(DsfrBaseForm):
    email = forms.EmailField(
        label="Adresse email du collaborateur",
        error_messages={**_required("l'adresse email à inviter"), "invalid": "Adresse email invalide."},
    )


class VenueForm(DsfrBaseForm):
    siret = forms.CharField(
        label="SIRET du lieu",
        required=False,
        max_length=20,
        help_text="14 chiffres, commençant par le SIREN de la structure. Il ne pourra plus être modifié.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    no_siret_comment = forms.CharField(
        label="Commentaire (lieu sans SIRET)",
        required=False,
        help_text="Obligatoire si le lieu n'a pas de SIRET : expliquez pourquoi.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    name = forms.CharField(
        label="Raison sociale du lieu",
        max_length=140,
        required=False,
        help_text="Reprise du répertoire Sirene si vous laissez ce champ vide et indiquez un SIRET.",
    )
    public_name = forms.CharField(label="Nom public (affiché aux jeunes)", max_length=255, required=False)
    venue_type = forms.ChoiceField(
        label="Type de lieu",
        choices=[("", "Sélectionnez un type de lieu")] + [c for c in VenueType.choices if c[0] != VenueType.DIGITAL],
        error_messages=_required("le type de lieu"),
    )
    street = forms.CharField(label="Adresse", max_length=200, required=False)
    postal_code = forms.CharField(label="Code postal", max_length=5, required=False)
    city = forms.CharField(label="Ville", max_length=100, required=False)
    latitude = forms.DecimalField(
        label="Latitude",
        required=False,
        min_value=-90,
        max_value=90,
        decimal_places=5,
        help_text="Calculée depuis l'adresse si vide.",
        error_messages={
            "invalid": "Latitude invalide (ex. 48.86942).",
            "min_value": "La latitude est comprise entre -90 et 90.",
            "max_value": "La latitude est comprise entre -90 et 90.",
            "max_decimal_places": "5 décimales au maximum.",
        },
    )
    longitude = forms.DecimalField(
        label="Longitude",
        required=False,
        min_value=-180,
        max_value=180,
        decimal_places=5,
        help_text="Calculée depuis l'adresse si vide.",
        error_messages={
            "invalid": "Longitude invalide (ex. 2.33152).",
            "min_value": "La longitude est comprise entre -180 et 180.",
            "max_value": "La longitude est comprise entre -180 et 180.",
            "max_decimal_places": "5 décimales au maximum.",
        },
    )
    booking_email = forms.EmailField(
        label="Email de notification des réservations",
        required=False,
        help_text="Reçoit un email à chaque réservation et annulation. Par défaut : votre adresse.",
        error_messages={"invalid": "Adresse email invalide."},
    )
    audio_disability_compliant = forms.BooleanField(label="Handicap auditif", required=False)
    mental_disability_compliant = forms.BooleanField(label="Handicap psychique ou cognitif", required=False)
    motor_disability_compliant = forms.BooleanField(label="Handicap moteur", required=False)
    visual_disability_compliant = forms.BooleanField(label="Handicap visuel", required=False)

    def __init__(self, *args, siret_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if siret_locked:
            self.fields["siret"].disabled = True
            # The bound field was already built by DsfrBaseForm: update both.
            locked = "Le SIRET d'un lieu ne peut plus être modifié une fois enregistré."
            self.fields["siret"].help_text = self["siret"].help_text = locked

    def clean_siret(self):
        siret = compact(self.cleaned_data.get("siret") or "")
        if siret and not is_valid_siret(siret):
            raise ValidationError(offerer_errors.InvalidSiret.message, code="siret_invalid")
        return siret or None

    def clean_postal_code(self):
        postal_code = compact(self.cleaned_data.get("postal_code") or "")
        if postal_code and not (len(postal_code) == 5 and postal_code.isdigit()):
            raise ValidationError(offerer_errors.InvalidPostalCode.message, code="postal_code_invalid")
        return postal_code

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("siret", None)
        data["booking_email"] = data.get("booking_email") or ""
        return data
