"""The filters of the offers list."""

from django import forms

from passculture.offers import categories
from passculture.offers.models import OfferStatus
from passculture.pro.forms.offers.fields import LocalDateField, OfferForm
from passculture.web.forms import SearchTextField
from passculture.web.labels import venue_label


class OfferFilterForm(OfferForm):
    q = SearchTextField(label="Nom de l'offre ou EAN", required=False, max_length=200)
    venue = forms.ChoiceField(label="Lieu", required=False)
    category = forms.ChoiceField(label="Catégorie", required=False)
    status = forms.ChoiceField(label="Statut", required=False)
    period_start = LocalDateField(label="Dates à partir du", required=False)
    period_end = LocalDateField(label="Jusqu'au", required=False)

    def __init__(self, *args, venues, **kwargs):
        super().__init__(*args, **kwargs)
        several = len({venue.offerer_id for venue in venues}) > 1
        self.fields["venue"].choices = [("", "Tous les lieux")] + [
            (str(venue.pk), venue_label(venue, several, offerer_first=False)) for venue in venues
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
