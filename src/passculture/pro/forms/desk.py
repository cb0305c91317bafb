"""The Guichet: the countermark the beneficiary shows."""

from django import forms

from passculture.bookings import rules
from passculture.web.forms import Form


class CountermarkForm(Form):
    token = forms.CharField(
        label="Contremarque",
        help_text="Les 6 caractères présentés par le bénéficiaire, en majuscules ou minuscules (espaces ignorés).",
        max_length=20,
        error_messages={
            "required": "Saisissez la contremarque présentée par le bénéficiaire.",
            "max_length": "Une contremarque compte 6 caractères.",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "autofocus": ""}
        ),
    )

    def clean_token(self) -> str:
        token = rules.normalize_token(self.cleaned_data["token"])
        if not token:
            raise forms.ValidationError(self.fields["token"].error_messages["required"])
        if len(token) != rules.TOKEN_LENGTH:
            raise forms.ValidationError(
                f"Une contremarque compte {rules.TOKEN_LENGTH} caractères ; vous en avez saisi {len(token)} "
                f"({token}). Vérifiez-la sur l'écran ou le billet du bénéficiaire."
            )
        if not rules.is_well_formed_token(token):
            raise forms.ValidationError(
                "Une contremarque ne contient que des lettres (sans I ni O) et les chiffres de 2 à 7 : "
                "vérifiez-la sur l'écran ou le billet du bénéficiaire."
            )
        return token
