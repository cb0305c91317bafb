"""The audit log's filter."""

from passculture.web.forms import PlainForm, SearchTextField


class AuditFilterForm(PlainForm):
    action = SearchTextField(
        label="Action",
        help_text="Début du code de l'action, par exemple « offerer.validated » ou « offerer. ».",
        required=False,
        max_length=100,
    )
    acteur = SearchTextField(
        label="Email de l'auteur", help_text="Tout ou partie de l'adresse.", required=False, max_length=254
    )
