from django import forms
from django.template import Context, Template

from passculture.web.htmx import oob_fields
from passculture.web.labels import venue_label
from tests.factories import OffererFactory, VenueFactory


class PlaceForm(forms.Form):
    name = forms.CharField()
    city = forms.CharField()


def test_oob_fields_marks_the_fields_to_swap_and_keeps_their_ids():
    fields = oob_fields(PlaceForm(initial={"name": "Le Lieu"}), ["name", "unknown"])
    assert [field.name for field in fields] == ["name"]
    html = str(fields[0])
    assert 'hx-swap-oob="true"' in html and 'id="id_name"' in html and 'value="Le Lieu"' in html


def test_venue_label(db):
    offerer = OffererFactory(name="Librairie")
    venue = VenueFactory(offerer=offerer)
    assert venue_label(venue, False) == venue.display_name
    assert venue_label(venue, True) == f"Librairie — {venue.display_name}"
    assert venue_label(venue, True, offerer_first=False) == f"{venue.display_name} — Librairie"
    venue.is_virtual = True
    assert venue_label(venue, False) == "Offre numérique"


def _badge(status, kind, **extra):
    template = Template('{% load web %}{% include "web/status_badge.html" with tone=status|badge_tone:kind %}')
    return template.render(Context({"status": status, "kind": kind, "label": "Libellé", **extra})).strip()


def test_status_badge_has_the_tone_of_the_status():
    assert (
        _badge("ACTIVE", "offer") == '<p class="fr-badge fr-badge--sm fr-badge--no-icon fr-badge--success">Libellé</p>'
    )
    assert _badge("INACTIVE", "offer") == '<p class="fr-badge fr-badge--sm fr-badge--no-icon">Libellé</p>'
    assert _badge("CANCELLED", "booking", icon=True) == '<p class="fr-badge fr-badge--sm fr-badge--error">Libellé</p>'


def test_add_domain_error_follows_the_aliases_and_the_shown_fields():
    from passculture.core.errors import DomainError
    from passculture.web.services import add_domain_error

    form = PlaceForm(data={})
    add_domain_error(form, DomainError("Ville inconnue.", field="city"))
    add_domain_error(form, DomainError("Lieu fermé.", field="place"), aliases={"place": "name"})
    add_domain_error(form, DomainError("Ville absente.", field="city"), shown={"name"})
    assert "Ville inconnue." in form.errors["city"] and "Lieu fermé." in form.errors["name"]
    assert form.non_field_errors() == ["Ville absente."]
