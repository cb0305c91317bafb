"""The bookings pages: the filters of "Suivi des réservations" and the cancellation by the structure."""

from django import forms

from passculture.bookings import rules
from passculture.web.forms import Form, SearchTextField
from passculture.web.labels import venue_label


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=DateInput(), error_messages={"invalid": "Date invalide (jj/mm/aaaa)."}
    )


class BookingFilterForm(Form):
    q = SearchTextField(
        label="Rechercher",
        help_text="Contremarque, nom ou email du bénéficiaire, nom de l'offre ou EAN",
        required=False,
        max_length=200,
    )
    venue = forms.ChoiceField(label="Lieu", required=False)
    status = forms.ChoiceField(
        label="Statut", required=False, choices=[("", "Tous les statuts"), *rules.PRO_STATUS_CHOICES]
    )
    event_date = _date_field("Date de l'évènement")
    period_start = _date_field("Réservées à partir du")
    period_end = _date_field("Jusqu'au")

    def __init__(self, *args, venues, **kwargs):
        super().__init__(*args, **kwargs)
        several = len({venue.offerer_id for venue in venues}) > 1
        self.fields["venue"].choices = [("", "Tous les lieux")] + [
            (str(venue.pk), venue_label(venue, several)) for venue in venues
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", "La fin de la période doit être après son début.")
        return data

    def filters(self) -> dict:
        """The valid filters (an invalid one is shown under its field and ignored)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "search": data.get("q") or "",
            "venue_id": int(data["venue"]) if data.get("venue") else None,
            "status": data.get("status") or "",
            "event_date": data.get("event_date"),
            "period_start": data.get("period_start"),
            "period_end": data.get("period_end"),
        }


class CancelForm(Form):
    comment = forms.CharField(
        label="Motif de l'annulation",
        help_text="Il est envoyé au bénéficiaire par email.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Indiquez le motif de l'annulation : il est envoyé au bénéficiaire."},
    )
