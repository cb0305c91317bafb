"""The bookings' search and the cancellation by staff."""

from django import forms

from passculture.bookings.models import BookingStatus
from passculture.web.forms import PlainForm, SearchTextField


class BookingSearchForm(PlainForm):
    q = SearchTextField(
        label="Rechercher une réservation",
        help_text="Contremarque, email ou nom du jeune, titre de l'offre ou EAN.",
        required=False,
        max_length=200,
    )
    statut = forms.ChoiceField(
        label="Statut", required=False, choices=[("", "Tous les statuts"), *BookingStatus.choices]
    )


class CancelBookingForm(PlainForm):
    comment = forms.CharField(
        label="Motif de l'annulation",
        help_text="Ce motif est envoyé par email au jeune et à la structure.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif de l'annulation : il est envoyé au jeune et à la structure."},
    )
