"""``POST /v2/venue/{venue_id}/stocks``: a bookstore's stock software pushes its stock (docs/domain/imports.md).

The same body as the polling protocol (``{"stocks": [{"ref": "<EAN13>", "available": 3, "price": 8.5}]}``), with an
API key of the venue's structure: answered ``204`` at once, imported in the background through the one import path
(invalid items and ineligible books are reported in the venue's sync runs). Another structure's venue is a ``404``.
"""

from typing import Any

from django.http import Http404
from ninja import Field, Router, Schema, Status

from passculture.api.auth import ApiKeyAuth
from passculture.api.errors import PublicErrorOut, ValidationErrorOut
from passculture.api.public.throttling import ApiKeyThrottle
from passculture.providers import selectors, services

router = Router(tags=["Logiciels de stock des librairies"], auth=ApiKeyAuth(), throttle=ApiKeyThrottle())

MAX_ITEMS = 10_000


class StocksIn(Schema):
    stocks: list[Any] = Field(
        max_length=MAX_ITEMS,
        description='Les articles : {"ref": "<EAN-13>", "available": <entier ≥ 0>, "price": <prix en euros>}',
    )


@router.post(
    "/venue/{venue_id}/stocks",
    response={
        204: None,
        400: PublicErrorOut,
        401: PublicErrorOut,
        404: PublicErrorOut,
        422: ValidationErrorOut,
        429: PublicErrorOut,
    },
    summary="Envoyer le stock d'une librairie",
    url_name="venue-stocks",
)
def push_stocks(request, venue_id: int, body: StocksIn):
    """Met à jour les offres de livres du lieu d'après son stock ; traité en arrière-plan.

    Seuls les livres éligibles connus du catalogue sont importés ; une offre n'est créée que si `available` > 0.
    400 : corps illisible ; 422 : corps sans liste `stocks` ; 404 : lieu inconnu ou d’une autre structure.
    """
    venue = selectors.venue_of_offerer(venue_id, request.auth.offerer_id)
    if venue is None:
        raise Http404
    services.push_stocks(venue, body.stocks, f"API {request.auth.prefix}")
    return Status(204, None)
