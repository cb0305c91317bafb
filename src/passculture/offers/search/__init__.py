"""The beneficiaries' catalogue search, one package without a circle: ``geo`` (distances, bounding box) ←
``postgresql`` (the plain SQL PostgreSQL runs) ← ``orm`` (the querysets SQLite runs, and :func:`search_catalogue`,
which picks one of the two). Callers import from here; tests that patch a constant patch it on ``orm``.
"""

from passculture.offers.search.orm import (
    DEFAULT_RADIUS_KM,
    MAX_COUNTED,
    MAX_PAGE_SIZE,
    MAX_RADIUS_KM,
    MAX_TEXT_LENGTH,
    RING_FRACTIONS,
    SORTS,
    CatalogueItem,
    SearchPage,
    catalogue_offer,
    catalogue_stocks,
    haversine_km,
    released_offers,
    search_catalogue,
    venues_within,
)

__all__ = [
    "DEFAULT_RADIUS_KM",
    "MAX_COUNTED",
    "MAX_PAGE_SIZE",
    "MAX_RADIUS_KM",
    "MAX_TEXT_LENGTH",
    "RING_FRACTIONS",
    "SORTS",
    "CatalogueItem",
    "SearchPage",
    "catalogue_offer",
    "catalogue_stocks",
    "haversine_km",
    "released_offers",
    "search_catalogue",
    "venues_within",
]
