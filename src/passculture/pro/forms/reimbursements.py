from django import forms

from passculture.web.forms import PlainForm


class ReimbursementFilterForm(PlainForm):
    """The filters of "Suivi des remboursements": a period of justificatif dates and a bank account."""

    since = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    account = forms.TypedChoiceField(label="Compte bancaire", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, accounts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = [("", "Tous les comptes")] + [(a.pk, a.label) for a in accounts]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "La date de fin doit suivre la date de début.")
        return data
