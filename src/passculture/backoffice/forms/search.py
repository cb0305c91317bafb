"""The search of structures and users."""

from passculture.web.forms import PlainForm, SearchTextField


class SearchForm(PlainForm):
    q = SearchTextField(
        label="Rechercher une structure ou un utilisateur",
        help_text="Nom, ville, SIREN ou SIRET d'une structure ; nom, email ou téléphone d'un utilisateur.",
        required=False,
        max_length=200,
    )
