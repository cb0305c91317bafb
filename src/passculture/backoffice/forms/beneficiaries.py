"""The young people's review: the refusal of a profile."""

from django import forms

from passculture.web.forms import PlainForm


class RefuseBeneficiaryForm(PlainForm):
    reason = forms.CharField(
        label="Motif du refus",
        help_text="Conservé sur le profil et dans le journal d'audit.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif du refus."},
    )
