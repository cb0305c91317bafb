"""The booking form of the offer page. Input shape and French messages; the rules live in the services."""

from django import forms

from passculture.web.forms import PlainForm

MAX_ID = 2**31 - 1  # beyond an integer column: no such row, and never a database error


class BookingForm(PlainForm):
    """The booking form of the offer page: which date (stock) and how many places (2 on a Duo offer)."""

    stock = forms.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "required": "Choisissez une date ou un prix dans la liste.",
            "invalid": "Choisissez une date ou un prix dans la liste.",
            "min_value": "Choisissez une date ou un prix dans la liste.",
            "max_value": "Choisissez une date ou un prix dans la liste.",
        },
    )
    quantity = forms.TypedChoiceField(
        choices=[(1, "1"), (2, "2")],
        coerce=int,
        required=False,
        empty_value=1,
        error_messages={"invalid_choice": "Vous pouvez réserver 1 place, ou 2 places pour une offre Duo."},
    )
