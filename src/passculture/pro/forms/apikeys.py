"""A structure's API keys: the name of a new key."""

from django import forms

from passculture.web.forms import Form


class ApiKeyForm(Form):
    label = forms.CharField(
        label="Nom de la clé",
        help_text="Pour la reconnaître dans la liste, par exemple le nom de votre logiciel de billetterie.",
        max_length=100,
        error_messages={"required": "Donnez un nom à la clé.", "max_length": "100 caractères au maximum."},
    )
