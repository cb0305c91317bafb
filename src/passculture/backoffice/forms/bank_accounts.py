"""The review of bank details: the queue's filters and the staff's decisions."""

from django import forms

from passculture.finance.models import BankAccountStatus
from passculture.web.forms import PlainForm


class BankAccountFilterForm(PlainForm):
    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[("", "À examiner (brouillons et en cours)"), ("*", "Tous les statuts"), *BankAccountStatus.choices],
    )
    q = forms.CharField(label="SIREN, SIRET, structure, intitulé ou n° de dossier DS", required=False, max_length=100)


class AcceptBankAccountForm(PlainForm):
    comment = forms.CharField(
        label="Commentaire interne (facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


def _reason_form(label: str, help_text: str, required: str) -> type[forms.Form]:
    """A decision that needs a text: what the structure is told (or why the dossier is closed)."""
    field = forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": required},
    )
    return type("ReasonForm", (forms.Form,), {"comment": field})


SENT = "Ce texte est envoyé par email aux membres de la structure."
CorrectionsBankAccountForm = _reason_form(
    "Corrections demandées", SENT, "Indiquez les corrections attendues : elles sont envoyées à la structure."
)
RefuseBankAccountForm = _reason_form(
    "Motif du refus", SENT, "Indiquez le motif du refus : il est envoyé à la structure."
)
CloseBankAccountForm = _reason_form(
    "Motif du classement sans suite",
    "Rien n'est envoyé à la structure (dossier abandonné, doublon…).",
    "Indiquez le motif du classement sans suite.",
)
