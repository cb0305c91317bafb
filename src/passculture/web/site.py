"""The pages every side of the site has, each in its own look: the accessibility statement and the site map (RGAA
8.x statement obligation, 12.1: a second way to reach every page). Each interface app serves them from its
``views/site.py`` with its base template; the wording is written once here and in ``web/accessibility.html``."""

from collections.abc import Sequence

from django.shortcuts import render
from django.urls import reverse

# The date of the last check of the statement (the automated audit over every page, and the keyboard runs).
STATEMENT_DATE = "4 décembre 2026"

# (section title, [(link label, URL name), …]) of a site map.
Sitemap = Sequence[tuple[str, Sequence[tuple[str, str]]]]


def accessibility_statement(request, *, base: str, service: str, sitemap_url: str):
    """The "Déclaration d'accessibilité" of ``service`` (a side of the site), in the look of ``base``."""
    return render(
        request,
        "web/accessibility.html",
        {
            "base": base,
            "service": service,
            "service_url": request.build_absolute_uri("/"),
            "sitemap_url": sitemap_url,
            "statement_date": STATEMENT_DATE,
            "title": "Déclaration d'accessibilité",
        },
    )


def sitemap(request, *, base: str, sections: Sitemap):
    """The "Plan du site": each section's links (URL names, reversed here), in the look of ``base``."""
    return render(
        request,
        "web/sitemap.html",
        {
            "base": base,
            "sections": [(title, [(label, reverse(name)) for label, name in links]) for title, links in sections],
            "title": "Plan du site",
        },
    )
