"""The site's icon: every page names it, and /favicon.ico (asked by browsers anyway) leads to it."""

import pytest
from django.contrib.staticfiles import finders

from tests.html import element


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/connexion/", "/catalogue/"])
def test_every_side_names_the_icon(client, path):
    icon = element(client.get(path), "link[rel=icon]")
    assert (icon.get("href") or "").endswith("/dsfr/dist/favicon/favicon.svg")


@pytest.mark.django_db
def test_favicon_ico_leads_to_a_file_that_exists(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/dsfr/dist/favicon/favicon.ico")
    assert finders.find("dsfr/dist/favicon/favicon.ico")
