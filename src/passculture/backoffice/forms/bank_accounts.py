"""The review of bank details: the queue's filters and the staff's decisions."""

from django import forms

from passculture.finance.models import BankAccountStatus


class BankAccountFilterForm(forms.Form):
    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[("", "À examiner (brouillons et en cours)"), ("*", "Tous les statuts"), *BankAccountStatus.choices],
    )
    q = forms.CharField(label="SIREN, SIRET, structure, intitulé ou n° de dossier DS", required=False, max_length=100)


class AcceptBankAccountForm(forms.Form):
    comment = forms.CharField(
        label="Commentaire interne (facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class CorrectionsBankAccountForm(forms.Form):
    comment = forms.CharField(
        label="Corrections demandées",
        help_text="Ce texte est envoyé par email aux membres de la structure.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez les corrections attendues : elles sont envoyées à la structure."},
    )


class RefuseBankAccountForm(forms.Form):
    comment = forms.CharField(
        label="Motif du refus",
        help_text="Ce motif est envoyé par email aux membres de la structure.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif du refus : il est envoyé à la structure."},
    )


class CloseBankAccountForm(forms.Form):
    comment = forms.CharField(
        label="Motif du classement sans suite",
        help_text="Rien n'est envoyé à la structure (dossier abandonné, doublon…).",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif du classement sans suite."},
    )
