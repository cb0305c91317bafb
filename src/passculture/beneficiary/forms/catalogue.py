"""The catalogue search form: input shape and French messages; the search itself is offers.search."""

from django import forms

from passculture.offers.categories import category_choices
from passculture.offers.search import DEFAULT_RADIUS_KM, MAX_TEXT_LENGTH
from passculture.web.forms import Form, SearchTextField

RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (20, "20 km"), (50, "50 km"), (100, "100 km")]
SORT_CHOICES = [
    ("relevance", "Pertinence"),
    ("distance", "Distance"),
    ("date", "Date la plus proche"),
    ("price", "Prix le plus bas"),
]


class CatalogueSearchForm(Form):
    text = SearchTextField(
        label="Rechercher une offre",
        help_text="Titre, auteur, interprète, EAN, nom du lieu",
        required=False,
        max_length=MAX_TEXT_LENGTH,
        error_messages={"max_length": "Votre recherche est trop longue (200 caractères au plus)."},
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Ex. : concert, Harry Potter, 9782070612758"}),
    )
    category = forms.ChoiceField(
        label="Catégorie",
        required=False,
        error_messages={"invalid_choice": "Choisissez une catégorie de la liste."},
    )
    place = SearchTextField(
        label="Autour de",
        help_text="Code postal ou ville",
        required=False,
        max_length=100,
        error_messages={"max_length": "Saisissez un code postal ou un nom de ville (100 caractères au plus)."},
        widget=forms.TextInput(attrs={"placeholder": "Ex. : 69001 ou Lyon", "autocomplete": "address-level2"}),
    )
    radius = forms.TypedChoiceField(
        label="Dans un rayon de",
        choices=RADIUS_CHOICES,
        coerce=int,
        required=False,
        empty_value=DEFAULT_RADIUS_KM,
        initial=DEFAULT_RADIUS_KM,
        error_messages={"invalid_choice": "Choisissez un rayon de la liste."},
    )
    sort = forms.ChoiceField(
        label="Trier par",
        choices=SORT_CHOICES,
        required=False,
        initial="relevance",
        error_messages={"invalid_choice": "Choisissez un tri de la liste."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The categories pros publish in: not the technical one (activation offers) that young people never browse.
        self.fields["category"].choices = [("", "Toutes les catégories"), *category_choices()]

    def clean_text(self) -> str:
        return " ".join(self.cleaned_data["text"].split())

    def clean_place(self) -> str:
        return " ".join(self.cleaned_data["place"].split())

    def clean_sort(self) -> str:
        return self.cleaned_data["sort"] or "relevance"
