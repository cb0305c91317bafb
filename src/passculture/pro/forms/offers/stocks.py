"""Step 3 of the offer wizard: one stock (a date of an event, the stock of a thing) and recurring dates."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from passculture.core.errors import DomainError
from passculture.core.money import euros_to_cents
from passculture.offers import errors
from passculture.offers import rules as offer_rules
from passculture.pro.forms.offers.fields import (
    MAX_STORED_INTEGER,
    LocalDateField,
    LocalTimeField,
    OfferForm,
    end_of_local_day,
    local_to_utc,
    parse_times,
    required_message,
)

WEEKDAYS = [
    ("0", "Lundi"),
    ("1", "Mardi"),
    ("2", "Mercredi"),
    ("3", "Jeudi"),
    ("4", "Vendredi"),
    ("5", "Samedi"),
    ("6", "Dimanche"),
]


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


class _PriceQuantityForm(OfferForm):
    price = forms.CharField(
        label="Prix (en euros)",
        max_length=20,
        help_text="Ex. 12,50 — indiquez 0 pour une offre gratuite.",
        error_messages=required_message("Veuillez indiquer le prix (0 pour une offre gratuite)."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    quantity = forms.CharField(
        label="Quantité",
        max_length=20,
        required=False,
        help_text="Laissez vide pour un nombre illimité.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "Illimité"}),
    )

    # Shown with the warnings of a price to confirm (the service's PriceToConfirm); ticked, the next submit saves.
    confirm_price = forms.BooleanField(label="Je confirme ce prix", required=False)
    price_warnings: list[str] = []

    def clean_price(self):
        return parse_price(self.cleaned_data["price"])

    def add_domain_error(self, error: DomainError) -> None:
        """A price to confirm is no error: its warnings are shown above the form, with the confirmation box."""
        if isinstance(error, errors.PriceToConfirm):
            self.price_warnings = error.warnings
        else:
            super().add_domain_error(error)

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
                label="Date", error_messages=required_message("Veuillez indiquer la date de l'événement.")
            )
            self.fields["beginning_time"] = LocalTimeField(
                label="Heure", error_messages=required_message("Veuillez indiquer l'heure de l'événement.")
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
            "price_confirmed": bool(data.get("confirm_price")),
        }


class RecurrenceForm(_PriceQuantityForm):
    """Several dates at once: every chosen weekday × time over a period (in the venue's time zone)."""

    first_day = LocalDateField(label="Du", error_messages=required_message("Veuillez indiquer le premier jour."))
    last_day = LocalDateField(label="Au", error_messages=required_message("Veuillez indiquer le dernier jour."))
    weekdays = forms.MultipleChoiceField(
        label="Jours de la semaine",
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            **required_message("Cochez au moins un jour de la semaine."),
            "invalid_choice": "Choisissez des jours de la semaine dans la liste.",
        },
    )
    times = forms.CharField(
        label="Horaires",
        max_length=500,
        help_text="Un ou plusieurs horaires séparés par des virgules, ex. 14:00, 20:30.",
        error_messages={
            **required_message("Indiquez au moins un horaire (ex. 14:00, 20:30)."),
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

    def __init__(self, *args, tz_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.tz_name = tz_name
        self.fields["quantity"].label = "Nombre de places par date"
        self._refresh()

    def clean(self):
        """The rules that need no database, on whatever was typed correctly: every error of the form at once."""
        cleaned = super().clean()
        typed_hours = "booking_limit_hours_before" not in self.errors
        hours_before = (cleaned.get("booking_limit_hours_before") or 0) if typed_hours else None
        problems = [
            *offer_rules.recurrence_errors(
                first_day=cleaned.get("first_day"),
                last_day=cleaned.get("last_day"),
                weekdays=cleaned.get("weekdays"),
                times=cleaned.get("times"),
                hours_before=hours_before,
                tz_name=self.tz_name,
                now=timezone.now(),
            ),
            *offer_rules.price_quantity_errors(cleaned.get("price"), cleaned.get("quantity"), new_date=True),
        ]
        for problem in problems:
            self.add_domain_error(problem)
        return cleaned

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
            "price_confirmed": bool(data.get("confirm_price")),
        }
