"""Venues: SIRET, address, type and accessibility."""

from django import forms
from django.core.exceptions import ValidationError

from passculture.core.identifiers import compact, is_valid_siret
from passculture.offerers import errors as offerer_errors
from passculture.offerers import rules
from passculture.offerers.models import NO_SIRET_COMMENT_MAX_LENGTH, VenueType
from passculture.web.forms import Form, required_error
from passculture.web.services import add_domain_error


class VenueForm(Form):
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
        max_length=NO_SIRET_COMMENT_MAX_LENGTH,
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
        error_messages=required_error("le type de lieu"),
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

    def clean(self):
        """Report every error of the form at once: a venue without SIRET also needs its comment and its address
        (docs/domain/offerers.md#venues), checked here beside the fields' own errors."""
        cleaned = super().clean()
        has_siret = bool(cleaned.get("siret")) or "siret" in self.errors  # a SIRET typed wrong is still meant
        if not has_siret:
            raw_postal_code = cleaned.get("postal_code") or self.data.get(self.add_prefix("postal_code"), "")
            for error in rules.venue_without_siret_errors(
                no_siret_comment=cleaned.get("no_siret_comment") or "",
                street=cleaned.get("street") or "",
                postal_code=raw_postal_code or "",
                city=cleaned.get("city") or "",
            ):
                add_domain_error(self, error)
        return cleaned

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("siret", None)
        data["booking_email"] = data.get("booking_email") or ""
        return data
