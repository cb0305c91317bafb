"""The members of a structure."""

from django import forms

from passculture.web.forms import Form, required_error


class InvitationForm(Form):
    email = forms.EmailField(
        label="Adresse email du collaborateur",
        error_messages={**required_error("l'adresse email à inviter"), "invalid": "Adresse email invalide."},
    )
