"""The form of "Synchroniser des offres" on a venue: the provider, the venue's id there, Allociné's parameters."""

from django import forms

from passculture.pro.forms.offers.fields import required_message
from passculture.pro.forms.offers.stocks import parse_price, parse_quantity
from passculture.web.forms import Form


class ProviderLinkForm(Form):
    provider = forms.TypedChoiceField(
        label="Fournisseur", coerce=int, error_messages=required_message("Choisissez un fournisseur.")
    )
    venue_id_at_provider = forms.CharField(
        label="Identifiant du lieu chez le fournisseur",
        max_length=64,
        help_text="Pour Allociné : l'identifiant du cinéma (ex. C0042). Pour un logiciel de stock : le SIRET du lieu.",
        error_messages=required_message("Indiquez l'identifiant du lieu chez le fournisseur."),
    )
    price = forms.CharField(
        label="Prix des séances (en euros, Allociné)",
        max_length=20,
        required=False,
        help_text="Ex. 5,00 — appliqué à chaque séance importée.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    quantity = forms.CharField(
        label="Nombre de places par séance (Allociné)",
        max_length=20,
        required=False,
        help_text="Laissez vide pour un nombre illimité.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "Illimité"}),
    )
    is_duo = forms.BooleanField(
        label="Accepter les réservations Duo (Allociné)", required=False, initial=True,
        help_text="Le jeune peut réserver deux places, pour venir accompagné.",
    )  # fmt: skip

    def __init__(self, *args, providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.providers = {provider.pk: provider for provider in providers}
        self.fields["provider"].choices = [("", "Sélectionnez un fournisseur")] + [
            (provider.pk, provider.name) for provider in providers
        ]

    def clean_price(self) -> int | None:
        text = self.cleaned_data["price"]
        return parse_price(text) if text.strip() else None

    def clean_quantity(self) -> int | None:
        return parse_quantity(self.cleaned_data["quantity"])

    @property
    def chosen_provider(self):
        return self.providers[self.cleaned_data["provider"]]


class ProviderParametersForm(Form):
    """Allociné's parameters of an existing link."""

    price = ProviderLinkForm.base_fields["price"]
    quantity = ProviderLinkForm.base_fields["quantity"]
    is_duo = ProviderLinkForm.base_fields["is_duo"]

    clean_price = ProviderLinkForm.clean_price
    clean_quantity = ProviderLinkForm.clean_quantity
