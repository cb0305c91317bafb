"""Payment batches (docs/domain/finance.md#batches): the cut-off of a batch staff run."""

from django import forms

from passculture.core.dates import paris_today
from passculture.finance import rules
from passculture.web.forms import PlainForm


class PaymentBatchForm(PlainForm):
    cutoff = forms.DateField(
        label="Fin de la quinzaine",
        help_text="Le 15 ou le dernier jour du mois, déjà passé.",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Indiquez la fin de la quinzaine.", "invalid": "Saisissez une date valide."},
    )

    def clean_cutoff(self):
        cutoff = self.cleaned_data["cutoff"]
        if not rules.is_cutoff(cutoff):
            raise forms.ValidationError("Une quinzaine se termine le 15 ou le dernier jour du mois.")
        if cutoff >= paris_today():
            raise forms.ValidationError("Cette quinzaine n'est pas encore terminée.")
        return cutoff
