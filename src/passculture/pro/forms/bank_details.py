"""Bank details: the embedded application (label, IBAN, BIC, the two documents, the venues it pays), its
correction, and the choice of the venues an account pays."""

from django import forms

from passculture.finance.rules import MAX_DOCUMENT_MB
from passculture.web.forms import Form

DOCUMENT_HELP = f"PDF, PNG ou JPEG, {MAX_DOCUMENT_MB} Mo au maximum."
UPLOAD_ATTRS = {"class": "fr-upload", "accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}


class BankAccountForm(Form):
    label = forms.CharField(
        label="Intitulé du compte bancaire",
        help_text="Pour le reconnaître, par exemple « Compte courant » ou le nom du lieu qu'il rembourse.",
        max_length=100,
        error_messages={"required": "Indiquez l'intitulé du compte bancaire."},
    )
    iban = forms.CharField(
        label="IBAN",
        help_text="27 caractères pour un compte en France, par exemple FR76 3000 6000 0112 3456 7890 189.",
        max_length=42,
        error_messages={"required": "Indiquez l'IBAN."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    bic = forms.CharField(
        label="BIC",
        help_text="8 ou 11 caractères, par exemple BNPAFRPP.",
        max_length=14,
        error_messages={"required": "Indiquez le BIC."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    identity = forms.FileField(
        label="Justificatif de l'identité de la structure",
        help_text="Extrait Kbis de moins de 6 mois pour une société, procès-verbal de la dernière assemblée générale "
        "pour une association… " + DOCUMENT_HELP,
        error_messages={"required": "Joignez le justificatif de l'identité de la structure."},
        widget=forms.FileInput(attrs=UPLOAD_ATTRS),
    )
    rib = forms.FileField(
        label="RIB",
        help_text="Le relevé d'identité bancaire du compte, au nom de la structure. " + DOCUMENT_HELP,
        error_messages={"required": "Joignez le RIB."},
        widget=forms.FileInput(attrs=UPLOAD_ATTRS),
    )
    venues = forms.MultipleChoiceField(
        label="Lieux remboursés sur ce compte",
        help_text="Un seul compte pour toute la structure, ou un RIB par lieu si nécessaire : vous pourrez changer "
        "ce choix à tout moment.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, venues=(), documents_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venues"].choices = [(str(venue.pk), venue.display_name) for venue in venues]
        if not venues:
            del self.fields["venues"]
        if not documents_required:
            for name in ("identity", "rib"):
                self.fields[name].required = False
                self.fields[name].help_text = "Ne joignez que les pièces à remplacer. " + DOCUMENT_HELP


class LinkVenuesForm(Form):
    venues = forms.MultipleChoiceField(
        label="Lieux remboursés sur ce compte",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un lieu."},
    )

    def __init__(self, *args, venues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venues"].choices = [(str(venue.pk), venue.display_name) for venue in venues]
