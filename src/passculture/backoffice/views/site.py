"""The back office's site map (web/site.py); its accessibility statement is the pro portal's (same look, same team)."""

from passculture.backoffice.decorators import staff_required
from passculture.web import site

SITEMAP = [
    ("Tableau de bord", [("Tableau de bord", "backoffice:home")]),
    (
        "Acteurs culturels",
        [
            ("Structures à valider", "backoffice:offerer-queue"),
            ("Rattachements à valider", "backoffice:attachment-requests"),
            ("Offres à valider", "backoffice:offer-queue"),
            ("Règles de validation des offres", "backoffice:offer-rules"),
        ],
    ),
    (
        "Jeunes et réservations",
        [("Jeunes à vérifier", "backoffice:beneficiary-queue"), ("Réservations", "backoffice:booking-search")],
    ),
    (
        "Outils",
        [
            ("Recherche", "backoffice:search"),
            ("Journal d'audit", "backoffice:audit"),
            ("Paramètres", "backoffice:parameters"),
            ("Plan du site", "backoffice:sitemap"),
        ],
    ),
]


@staff_required
def sitemap(request):
    return site.sitemap(request, base="backoffice/base.html", sections=SITEMAP)
