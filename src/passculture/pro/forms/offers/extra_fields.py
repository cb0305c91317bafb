"""The conditional fields of a type of offer (EAN, show type and sub-type, author, visa, duration…): one input
each, in a fixed order, the sub-type selects refreshed with htmx when the type changes."""

from collections.abc import Mapping

from django import forms
from django.urls import reverse_lazy

from passculture.offers import categories, errors
from passculture.offers.categories import ExtraField, Subcategory
from passculture.pro.forms.offers.fields import OfferForm, required_message, with_placeholder

# Display order of the conditional fields: identifiers, then types, then people, then the rest.
EXTRA_FIELDS_ORDER = [
    ExtraField.EAN,
    ExtraField.SHOW_TYPE,
    ExtraField.SHOW_SUB_TYPE,
    ExtraField.MUSIC_TYPE,
    ExtraField.MUSIC_SUB_TYPE,
    ExtraField.AUTHOR,
    ExtraField.PERFORMER,
    ExtraField.STAGE_DIRECTOR,
    ExtraField.SPEAKER,
    ExtraField.VISA,
    ExtraField.DURATION,
]
FREE_TEXT_FIELDS = {
    ExtraField.AUTHOR: 255,
    ExtraField.PERFORMER: 255,
    ExtraField.STAGE_DIRECTOR: 255,
    ExtraField.SPEAKER: 255,
}


def sub_type_field(kind: str, type_value: str, *, required: bool = False) -> forms.ChoiceField:
    """The show or music sub-type select, whose choices follow the chosen type (refreshed with htmx)."""
    if kind == "show":
        choices = categories.show_sub_type_choices(type_value)
        label, waiting = ExtraField.SHOW_SUB_TYPE.label, "Choisissez d'abord un type de spectacle"
    else:
        choices = categories.music_sub_type_choices(type_value)
        label, waiting = ExtraField.MUSIC_SUB_TYPE.label, "Choisissez d'abord un genre musical"
    placeholder = "Sélectionnez un sous-type" if choices else waiting
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=with_placeholder(placeholder, choices),
        error_messages={
            **required_message(errors.MissingField(label=label).message),
            "invalid_choice": "Choisissez un sous-type dans la liste.",
        },
    )


class SubTypeForm(OfferForm):
    """Only the sub-type select: the htmx fragment re-rendered when the type changes."""

    def __init__(self, *args, kind: str, type_value: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[f"{kind}_sub_type"] = sub_type_field(kind, type_value)
        self._refresh()


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def extra_field(extra: ExtraField, subcategory: Subcategory, values: Mapping) -> forms.Field:
    """The input of the conditional field ``extra`` of ``subcategory``; ``values`` (the form's data, or its initial
    values) give the chosen show or music type, whose sub-types the sub-type select offers."""
    is_required = extra in subcategory.required_fields
    missing = errors.MissingField(label=extra.label).message
    if extra == ExtraField.EAN:
        field = forms.CharField(
            label=extra.label,
            max_length=32,
            required=is_required,
            help_text="13 chiffres (ex. 9782070612758) ; l'ISBN à 10 caractères d'un livre est aussi accepté.",
            error_messages={**required_message(missing), "max_length": errors.InvalidEan.message},
            widget=forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "hx-get": reverse_lazy("pro:offer-product"),
                    "hx-trigger": "change, keyup changed delay:600ms",
                    "hx-target": "#ean-result",
                    "hx-vals": f'{{"subcategory": "{subcategory.id}"}}',
                    # What the pro typed is sent along: the look-up fills only what is still empty.
                    "hx-include": "#id_name, #id_author",
                    "aria-describedby": "ean-result",
                }
            ),
        )
    elif extra in FREE_TEXT_FIELDS:
        field = forms.CharField(
            label=extra.label,
            max_length=FREE_TEXT_FIELDS[extra],
            required=is_required,
            error_messages={
                **required_message(missing),
                "max_length": "Ce champ ne doit pas dépasser %(limit_value)d caractères.",
            },
        )
    elif extra == ExtraField.VISA:
        field = forms.CharField(
            label=extra.label,
            max_length=20,
            required=is_required,
            help_text="Le numéro du visa d'exploitation cinématographique (chiffres uniquement).",
            error_messages={
                **required_message(missing),
                "max_length": "Le visa d'exploitation compte %(limit_value)d chiffres au maximum (ex. 149341).",
            },
            widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        )
    elif extra in (ExtraField.SHOW_TYPE, ExtraField.MUSIC_TYPE):
        kind = "show" if extra == ExtraField.SHOW_TYPE else "music"
        choices = categories.show_type_choices() if kind == "show" else categories.music_type_choices()
        field = forms.ChoiceField(
            label=extra.label,
            required=is_required,
            choices=with_placeholder("Sélectionnez un type", choices),
            error_messages={**required_message(missing), "invalid_choice": "Choisissez un type dans la liste."},
        )
        if ExtraField[f"{kind.upper()}_SUB_TYPE"] in subcategory.fields:
            field.widget.attrs.update(
                {
                    "hx-get": reverse_lazy("pro:offer-sub-types"),
                    "hx-trigger": "change",
                    "hx-target": f"#{kind}_sub_type-group",
                    "hx-swap": "outerHTML",
                    "hx-include": "this",
                }
            )
    elif extra in (ExtraField.SHOW_SUB_TYPE, ExtraField.MUSIC_SUB_TYPE):
        kind = "show" if extra == ExtraField.SHOW_SUB_TYPE else "music"
        field = sub_type_field(kind, _text(values.get(f"{kind}_type")), required=is_required)
    elif extra == ExtraField.DURATION:
        field = forms.IntegerField(
            label=extra.label,
            required=is_required,
            min_value=1,
            max_value=100_000,
            error_messages={
                **required_message(missing),
                "invalid": "La durée est un nombre entier de minutes (ex. 90).",
                "min_value": "La durée est un nombre entier de minutes (ex. 90).",
                "max_value": "Durée trop longue : indiquez-la en minutes (ex. 90).",
            },
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
    else:  # pragma: no cover - a new ExtraField needs its input here
        raise ValueError(f"No input for the conditional field {extra}")
    return field
