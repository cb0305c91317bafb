"""Step 2 of the offer wizard, also the edit page: name, description, the conditional fields of the type of offer,
image, withdrawal, accessibility, Duo…"""

from django import forms

from passculture.core.errors import DomainError
from passculture.core.uploads import MEGABYTE, ImageRules, reencoded_image
from passculture.offers import categories, errors
from passculture.offers.categories import ExtraField, Subcategory
from passculture.pro.forms.offers.extra_fields import EXTRA_FIELDS_ORDER, extra_field
from passculture.pro.forms.offers.fields import OfferForm, required_message

IMAGE_RULES = ImageRules(max_bytes=5 * MEGABYTE, min_side=400, formats=frozenset({"JPEG", "PNG"}))
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


class OfferDetailsForm(OfferForm):
    """Name, description, the conditional fields of the subcategory, image, withdrawal, accessibility, Duo…"""

    name = forms.CharField(
        label="Titre de l'offre",
        max_length=NAME_MAX_LENGTH,
        help_text=f"{NAME_MAX_LENGTH} caractères maximum.",
        error_messages={
            **required_message("Veuillez renseigner le titre de l'offre."),
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
                    **required_message(errors.UrlRequired.message),
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

    def _add_extra_fields(self) -> None:
        values = self.data if self.is_bound else self.initial
        for extra in EXTRA_FIELDS_ORDER:
            if extra in self.subcategory.fields:
                self.fields[extra.field_name] = extra_field(extra, self.subcategory, values)
                self.extra_names.append(extra.field_name)

    @property
    def extra_fields(self):
        return [self[name] for name in self.extra_names]

    def shown_fields(self) -> set[str]:
        hidden = set() if self.duo_available else {"is_duo"}
        return set(self.fields) - hidden

    # Validation of shape -----------------------------------------------------------------------------------

    def clean_image(self):
        """The upload re-encoded to its pixels alone, under a name the server chose (``core/uploads.py``)."""
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        return reencoded_image(upload, IMAGE_RULES)

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
