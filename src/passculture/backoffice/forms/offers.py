"""The offer review: the queue's filter and the refusal."""

from django import forms

from passculture.offers.categories import category_choices
from passculture.web.forms import PlainForm, SearchTextField


class OfferQueueFilterForm(PlainForm):
    categorie = forms.ChoiceField(
        label="Catégorie du type d'offre",
        required=False,
        choices=[("", "Toutes les catégories"), *category_choices(for_pro=False)],
    )
    structure = SearchTextField(label="Structure", help_text="Tout ou partie du nom.", required=False, max_length=140)


class RejectOfferForm(PlainForm):
    reason = forms.CharField(
        label="Motif du refus",
        help_text="Ce motif est envoyé par email à la structure.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif du refus : il est envoyé à la structure."},
    )
