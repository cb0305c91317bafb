"""The pricing point of a venue without a SIRET (docs/domain/finance.md#pricing-points)."""

from django import forms

from passculture.web.forms import Form, required_error


class PricingPointForm(Form):
    pricing_point = forms.TypedChoiceField(
        label="Point de valorisation",
        help_text="Sélectionnez un lieu pour le calcul du barème de remboursement : un lieu avec un SIRET de la "
        "structure, dont le chiffre d'affaires de l'année compte aussi les réservations de ce lieu.",
        coerce=int,
        error_messages=required_error("le point de valorisation"),
    )
    confirm = forms.BooleanField(
        label="J'ai compris que ce choix est définitif (pour le changer, il faudra contacter le support).",
        error_messages={"required": "Cochez cette case pour confirmer votre choix."},
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pricing_point"].choices = [("", "Sélectionnez un lieu")] + [
            (venue.pk, f"{venue.display_name} (SIRET {venue.siret})") for venue in candidates
        ]
