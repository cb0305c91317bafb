"""The catalogue's accessibility statement and site map (web/site.py), open to everyone."""

from django.urls import reverse

from passculture.web import site

SITEMAP = [
    ("Catalogue", [("Rechercher une offre", "beneficiary:catalogue")]),
    (
        "Mon compte pass Culture",
        [
            ("Mon crédit", "beneficiary:credit"),
            ("Mes réservations", "beneficiary:bookings"),
            ("Se connecter", "beneficiary:login"),
            ("Créer mon compte (18 ans)", "beneficiary:signup"),
            ("Recevoir un nouveau lien de vérification", "beneficiary:resend-verification"),
            ("Mot de passe oublié", "account:password-reset"),
        ],
    ),
    (
        "Informations",
        [
            ("Déclaration d'accessibilité", "beneficiary:accessibility"),
            ("Plan du site", "beneficiary:sitemap"),
        ],
    ),
]


def accessibility(request):
    return site.accessibility_statement(
        request,
        base="beneficiary/base.html",
        service="le catalogue pass Culture",
        sitemap_url=reverse("beneficiary:sitemap"),
    )


def sitemap(request):
    return site.sitemap(request, base="beneficiary/base.html", sections=SITEMAP)
