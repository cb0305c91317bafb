"""The structures' validation forms: the queue's filter and the decisions."""

from django import forms

from passculture.offerers.models import OffererStatus
from passculture.web.forms import PlainForm


class QueueFilterForm(PlainForm):
    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[
            ("", "Toutes les demandes"),
            (OffererStatus.NEW, "Nouvelles"),
            (OffererStatus.PENDING, "En attente d'informations"),
        ],
    )


class ValidateOffererForm(PlainForm):
    comment = forms.CharField(
        label="Commentaire interne (facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class HoldOffererForm(PlainForm):
    comment = forms.CharField(
        label="Informations demandées à la structure",
        help_text="Ce commentaire est envoyé par email aux membres de la structure.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez ce que la structure doit fournir : il lui est envoyé."},
    )


class RejectOffererForm(PlainForm):
    comment = forms.CharField(
        label="Motif du rejet",
        help_text="Ce motif est envoyé par email aux membres de la structure.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif du rejet : il est envoyé à la structure."},
    )


class CloseOffererForm(PlainForm):
    comment = forms.CharField(
        label="Motif de la fermeture",
        help_text="Une structure fermée ne peut plus être utilisée sur pass Culture Pro.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif de la fermeture."},
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
