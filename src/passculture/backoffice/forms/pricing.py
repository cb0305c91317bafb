"""The rules of the reimbursement scale (docs/domain/finance.md#scale): a new rule, the end of one."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django import forms

from passculture.core.dates import PARIS
from passculture.core.money import euros_to_cents
from passculture.finance.models import PricingRuleGroup
from passculture.offers.categories import SUBCATEGORIES
from passculture.web.forms import PlainForm

RATE_HELP = "En pourcentage, par exemple 95 ou 92,5."
DATE_ERRORS = {"invalid": "Saisissez une date au format jj/mm/aaaa."}


def _paris_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=ZoneInfo(PARIS))


def _euros_field(label: str, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, decimal_places=2, localize=True, help_text=help_text
    )


class PricingRuleForm(PlainForm):
    group = forms.ChoiceField(label="Barème", choices=PricingRuleGroup.choices)
    label = forms.CharField(label="Libellé", max_length=140, error_messages={"required": "Indiquez un libellé."})
    offer = forms.IntegerField(label="N° de l'offre (règle dérogatoire)", required=False, min_value=1)
    venue = forms.IntegerField(label="N° du lieu (règle dérogatoire)", required=False, min_value=1)
    offerer = forms.IntegerField(label="N° de la structure (règle dérogatoire)", required=False, min_value=1)
    subcategories = forms.MultipleChoiceField(
        label="Types d'offre concernés (règle dérogatoire ; aucun : tous)",
        required=False,
        choices=sorted(((s.id, s.label) for s in SUBCATEGORIES), key=lambda choice: choice[1]),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    revenue_above = _euros_field(
        "Chiffre d'affaires de l'année au-delà de (€)", "Tranche du barème : vide pour partir du premier euro."
    )
    revenue_up_to = _euros_field("Chiffre d'affaires de l'année jusqu'à (€, inclus)", "Vide : sans plafond.")
    rate = forms.DecimalField(
        label="Taux (%)", required=False, min_value=0, max_value=100, decimal_places=2, localize=True,
        help_text=RATE_HELP,
    )  # fmt: skip
    amount_per_place = _euros_field("Ou montant remboursé par place (€, règle dérogatoire)")
    valid_from = forms.DateField(label="Valable à partir du", error_messages={**DATE_ERRORS, "required": "Indiquez "
                                 "la date de début."}, help_text="À minuit, heure de Paris.")  # fmt: skip
    valid_until = forms.DateField(
        label="Valable jusqu'au (exclu)", required=False, error_messages=DATE_ERRORS, help_text="Vide : sans fin."
    )

    def service_data(self) -> dict:
        data = self.cleaned_data
        cents = lambda value: None if value is None else euros_to_cents(value)  # noqa: E731
        return {
            "group": data["group"],
            "label": data["label"],
            "offer_id": data["offer"],
            "venue_id": data["venue"],
            "offerer_id": data["offerer"],
            "subcategories": ",".join(data["subcategories"]),
            "revenue_above": cents(data["revenue_above"]),
            "revenue_up_to": cents(data["revenue_up_to"]),
            "rate_bp": None if data["rate"] is None else int(data["rate"] * Decimal(100)),
            "amount_per_place": cents(data["amount_per_place"]),
            "valid_from": _paris_midnight(data["valid_from"]),
            "valid_until": _paris_midnight(data["valid_until"]) if data["valid_until"] else None,
        }


class PricingRuleEndForm(PlainForm):
    valid_until = forms.DateField(
        label="Fin de validité (exclue)",
        help_text="Les réservations validées à partir de ce jour (minuit, heure de Paris) ne suivent plus cette règle.",
        error_messages={**DATE_ERRORS, "required": "Indiquez la date de fin."},
    )

    def end(self) -> datetime.datetime:
        return _paris_midnight(self.cleaned_data["valid_until"])
