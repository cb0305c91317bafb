"""The members of a structure."""

from django import forms
from dsfr.forms import DsfrBaseForm

from passculture.web.forms import required_error


class InvitationForm(DsfrBaseForm):
    email = forms.EmailField(
        label="Adresse email du collaborateur",
        error_messages={**required_error("l'adresse email à inviter"), "invalid": "Adresse email invalide."},
    )
