import datetime
import json

from django import forms

from passculture.bookings.models import BookingStatus
from passculture.core.money import euros_to_cents
from passculture.offerers.models import OffererStatus
from passculture.offers.categories import category_choices, grouped_subcategory_choices
from passculture.offers.models import ValidationRuleKind


class QueueFilterForm(forms.Form):
    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[
            ("", "Toutes les demandes"),
            (OffererStatus.NEW, "Nouvelles"),
            (OffererStatus.PENDING, "En attente d'informations"),
        ],
    )


class ValidateOffererForm(forms.Form):
    comment = forms.CharField(
        label="Commentaire interne (facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class HoldOffererForm(forms.Form):
    comment = forms.CharField(
        label="Informations demandées à la structure",
        help_text="Ce commentaire est envoyé par email aux membres de la structure.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez ce que la structure doit fournir : il lui est envoyé."},
    )


class RejectOffererForm(forms.Form):
    comment = forms.CharField(
        label="Motif du rejet",
        help_text="Ce motif est envoyé par email aux membres de la structure.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif du rejet : il est envoyé à la structure."},
    )


class CloseOffererForm(forms.Form):
    comment = forms.CharField(
        label="Motif de la fermeture",
        help_text="Une structure fermée ne peut plus être utilisée sur pass Culture Pro.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif de la fermeture."},
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Rechercher une structure ou un utilisateur",
        help_text="Nom, ville, SIREN ou SIRET d'une structure ; nom, email ou téléphone d'un utilisateur.",
        required=False,
        max_length=200,
    )


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label="Action",
        help_text="Début du code de l'action, par exemple « offerer.validated » ou « offerer. ».",
        required=False,
        max_length=100,
    )
    acteur = forms.CharField(
        label="Email de l'auteur", help_text="Tout ou partie de l'adresse.", required=False, max_length=254
    )


# --- Offer review (queue, decisions, review rules) -------------------------------------------------------


class OfferQueueFilterForm(forms.Form):
    categorie = forms.ChoiceField(
        label="Catégorie du type d'offre",
        required=False,
        choices=[("", "Toutes les catégories"), *category_choices(for_pro=False)],
    )
    structure = forms.CharField(label="Structure", help_text="Tout ou partie du nom.", required=False, max_length=140)


class RejectOfferForm(forms.Form):
    reason = forms.CharField(
        label="Motif du refus",
        help_text="Ce motif est envoyé par email à la structure.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif du refus : il est envoyé à la structure."},
    )


class OfferRuleForm(forms.Form):
    """The fields common to every kind of review rule; each kind adds its own and builds ``parameters``."""

    kind: str = ""

    name = forms.CharField(
        label="Nom de la règle",
        help_text="Affiché dans la fiche des offres qu'elle envoie en validation.",
        max_length=140,
        error_messages={"required": "Donnez un nom à la règle."},
    )

    @classmethod
    def initial_from(cls, rule) -> dict:
        return {"name": rule.name}

    def parameters(self) -> dict:
        raise NotImplementedError


def _euros_input(cents: int) -> str:
    """``15000`` → ``"150"``, ``4990`` → ``"49,90"``: an amount as staff would type it."""
    euros, rest = divmod(int(cents), 100)
    return f"{euros},{rest:02d}" if rest else str(euros)


class PriceAboveRuleForm(OfferRuleForm):
    kind = ValidationRuleKind.PRICE_ABOVE

    amount = forms.CharField(
        label="Seuil de prix (en euros)",
        help_text="Une offre dont un prix dépasse ce montant est examinée par l'équipe. Exemple : 150 ou 49,90.",
        max_length=20,
        error_messages={"required": "Indiquez le seuil de prix en euros."},
    )

    @classmethod
    def initial_from(cls, rule) -> dict:
        return {**super().initial_from(rule), "amount": _euros_input(rule.parameters.get("cents", 0))}

    def clean_amount(self) -> int:
        try:
            cents = euros_to_cents(self.cleaned_data["amount"])
        except ValueError:
            raise forms.ValidationError("Saisissez un montant en euros, par exemple 150 ou 49,90.") from None
        if cents < 0:
            raise forms.ValidationError("Le seuil doit être un montant positif.")
        return cents

    def parameters(self) -> dict:
        return {"cents": self.cleaned_data["amount"]}


class NameKeywordRuleForm(OfferRuleForm):
    kind = ValidationRuleKind.NAME_KEYWORD

    keywords = forms.CharField(
        label="Mots-clés (un par ligne)",
        help_text="Cherchés dans le titre et la description de l'offre, sans tenir compte des majuscules.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Indiquez au moins un mot-clé."},
    )

    @classmethod
    def initial_from(cls, rule) -> dict:
        return {**super().initial_from(rule), "keywords": "\n".join(rule.parameters.get("keywords", []))}

    def clean_keywords(self) -> list[str]:
        keywords, seen = [], set()
        for line in self.cleaned_data["keywords"].splitlines():
            word = " ".join(line.split())
            if word and word.casefold() not in seen:
                seen.add(word.casefold())
                keywords.append(word)
        if not keywords:
            raise forms.ValidationError("Indiquez au moins un mot-clé.")
        return keywords

    def parameters(self) -> dict:
        return {"keywords": self.cleaned_data["keywords"]}


class NewOffererRuleForm(OfferRuleForm):
    kind = ValidationRuleKind.NEW_OFFERER

    first_offers = forms.IntegerField(
        label="Nombre de premières offres examinées",
        help_text="Les premières offres publiées par une structure sont examinées par l'équipe.",
        min_value=1,
        max_value=1000,
        error_messages={"required": "Indiquez combien de premières offres examiner."},
    )

    @classmethod
    def initial_from(cls, rule) -> dict:
        return {**super().initial_from(rule), "first_offers": rule.parameters.get("first_offers", 1)}

    def parameters(self) -> dict:
        return {"first_offers": self.cleaned_data["first_offers"]}


class SubcategoryRuleForm(OfferRuleForm):
    kind = ValidationRuleKind.SUBCATEGORY

    subcategories = forms.MultipleChoiceField(
        label="Types d'offres surveillés",
        help_text="Maintenez Ctrl (ou Cmd) pour en choisir plusieurs.",
        choices=grouped_subcategory_choices(for_pro=False),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        error_messages={"required": "Choisissez au moins un type d'offre."},
    )

    @classmethod
    def initial_from(cls, rule) -> dict:
        return {**super().initial_from(rule), "subcategories": rule.parameters.get("subcategories", [])}

    def parameters(self) -> dict:
        return {"subcategories": list(self.cleaned_data["subcategories"])}


RULE_FORMS: dict[str, type[OfferRuleForm]] = {
    form.kind: form for form in (PriceAboveRuleForm, NameKeywordRuleForm, NewOffererRuleForm, SubcategoryRuleForm)
}


# --- Business parameters ---------------------------------------------------------------------------------


class ParameterValueForm(forms.Form):
    """A new value of a versioned parameter, in force from today or a later date (the past is never rewritten)."""

    value = forms.CharField(
        label="Nouvelle valeur", max_length=2000, error_messages={"required": "Indiquez la nouvelle valeur."}
    )
    valid_from = forms.DateField(
        label="En vigueur à partir du",
        help_text="Format jj/mm/aaaa ; laissez vide pour une entrée en vigueur immédiate.",
        required=False,
        error_messages={"invalid": "Saisissez une date au format jj/mm/aaaa."},
    )
    comment = forms.CharField(
        label="Motif du changement (facultatif)",
        help_text="Conservé dans le journal d'audit.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )

    def __init__(self, *args, key: str, current, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.key, self.current, self.today = key, current, today
        if self.is_amount:
            self.fields["value"].label = "Nouveau montant (en euros)"
            self.fields["value"].help_text = "Exemple : 300 ou 49,90."
        else:
            self.fields[
                "value"
            ].help_text = 'Au format JSON, du même type que la valeur actuelle : 12, "texte", [1, 2]…'

    @property
    def is_amount(self) -> bool:
        return self.key.endswith("_cents")

    def clean_value(self):
        raw = self.cleaned_data["value"]
        if self.is_amount:
            try:
                cents = euros_to_cents(raw)
            except ValueError:
                raise forms.ValidationError("Saisissez un montant en euros, par exemple 300 ou 49,90.") from None
            if cents < 0:
                raise forms.ValidationError("Le montant doit être positif.")
            return cents
        try:
            value = json.loads(raw)
        except ValueError:
            raise forms.ValidationError(
                'Saisissez une valeur JSON : un nombre (12), un texte entre guillemets ("abc"), une liste ([1, 2])…'
            ) from None
        if self.current is not None and _json_kind(value) != _json_kind(self.current):
            raise forms.ValidationError(
                f"La valeur actuelle est {_json_kind(self.current)} : la nouvelle doit l'être aussi."
            )
        return value

    def clean_valid_from(self):
        day = self.cleaned_data["valid_from"]
        if day is not None and day < self.today:
            raise forms.ValidationError(
                "Cette date est passée : une nouvelle valeur ne s'applique qu'à partir d'aujourd'hui, "
                "pour que les décisions passées gardent la valeur qu'elles ont utilisée."
            )
        return day


def _json_kind(value) -> str:
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, int | float):
        return "un nombre"
    if isinstance(value, str):
        return "un texte"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "un objet"
    return "vide"


class BookingSearchForm(forms.Form):
    q = forms.CharField(
        label="Rechercher une réservation",
        help_text="Contremarque, email ou nom du jeune, titre de l'offre ou EAN.",
        required=False,
        max_length=200,
    )
    statut = forms.ChoiceField(
        label="Statut", required=False, choices=[("", "Tous les statuts"), *BookingStatus.choices]
    )


class CancelBookingForm(forms.Form):
    comment = forms.CharField(
        label="Motif de l'annulation",
        help_text="Ce motif est envoyé par email au jeune et à la structure.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif de l'annulation : il est envoyé au jeune et à la structure."},
    )


class RefuseBeneficiaryForm(forms.Form):
    reason = forms.CharField(
        label="Motif du refus",
        help_text="Conservé sur le profil et dans le journal d'audit.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif du refus."},
    )
