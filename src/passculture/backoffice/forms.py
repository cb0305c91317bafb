from django import forms

from passculture.offerers.models import OffererStatus


class QueueFilterForm(forms.Form):
    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[
            ("", "Toutes les demandes"),
            (OffererStatus.NEW, "Nouvelles"),
            (OffererStatus.PENDING, "En attente d'informations"),
        ],
    )


class ValidateOffererForm(forms.Form):
    comment = forms.CharField(
        label="Commentaire interne (facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class HoldOffererForm(forms.Form):
    comment = forms.CharField(
        label="Informations demandées à la structure",
        help_text="Ce commentaire est envoyé par email aux membres de la structure.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez ce que la structure doit fournir : il lui est envoyé."},
    )


class RejectOffererForm(forms.Form):
    comment = forms.CharField(
        label="Motif du rejet",
        help_text="Ce motif est envoyé par email aux membres de la structure.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif du rejet : il est envoyé à la structure."},
    )


class CloseOffererForm(forms.Form):
    comment = forms.CharField(
        label="Motif de la fermeture",
        help_text="Une structure fermée ne peut plus être utilisée sur pass Culture Pro.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif de la fermeture."},
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Rechercher une structure ou un utilisateur",
        help_text="Nom, ville, SIREN ou SIRET d'une structure ; nom, email ou téléphone d'un utilisateur.",
        required=False,
        max_length=200,
    )


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label="Action",
        help_text="Début du code de l'action, par exemple « offerer.validated » ou « offerer. ».",
        required=False,
        max_length=100,
    )
    acteur = forms.CharField(
        label="Email de l'auteur", help_text="Tout ou partie de l'adresse.", required=False, max_length=254
    )
