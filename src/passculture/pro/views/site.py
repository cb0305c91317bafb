"""The pro portal's accessibility statement and site map (web/site.py), open to everyone."""

from django.urls import reverse

from passculture.web import site

SITEMAP = [
    (
        "Mon compte",
        [
            ("Accueil : mes structures et mes lieux", "pro:home"),
            ("Mon profil", "account:profile"),
            ("Modifier mon mot de passe", "account:password-change"),
            ("Se connecter", "account:login"),
            ("Mot de passe oublié", "account:password-reset"),
            ("Recevoir un nouveau lien de vérification", "account:resend-verification"),
            ("Créer un compte", "pro:signup"),
        ],
    ),
    ("Offres", [("Mes offres", "pro:offers"), ("Créer une offre", "pro:offer-create")]),
    (
        "Réservations",
        [
            ("Suivi des réservations", "pro:bookings"),
            ("Guichet : valider une contremarque", "pro:desk"),
            ("Billets à éditer", "pro:tickets"),
        ],
    ),
    (
        "Informations",
        [
            ("Conditions générales d'utilisation", "pro:terms"),
            ("Déclaration d'accessibilité", "pro:accessibility"),
            ("Plan du site", "pro:sitemap"),
        ],
    ),
]


def accessibility(request):
    return site.accessibility_statement(
        request, base="pro/base.html", service="pass Culture Pro", sitemap_url=reverse("pro:sitemap")
    )


def sitemap(request):
    return site.sitemap(request, base="pro/base.html", sections=SITEMAP)
