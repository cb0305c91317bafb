"""The audit log's filter."""

from django import forms


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
