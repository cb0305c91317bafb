"""Forms of the offer wizard, the offer edit page, stocks and the offers list.

They parse input shape only (types, required fields, euros → cents, a local date and time in the venue's time
zone → aware UTC, the image file); the rules (placement, Duo, EAN checksum, prices, dates…) are checked by
``passculture.offers.services``, whose ``DomainError`` is shown under the field it is about.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from dsfr.forms import DsfrBaseForm
from dsfr.utils import dsfr_input_class_attr
from PIL import Image

from passculture.core.errors import DomainError
from passculture.core.money import euros_to_cents
from passculture.offers import categories, errors
from passculture.offers import rules as offer_rules
from passculture.offers.categories import ExtraField, Subcategory
from passculture.offers.models import OfferStatus
from passculture.pro.offer_forms_helpers import (
    FIRST_ALLOWED_DAY,
    LAST_ALLOWED_DAY,
    MAX_STORED_INTEGER,
    end_of_local_day,
    local_to_utc,
    parse_times,
)

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MIN_IMAGE_SIDE = 400
IMAGE_FORMATS = {"JPEG", "PNG"}
NAME_MAX_LENGTH = 90

DUO_HELP = (
    "Pensez à activer l'option Duo pour permettre au jeune d'être accompagné et bénéficier de deux places "
    "achetées sur le pass Culture."
)
NATIONAL_HELP = (
    "À cocher uniquement pour les offres disponibles sur tout le territoire "
    "(ex : offres Pathé/Gaumont, ebooks, magazines…)."
)
NATIONAL_DIGITAL_HELP = "Une offre numérique est toujours disponible sur tout le territoire."
TYPE_LOCKED_HELP = "Le type d'offre ne peut plus être modifié une fois l'offre validée."
WEEKDAYS = [
    ("0", "Lundi"),
    ("1", "Mardi"),
    ("2", "Mercredi"),
    ("3", "Jeudi"),
    ("4", "Vendredi"),
    ("5", "Samedi"),
    ("6", "Dimanche"),
]


def _required(text: str) -> dict:
    return {"required": text}


class _Form(DsfrBaseForm):
    """A DSFR form whose fields are adjusted after ``__init__`` (choices, labels, dynamic fields)."""

    # Service error fields that have another name here (the service speaks of datetimes, the form of date + time).
    field_aliases: dict[str, str] = {}

    def _refresh(self) -> None:
        """Rebuild the bound fields after changing labels or adding fields, with their DSFR classes."""
        self._bound_fields_cache.clear()
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    def shown_fields(self) -> set[str]:
        return set(self.fields)

    def add_domain_error(self, error: DomainError) -> None:
        """Put the service's French message under the field it is about (or on top of the form)."""
        field = self.field_aliases.get(error.field, error.field)
        self.add_error(field if field in self.shown_fields() else None, error.message)


class LocalDateField(forms.DateField):
    """A calendar date (``<input type="date">``), within bounds that keep date arithmetic safe."""

    widget = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid", "Date invalide (jj/mm/aaaa).")
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not FIRST_ALLOWED_DAY <= value <= LAST_ALLOWED_DAY:
            raise ValidationError("Date invalide : indiquez une date entre 2000 et 2099.", code="out_of_range")


class LocalTimeField(forms.TimeField):
    widget = forms.TimeInput(format="%H:%M", attrs={"type": "time"})

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid", "Heure invalide (hh:mm).")
        super().__init__(**kwargs)


# --- Step 1: venue and type ------------------------------------------------------------------------------------


def venue_label(venue, several_offerers: bool) -> str:
    label = "Offre numérique" if venue.is_virtual else venue.display_name
    return f"{label} — {venue.offerer.name}" if several_offerers else label


class OfferTypeForm(_Form):
    """Category, then subcategory (htmx), then the venue the subcategory allows."""

    category = forms.ChoiceField(
        label="Catégorie",
        error_messages={
            **_required("Veuillez choisir une catégorie."),
            "invalid_choice": "Choisissez une catégorie dans la liste.",
        },
    )
    subcategory = forms.ChoiceField(
        label="Type d'offre",
        help_text="Renseignez-le bien : il ne pourra plus être modifié une fois l'offre validée.",
        error_messages={
            **_required("Veuillez choisir le type d'offre."),
            "invalid_choice": "Choisissez un type d'offre de la catégorie dans la liste.",
        },
    )
    venue = forms.ChoiceField(
        label="Lieu",
        required=False,
        error_messages={"invalid_choice": "Choisissez un de vos lieux dans la liste."},
    )

    def __init__(self, *args, venues, **kwargs):
        super().__init__(*args, **kwargs)
        self.venues = {str(venue.pk): venue for venue in venues}
        self.several_offerers = len({venue.offerer_id for venue in venues}) > 1
        self.category_id = self._value("category")
        if self.category_id not in categories.CATEGORIES_BY_ID:
            self.category_id = ""
        self.subcategory = None
        subcategory_choices = []
        if self.category_id:
            subcategory_choices = categories.subcategory_choices(self.category_id, for_pro=True)
            subcategory_id = self._value("subcategory")
            if subcategory_id in {value for value, _ in subcategory_choices}:
                self.subcategory = categories.get_subcategory(subcategory_id)
        self.fields["category"].choices = [("", "Sélectionnez une catégorie"), *categories.category_choices()]
        placeholder = "Sélectionnez un type d'offre" if self.category_id else "Choisissez d'abord une catégorie"
        self.fields["subcategory"].choices = [("", placeholder), *subcategory_choices]
        # Every venue of the pro is valid input; only those the subcategory allows are offered.
        self.fields["venue"].choices = [("", "Sélectionnez un lieu")] + [
            (pk, venue_label(venue, self.several_offerers)) for pk, venue in self.venues.items()
        ]
        self.offered_venues = [venue for venue in self.venues.values() if self._venue_allowed(venue)]
        self.fields["venue"].widget.choices = [("", "Sélectionnez un lieu")] + [
            (str(venue.pk), venue_label(venue, self.several_offerers)) for venue in self.offered_venues
        ]
        if self.subcategory and self.subcategory.is_online_only:
            self.fields[
                "venue"
            ].help_text = (
                "Ce type d'offre est numérique : il est rattaché au lieu « Offre numérique » de votre structure."
            )
        elif self.subcategory and self.subcategory.is_offline_only:
            self.fields[
                "venue"
            ].help_text = "Ce type d'offre se déroule sur place : choisissez le lieu qui l'accueille."
        elif self.subcategory:
            self.fields["venue"].help_text = (
                "Choisissez « Offre numérique » pour une offre en ligne (accessible par une URL), ou le lieu qui "
                "accueille l'offre sur place."
            )
        url = reverse_lazy("pro:offer-type-fields")
        self.fields["category"].widget.attrs.update(
            {
                "hx-get": url,
                "hx-trigger": "change",
                "hx-target": "#type-fields",
                "hx-swap": "outerHTML",
                "hx-include": "#id_category, #id_venue",
            }
        )
        self.fields["subcategory"].widget.attrs.update(
            {
                "hx-get": f"{url}?part=venue",
                "hx-trigger": "change",
                "hx-target": "#venue-field",
                "hx-swap": "outerHTML",
                "hx-include": "#id_category, #id_subcategory, #id_venue",
            }
        )
        if len(self.offered_venues) == 1 and not self._value("venue"):
            self.initial["venue"] = str(self.offered_venues[0].pk)
        self._refresh()

    def _value(self, name: str) -> str:
        source = self.data if self.is_bound else self.initial
        value = source.get(name) or ""
        return value if isinstance(value, str) else str(value)

    def _venue_allowed(self, venue) -> bool:
        return self.subcategory is None or offer_rules.venue_allowed(self.subcategory, venue.is_virtual)

    def clean(self):
        cleaned = super().clean()
        if self.subcategory is None or "venue" in self.errors:
            return cleaned
        venue = self.venues.get(cleaned.get("venue") or "")
        if self.subcategory.is_online_only and (venue is None or not venue.is_virtual):
            # Forced: an online-only type lives in the digital venue of the structure.
            offerer_ids = {venue.offerer_id} if venue else {v.offerer_id for v in self.venues.values()}
            digital = [v for v in self.venues.values() if v.is_virtual and v.offerer_id in offerer_ids]
            if len(digital) == 1:
                venue = digital[0]
            elif not digital:
                self.add_error(
                    "venue",
                    "Votre structure n'a pas de lieu « Offre numérique » : contactez le support du pass Culture.",
                )
                return cleaned
            else:
                venue = None
        if venue is None:
            self.add_error("venue", "Veuillez choisir le lieu de l'offre.")
        elif (mismatch := offer_rules.venue_mismatch(self.subcategory, venue.is_virtual)) is not None:
            self.add_error("venue", mismatch.message)
        else:
            cleaned["venue"] = venue
        return cleaned


# --- Step 2: details (also the edit form) ----------------------------------------------------------------------

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
_FREE_TEXT_FIELDS = {
    ExtraField.AUTHOR: 255,
    ExtraField.PERFORMER: 255,
    ExtraField.STAGE_DIRECTOR: 255,
    ExtraField.SPEAKER: 255,
}


def _choices_with_placeholder(placeholder: str, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", placeholder), *choices]


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
        choices=_choices_with_placeholder(placeholder, choices),
        error_messages={
            **_required(errors.MissingField(label=label).message),
            "invalid_choice": "Choisissez un sous-type dans la liste.",
        },
    )


class SubTypeForm(_Form):
    """Only the sub-type select: the htmx fragment re-rendered when the type changes."""

    def __init__(self, *args, kind: str, type_value: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[f"{kind}_sub_type"] = sub_type_field(kind, type_value)
        self._refresh()


class OfferDetailsForm(_Form):
    """Name, description, the conditional fields of the subcategory, image, withdrawal, accessibility, Duo…"""

    name = forms.CharField(
        label="Titre de l'offre",
        max_length=NAME_MAX_LENGTH,
        help_text=f"{NAME_MAX_LENGTH} caractères maximum.",
        error_messages={
            **_required("Veuillez renseigner le titre de l'offre."),
            "max_length": "Le titre ne doit pas dépasser %(limit_value)d caractères (il en compte %(show_value)d).",
        },
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "La description ne doit pas dépasser %(limit_value)d caractères."},
    )
    image = forms.FileField(
        label="Image de l'offre",
        required=False,
        help_text="JPEG ou PNG, 5 Mo maximum, au moins 400 × 400 pixels.",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png", "class": "fr-upload"}),
        error_messages={
            "invalid": "Le fichier envoyé n'est pas valide : choisissez une image JPEG ou PNG.",
            "empty": "Le fichier envoyé est vide.",
        },
    )
    image_credit = forms.CharField(
        label="Crédit de l'image",
        required=False,
        max_length=255,
        help_text="Le nom du photographe ou la source de l'image.",
        error_messages={"max_length": "Le crédit ne doit pas dépasser %(limit_value)d caractères."},
    )
    withdrawal_details = forms.CharField(
        label="Modalités de retrait",
        required=False,
        max_length=5_000,
        help_text="Comment le jeune récupère son bien ou accède à l'événement (guichet, horaires, pièce d'identité…).",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Les modalités de retrait ne doivent pas dépasser %(limit_value)d caractères."},
    )
    audio_disability_compliant = forms.BooleanField(label="Handicap auditif", required=False)
    mental_disability_compliant = forms.BooleanField(label="Handicap psychique ou cognitif", required=False)
    motor_disability_compliant = forms.BooleanField(label="Handicap moteur", required=False)
    visual_disability_compliant = forms.BooleanField(label="Handicap visuel", required=False)
    booking_email = forms.EmailField(
        label="Email de notification des réservations",
        required=False,
        max_length=254,
        help_text="Reçoit un email à chaque réservation et annulation. Par défaut : celui du lieu.",
        error_messages={"invalid": "Adresse email invalide (ex. reservations@structure.fr)."},
    )
    is_duo = forms.BooleanField(label="Accepter les réservations « Duo »", required=False, help_text=DUO_HELP)
    is_national = forms.BooleanField(label="Rayonnement national", required=False, help_text=NATIONAL_HELP)

    def __init__(
        self,
        *args,
        subcategory: Subcategory,
        venue=None,
        offer=None,
        subcategory_editable: bool = False,
        subcategory_locked: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.subcategory = subcategory
        self.venue = venue
        self.offer = offer
        self.is_digital = bool(venue and venue.is_virtual)
        self.duo_available = subcategory.can_be_duo
        self.subcategory_locked = subcategory_locked
        self.extra_names: list[str] = []
        if subcategory_editable:
            choices = categories.grouped_subcategory_choices(for_pro=True)
            if not subcategory.is_selectable:  # a staff-only type (imported offers) stays displayable
                choices = [(subcategory.category.label, [(subcategory.id, subcategory.label)]), *choices]
            field = forms.ChoiceField(
                label="Type d'offre",
                required=False,
                choices=[("", "Sélectionnez un type d'offre"), *choices],
                error_messages={"invalid_choice": "Choisissez un type d'offre dans la liste."},
            )
            if subcategory_locked:
                # Shown read-only; a forged value still reaches the service, which refuses it (TypeLocked).
                field.widget.attrs["disabled"] = True
                field.help_text = TYPE_LOCKED_HELP
            self.fields["subcategory_id"] = field
        if self.is_digital:
            self.fields["url"] = forms.URLField(
                label="URL d'accès à l'offre",
                max_length=500,
                assume_scheme="https",
                help_text="L'adresse où le jeune accède à l'offre numérique (ex. https://www.exemple.fr/offre).",
                error_messages={
                    **_required(errors.UrlRequired.message),
                    "invalid": "Adresse invalide (ex. https://www.exemple.fr/offre).",
                    "max_length": "L'adresse ne doit pas dépasser %(limit_value)d caractères.",
                },
            )
        self._add_extra_fields()
        if self.is_digital:
            self.fields["is_national"].disabled = True
            self.fields["is_national"].help_text = NATIONAL_DIGITAL_HELP
            self.initial["is_national"] = True
        if offer is not None and offer.image:
            self.fields["remove_image"] = forms.BooleanField(label="Supprimer l'image actuelle", required=False)
        self.fields["name"].widget.attrs.update(
            {
                "maxlength": NAME_MAX_LENGTH,
                "data-counter": "name-counter",
                "aria-describedby": "id_name_helptext name-counter",
            }
        )
        self._refresh()

    # Conditional fields ------------------------------------------------------------------------------------

    def _type_value(self, name: str) -> str:
        source = self.data if self.is_bound else self.initial
        value = source.get(name) or ""
        return value if isinstance(value, str) else ""

    def _add_extra_fields(self) -> None:
        subcategory = self.subcategory
        for extra in EXTRA_FIELDS_ORDER:
            if extra not in subcategory.fields:
                continue
            name = extra.field_name
            required = extra in subcategory.required_fields
            missing = errors.MissingField(label=extra.label).message
            if extra == ExtraField.EAN:
                field = forms.CharField(
                    label=extra.label,
                    max_length=32,
                    required=required,
                    help_text="13 chiffres (ex. 9782070612758) ; l'ISBN à 10 caractères d'un livre est aussi accepté.",
                    error_messages={**_required(missing), "max_length": errors.InvalidEan.message},
                    widget=forms.TextInput(
                        attrs={
                            "inputmode": "numeric",
                            "autocomplete": "off",
                            "hx-get": reverse_lazy("pro:offer-product"),
                            "hx-trigger": "change, keyup changed delay:600ms",
                            "hx-target": "#ean-result",
                            "hx-vals": f'{{"subcategory": "{subcategory.id}"}}',
                            "aria-describedby": "ean-result",
                        }
                    ),
                )
            elif extra in _FREE_TEXT_FIELDS:
                field = forms.CharField(
                    label=extra.label,
                    max_length=_FREE_TEXT_FIELDS[extra],
                    required=required,
                    error_messages={
                        **_required(missing),
                        "max_length": "Ce champ ne doit pas dépasser %(limit_value)d caractères.",
                    },
                )
            elif extra == ExtraField.VISA:
                field = forms.CharField(
                    label=extra.label,
                    max_length=20,
                    required=required,
                    help_text="Le numéro du visa d'exploitation cinématographique (chiffres uniquement).",
                    error_messages={
                        **_required(missing),
                        "max_length": "Le visa d'exploitation compte %(limit_value)d chiffres au maximum (ex. 149341).",
                    },
                    widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                )
            elif extra in (ExtraField.SHOW_TYPE, ExtraField.MUSIC_TYPE):
                kind = "show" if extra == ExtraField.SHOW_TYPE else "music"
                choices = categories.show_type_choices() if kind == "show" else categories.music_type_choices()
                field = forms.ChoiceField(
                    label=extra.label,
                    required=required,
                    choices=_choices_with_placeholder("Sélectionnez un type", choices),
                    error_messages={**_required(missing), "invalid_choice": "Choisissez un type dans la liste."},
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
                field = sub_type_field(kind, self._type_value(f"{kind}_type"), required=required)
            elif extra == ExtraField.DURATION:
                field = forms.IntegerField(
                    label=extra.label,
                    required=required,
                    min_value=1,
                    max_value=100_000,
                    error_messages={
                        **_required(missing),
                        "invalid": "La durée est un nombre entier de minutes (ex. 90).",
                        "min_value": "La durée est un nombre entier de minutes (ex. 90).",
                        "max_value": "Durée trop longue : indiquez-la en minutes (ex. 90).",
                    },
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
            else:  # pragma: no cover - a new ExtraField needs its input here
                continue
            self.fields[name] = field
            self.extra_names.append(name)

    @property
    def extra_fields(self):
        return [self[name] for name in self.extra_names]

    def shown_fields(self) -> set[str]:
        hidden = set() if self.duo_available else {"is_duo"}
        return set(self.fields) - hidden

    # Validation of shape -----------------------------------------------------------------------------------

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        if upload.size > MAX_IMAGE_BYTES:
            raise ValidationError("L'image ne doit pas dépasser 5 Mo : choisissez un fichier plus léger.", code="size")
        wrong_format = ValidationError(
            "Format d'image non accepté : choisissez un fichier JPEG ou PNG.", code="image_format"
        )
        try:
            upload.seek(0)
            with Image.open(upload) as image:
                image_format, (width, height) = image.format, image.size
                image.verify()
        except Exception:  # Pillow raises many kinds of errors on a file that is not a sound image
            raise wrong_format from None
        finally:
            upload.seek(0)
        if image_format not in IMAGE_FORMATS:
            raise wrong_format
        if width < MIN_IMAGE_SIDE or height < MIN_IMAGE_SIDE:
            raise ValidationError(
                f"L'image doit mesurer au moins {MIN_IMAGE_SIDE} × {MIN_IMAGE_SIDE} pixels "
                f"(celle-ci mesure {width} × {height}).",
                code="image_too_small",
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        has_image = bool(cleaned.get("image")) or (
            self.offer is not None and bool(self.offer.image) and not cleaned.get("remove_image")
        )
        if has_image and not (cleaned.get("image_credit") or "").strip() and "image" not in self.errors:
            self.add_error("image_credit", "Indiquez le crédit de l'image (photographe ou source).")
        return cleaned

    def add_domain_error(self, error: DomainError) -> None:
        """A refused type change (a value forged into the read-only field) shows the offer's own type again."""
        if error.code == errors.TypeLocked.code and self.offer is not None:
            self.data = self.data.copy()
            self.data["subcategory_id"] = self.offer.subcategory_id
            self._bound_fields_cache.clear()
        super().add_domain_error(error)

    # What the service receives ------------------------------------------------------------------------------

    def subcategory_change(self) -> str | None:
        """The subcategory the pro submitted on the edit page (``None``: unchanged or not submitted)."""
        return self.cleaned_data.get("subcategory_id") or None

    def service_data(self) -> tuple[dict, dict]:
        """(extra_data, fields) for ``offer_create`` / ``offer_update``."""
        data = self.cleaned_data
        extra_data = {name: data.get(name) or "" for name in self.extra_names if name != ExtraField.DURATION.field_name}
        fields = {
            "name": data["name"].strip(),
            "description": data.get("description", ""),
            "withdrawal_details": data.get("withdrawal_details", ""),
            "booking_email": data.get("booking_email") or "",
            "image_credit": (data.get("image_credit") or "").strip(),
            # Not rendered for a type without Duo: only a forged value reaches the service, which refuses it.
            "is_duo": bool(data.get("is_duo")),
            "is_national": bool(data.get("is_national")),
            "audio_disability_compliant": data.get("audio_disability_compliant", False),
            "mental_disability_compliant": data.get("mental_disability_compliant", False),
            "motor_disability_compliant": data.get("motor_disability_compliant", False),
            "visual_disability_compliant": data.get("visual_disability_compliant", False),
        }
        if "url" in self.fields:
            fields["url"] = data.get("url") or ""
        if ExtraField.DURATION.field_name in self.extra_names:
            fields["duration_minutes"] = data.get(ExtraField.DURATION.field_name)
        if data.get("image"):
            fields["image"] = data["image"]
        elif data.get("remove_image"):
            fields["image"] = ""
            fields["image_credit"] = ""
        return extra_data, fields


def details_initial(offer=None, venue=None) -> dict:
    """Initial values of the details form: the offer's, or the venue's defaults for a new offer."""
    if offer is None:
        return {
            "booking_email": venue.booking_email,
            "is_national": venue.is_virtual,
            "audio_disability_compliant": venue.audio_disability_compliant,
            "mental_disability_compliant": venue.mental_disability_compliant,
            "motor_disability_compliant": venue.motor_disability_compliant,
            "visual_disability_compliant": venue.visual_disability_compliant,
        }
    initial = {
        field: getattr(offer, field)
        for field in [
            "name",
            "description",
            "url",
            "withdrawal_details",
            "image_credit",
            "is_duo",
            "is_national",
            "audio_disability_compliant",
            "mental_disability_compliant",
            "motor_disability_compliant",
            "visual_disability_compliant",
        ]
    }
    initial["booking_email"] = offer.booking_email or offer.venue.booking_email
    initial["subcategory_id"] = offer.subcategory_id
    initial["duration"] = offer.duration_minutes
    initial.update(offer.extra_data or {})
    return initial


# --- Step 3: stocks ---------------------------------------------------------------------------------------------


def parse_price(value: str) -> int:
    """Euros with cents (``12,50``) → cents; negative amounts pass through (the service refuses them)."""
    text = (value or "").strip().replace("€", "").replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise ValidationError(
            "Le prix doit être un montant en euros, par exemple 12,50 (0 pour une offre gratuite).", code="invalid"
        )
    if abs(amount) * 100 > MAX_STORED_INTEGER:
        raise ValidationError("Montant trop élevé.", code="too_big")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError("Le prix a au plus deux décimales (ex. 12,50).", code="decimals")
    return euros_to_cents(amount)


def parse_quantity(value: str) -> int | None:
    """A number of places, or ``None`` (empty or « illimité ») for unlimited."""
    text = (value or "").strip().replace(" ", "").replace("\u00a0", "")
    if text.lower() in {"", "illimité", "illimite", "illimitée"}:
        return None
    if not text.isdigit():
        raise ValidationError(
            "La quantité doit être un nombre entier positif ou nul (laissez vide pour « Illimité »).", code="invalid"
        )
    quantity = int(text)
    if quantity > MAX_STORED_INTEGER:
        raise ValidationError("Quantité trop élevée : laissez vide pour « Illimité ».", code="too_big")
    return quantity


class _PriceQuantityForm(_Form):
    price = forms.CharField(
        label="Prix (en euros)",
        max_length=20,
        help_text="Ex. 12,50 — indiquez 0 pour une offre gratuite.",
        error_messages=_required("Veuillez indiquer le prix (0 pour une offre gratuite)."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    quantity = forms.CharField(
        label="Quantité",
        max_length=20,
        required=False,
        help_text="Laissez vide pour un nombre illimité.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "Illimité"}),
    )

    def clean_price(self):
        return parse_price(self.cleaned_data["price"])

    def clean_quantity(self):
        return parse_quantity(self.cleaned_data.get("quantity", ""))


class StockForm(_PriceQuantityForm):
    """One stock: a dated one for an event (date, time, booking limit), the single one of a thing."""

    field_aliases = {"beginning_datetime": "beginning_date", "booking_limit_datetime": "booking_limit_date"}

    def __init__(self, *args, is_event: bool, tz_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_event, self.tz_name = is_event, tz_name
        if is_event:
            self.fields["beginning_date"] = LocalDateField(
                label="Date", error_messages=_required("Veuillez indiquer la date de l'événement.")
            )
            self.fields["beginning_time"] = LocalTimeField(
                label="Heure", error_messages=_required("Veuillez indiquer l'heure de l'événement.")
            )
            self.fields["quantity"].label = "Nombre de places"
            self.fields["booking_limit_date"] = LocalDateField(
                label="Date limite de réservation",
                required=False,
                help_text="Par défaut : le début de l'événement.",
            )
            self.fields["booking_limit_time"] = LocalTimeField(label="Heure limite de réservation", required=False)
            self.order_fields(
                ["beginning_date", "beginning_time", "price", "quantity", "booking_limit_date", "booking_limit_time"]
            )
        else:
            self.fields["quantity"].label = "Quantité en stock"
            self.fields["booking_limit_date"] = LocalDateField(
                label="Date limite de réservation",
                required=False,
                help_text="Facultative : les réservations ferment à la fin de ce jour.",
            )
        self._refresh()

    def clean(self):
        cleaned = super().clean()
        cleaned["beginning_datetime"] = None
        cleaned["booking_limit_datetime"] = None
        limit_day = cleaned.get("booking_limit_date")
        if self.is_event:
            day, moment = cleaned.get("beginning_date"), cleaned.get("beginning_time")
            if day and moment:
                cleaned["beginning_datetime"] = local_to_utc(day, moment, self.tz_name)
            limit_time = cleaned.get("booking_limit_time")
            if limit_day and limit_time:
                if not self._limit_left_at_the_moved_start(day, moment, limit_day, limit_time):
                    cleaned["booking_limit_datetime"] = local_to_utc(limit_day, limit_time, self.tz_name)
            elif limit_day and not self.errors.get("booking_limit_time"):
                self.add_error("booking_limit_time", "Indiquez aussi l'heure limite de réservation.")
            elif limit_time and not self.errors.get("booking_limit_date"):
                self.add_error("booking_limit_date", "Indiquez aussi la date limite de réservation.")
        elif limit_day:
            cleaned["booking_limit_datetime"] = end_of_local_day(limit_day, self.tz_name)
        return cleaned

    def _limit_left_at_the_moved_start(self, day, moment, limit_day, limit_time) -> bool:
        """On the edit form, the limit still pre-filled with the old start while the start moves: it follows the new
        start (``None`` lets the service default it), as an emptied limit does."""
        old_start = (self.initial.get("beginning_date"), self.initial.get("beginning_time"))
        if None in old_start or not (day and moment):
            return False
        return (limit_day, limit_time) == old_start and (day, moment) != old_start

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "price_cents": data["price"],
            "quantity": data["quantity"],
            "beginning_datetime": data["beginning_datetime"],
            "booking_limit_datetime": data["booking_limit_datetime"],
        }


class RecurrenceForm(_PriceQuantityForm):
    """Several dates at once: every chosen weekday × time over a period (in the venue's time zone)."""

    first_day = LocalDateField(label="Du", error_messages=_required("Veuillez indiquer le premier jour."))
    last_day = LocalDateField(label="Au", error_messages=_required("Veuillez indiquer le dernier jour."))
    weekdays = forms.MultipleChoiceField(
        label="Jours de la semaine",
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            **_required("Cochez au moins un jour de la semaine."),
            "invalid_choice": "Choisissez des jours de la semaine dans la liste.",
        },
    )
    times = forms.CharField(
        label="Horaires",
        max_length=500,
        help_text="Un ou plusieurs horaires séparés par des virgules, ex. 14:00, 20:30.",
        error_messages={
            **_required("Indiquez au moins un horaire (ex. 14:00, 20:30)."),
            "max_length": "Trop d'horaires : %(limit_value)d caractères au maximum.",
        },
    )
    booking_limit_hours_before = forms.IntegerField(
        label="Fin des réservations (heures avant le début)",
        required=False,
        min_value=0,
        max_value=24 * 365,
        help_text="Laissez vide : les réservations restent ouvertes jusqu'au début.",
        error_messages={
            "invalid": "Indiquez un nombre entier d'heures (ex. 2).",
            "min_value": "Indiquez un nombre entier d'heures positif ou nul.",
            "max_value": "%(limit_value)s heures au maximum.",
        },
    )
    field_order = ["first_day", "last_day", "weekdays", "times", "price", "quantity", "booking_limit_hours_before"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"].label = "Nombre de places par date"
        self._refresh()

    def clean_weekdays(self):
        return [int(day) for day in self.cleaned_data["weekdays"]]

    def clean_times(self):
        try:
            times = parse_times(self.cleaned_data["times"])
        except ValueError as exc:
            raise ValidationError(
                f"Horaire invalide : « {exc} ». Indiquez des horaires au format hh:mm séparés par des virgules "
                "(ex. 14:00, 20:30).",
                code="invalid",
            ) from None
        if not times:
            raise ValidationError("Indiquez au moins un horaire (ex. 14:00, 20:30).", code="required")
        return times

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "first_day": data["first_day"],
            "last_day": data["last_day"],
            "weekdays": data["weekdays"],
            "times": data["times"],
            "price_cents": data["price"],
            "quantity": data["quantity"],
            "booking_limit_hours_before": data.get("booking_limit_hours_before") or 0,
        }


# --- The offers list -------------------------------------------------------------------------------------------


class OfferFilterForm(_Form):
    q = forms.CharField(label="Nom de l'offre ou EAN", required=False, max_length=200)
    venue = forms.ChoiceField(label="Lieu", required=False)
    category = forms.ChoiceField(label="Catégorie", required=False)
    status = forms.ChoiceField(label="Statut", required=False)
    period_start = LocalDateField(label="Dates à partir du", required=False)
    period_end = LocalDateField(label="Jusqu'au", required=False)

    def __init__(self, *args, venues, **kwargs):
        super().__init__(*args, **kwargs)
        several = len({venue.offerer_id for venue in venues}) > 1
        self.fields["venue"].choices = [("", "Tous les lieux")] + [
            (str(venue.pk), venue_label(venue, several)) for venue in venues
        ]
        self.fields["category"].choices = [("", "Toutes les catégories"), *categories.category_choices()]
        self.fields["status"].choices = [("", "Tous les statuts"), *OfferStatus.choices]
        self._refresh()

    def filters(self) -> dict:
        """The valid filters (an invalid one is ignored rather than failing the page)."""
        self.is_valid()
        data = self.cleaned_data
        venue = data.get("venue")
        return {
            "text": data.get("q") or "",
            "venue_id": int(venue) if venue else None,
            "category_id": data.get("category") or "",
            "status": data.get("status") or "",
            "period_start": data.get("period_start"),
            "period_end": data.get("period_end"),
        }
