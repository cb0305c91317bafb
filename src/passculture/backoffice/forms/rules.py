"""The offer review rules: one form per kind of rule, ``RULE_FORMS`` by kind."""

from django import forms

from passculture.core.money import euros_to_cents
from passculture.offers.categories import grouped_subcategory_choices
from passculture.offers.models import ValidationRuleKind
from passculture.web.forms import PlainForm


class OfferRuleForm(PlainForm):
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
