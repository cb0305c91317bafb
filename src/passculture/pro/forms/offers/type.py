"""Step 1 of the offer wizard: the category, then the type of offer (htmx), then the venue the type allows."""

from django import forms
from django.urls import reverse_lazy

from passculture.offers import categories
from passculture.offers import rules as offer_rules
from passculture.pro.forms.offers.fields import OfferForm, required_message
from passculture.web.labels import venue_label


class VenueField(forms.ChoiceField):
    """Required (its label says so), but left empty it is decided by the form: the digital venue of an online-only
    type is chosen for the pro, any other type asks for a venue."""

    def validate(self, value):
        if value not in self.empty_values:
            super().validate(value)


class OfferTypeForm(OfferForm):
    """Category, then subcategory (htmx), then the venue the subcategory allows."""

    category = forms.ChoiceField(
        label="Catégorie",
        error_messages={
            **required_message("Veuillez choisir une catégorie."),
            "invalid_choice": "Choisissez une catégorie dans la liste.",
        },
    )
    subcategory = forms.ChoiceField(
        label="Type d'offre",
        help_text="Renseignez-le bien : il ne pourra plus être modifié une fois l'offre validée.",
        error_messages={
            **required_message("Veuillez choisir le type d'offre."),
            "invalid_choice": "Choisissez un type d'offre de la catégorie dans la liste.",
        },
    )
    venue = VenueField(
        label="Lieu",
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
            (pk, venue_label(venue, self.several_offerers, offerer_first=False)) for pk, venue in self.venues.items()
        ]
        self.offered_venues = [venue for venue in self.venues.values() if self._venue_allowed(venue)]
        self.fields["venue"].widget.choices = [("", "Sélectionnez un lieu")] + [
            (str(venue.pk), venue_label(venue, self.several_offerers, offerer_first=False))
            for venue in self.offered_venues
        ]
        if self.subcategory and self.subcategory.is_online_only:
            self.fields[
                "venue"
            ].help_text = (
                "Ce type d'offre est numérique : il est rattaché au lieu « Offre numérique » de votre structure."
            )
        elif self.subcategory and self.subcategory.is_offline_only and self.subcategory.is_event:
            self.fields[
                "venue"
            ].help_text = "Ce type d'offre se déroule sur place : choisissez le lieu qui l'accueille."
        elif self.subcategory and self.subcategory.is_offline_only:
            self.fields[
                "venue"
            ].help_text = (
                "Ce type d'offre est retiré sur place : choisissez le lieu où les jeunes viennent le chercher."
            )
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
