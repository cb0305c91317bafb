"""A new value of a business parameter."""

import datetime
import json

from django import forms

from passculture.core.money import euros_to_cents
from passculture.web.forms import PlainForm


class ParameterValueForm(PlainForm):
    """A new value of a versioned parameter, in force from today or a later date (the past is never rewritten)."""

    value = forms.CharField(
        label="Nouvelle valeur", max_length=2000, error_messages={"required": "Indiquez la nouvelle valeur."}
    )
    valid_from = forms.DateField(
        label="En vigueur à partir du",
        help_text="Format jj/mm/aaaa ; laissez vide pour une entrée en vigueur immédiate.",
        required=False,
        error_messages={"invalid": "Saisissez une date au format jj/mm/aaaa."},
    )
    comment = forms.CharField(
        label="Motif du changement (facultatif)",
        help_text="Conservé dans le journal d'audit.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )

    def __init__(self, *args, key: str, current, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.key, self.current, self.today = key, current, today
        if self.is_amount:
            self.fields["value"].label = "Nouveau montant (en euros)"
            self.fields["value"].help_text = "Exemple : 300 ou 49,90."
        else:
            self.fields[
                "value"
            ].help_text = 'Au format JSON, du même type que la valeur actuelle : 12, "texte", [1, 2]…'

    @property
    def is_amount(self) -> bool:
        return self.key.endswith("_cents")

    def clean_value(self):
        raw = self.cleaned_data["value"]
        if self.is_amount:
            try:
                cents = euros_to_cents(raw)
            except ValueError:
                raise forms.ValidationError("Saisissez un montant en euros, par exemple 300 ou 49,90.") from None
            if cents < 0:
                raise forms.ValidationError("Le montant doit être positif.")
            return cents
        try:
            value = json.loads(raw)
        except ValueError:
            raise forms.ValidationError(
                'Saisissez une valeur JSON : un nombre (12), un texte entre guillemets ("abc"), une liste ([1, 2])…'
            ) from None
        if self.current is not None and _json_kind(value) != _json_kind(self.current):
            raise forms.ValidationError(
                f"La valeur actuelle est {_json_kind(self.current)} : la nouvelle doit l'être aussi."
            )
        return value

    def clean_valid_from(self):
        day = self.cleaned_data["valid_from"]
        if day is not None and day < self.today:
            raise forms.ValidationError(
                "Cette date est passée : une nouvelle valeur ne s'applique qu'à partir d'aujourd'hui, "
                "pour que les décisions passées gardent la valeur qu'elles ont utilisée."
            )
        return day


def _json_kind(value) -> str:
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, int | float):
        return "un nombre"
    if isinstance(value, str):
        return "un texte"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "un objet"
    return "vide"
