"""The accessibility statement and the site map of each side of the site (RGAA: a statement linked from every page;
12.1: a second way to reach every page), and "Erreur :" in the title of a page whose form has errors."""

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from tests.factories import BeneficiaryFactory
from tests.html import element, links, parse, visible_text

pytestmark = pytest.mark.django_db

SIDES = {
    # side: (a page of that side, its statement, its site map)
    "pro": ("pro:terms", "pro:accessibility", "pro:sitemap"),
    "young": ("beneficiary:catalogue", "beneficiary:accessibility", "beneficiary:sitemap"),
    "back office": ("backoffice:home", "pro:accessibility", "backoffice:sitemap"),
}


@pytest.mark.parametrize("side", SIDES)
def test_every_side_links_its_statement_and_site_map_from_the_footer(staff_client, side):
    page, statement, sitemap = SIDES[side]
    footer = links(staff_client.get(reverse(page)), "footer a")
    assert reverse(statement) in footer
    assert reverse(sitemap) in footer


@pytest.mark.parametrize("name", ["pro:accessibility", "beneficiary:accessibility"])
def test_the_statement_says_the_conformity_how_to_report_and_the_recourse(client, settings, name):
    settings.SUPPORT_EMAIL = "aide@passculture.example"
    response = client.get(reverse(name))
    text = visible_text(response)
    assert element(response, "h1").text == "Déclaration d'accessibilité"
    assert "partiellement conforme" in text and "RGAA), version 4.1" in text
    assert "Contenus non accessibles" in text
    assert any(href.startswith("mailto:aide@passculture.example") for href in links(response))
    assert "Défenseur des droits" in text and "https://formulaire.defenseurdesdroits.fr/" in links(response)


@pytest.mark.parametrize(
    ("name", "role"),
    [("pro:sitemap", "pro"), ("beneficiary:sitemap", "young"), ("backoffice:sitemap", "staff")],
)
def test_every_link_of_a_site_map_opens_a_page(client, pro, staff, name, role):
    user = {"pro": pro, "staff": staff, "young": BeneficiaryFactory()}[role]
    client.force_login(user)
    response = client.get(reverse(name))
    assert element(response, "h1").text == "Plan du site"
    targets = links(response, "main ul a")
    assert len(targets) >= 5
    for url in targets:
        assert client.get(url, follow=True).status_code == 200, url


def test_the_title_says_error_when_a_submitted_form_has_errors():
    class NameForm(forms.Form):
        name = forms.CharField()

    template = Template("{% load web %}{% error_title_prefix %}Page")
    assert template.render(Context({"form": NameForm()})) == "Page"  # not submitted
    assert template.render(Context({"form": NameForm({"name": "Lou"})})) == "Page"
    assert template.render(Context({"form": NameForm({})})) == "Erreur : Page"
    assert template.render(Context({"forms": {"reject": NameForm({})}})) == "Erreur : Page"


def test_a_page_with_a_refused_form_says_error_in_its_title(pro_client):
    response = pro_client.post(reverse("account:profile"), {"first_name": ""})
    assert parse(response).select_one("title").text.startswith("Erreur : Mon profil")
