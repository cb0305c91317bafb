"""``/native/v1/offer/{offer_id}`` and ``/native/v1/offers/search``: the catalogue, for the mobile app."""

from django.utils import timezone
from ninja import Query, Router
from ninja.errors import HttpError

from passculture.api.errors import ValidationErrorOut
from passculture.api.native.schemas import ErrorOut, OfferOut, SearchOut, SearchQuery
from passculture.offerers.models import Venue
from passculture.offers import rules
from passculture.offers.models import Offer
from passculture.offers.search import catalogue_stocks, released_offers, search_catalogue

router = Router(tags=["Application : catalogue"], by_alias=True)

OFFER_NOT_FOUND = "Cette offre n'existe pas ou n'est plus proposée."


def _float(value) -> float | None:
    return None if value is None else float(value)


def _venue(venue: Venue) -> dict:
    return {
        "id": venue.pk,
        "name": venue.name,
        "public_name": venue.display_name,
        "address": venue.street,
        "postal_code": venue.postal_code,
        "city": venue.city,
        "department_code": venue.department_code,
        "timezone": venue.timezone,
        "latitude": _float(venue.latitude),
        "longitude": _float(venue.longitude),
    }


@router.get(
    "/offer/{offer_id}",
    response={200: OfferOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Une offre publiée, avec ses stocks",
    url_name="offer",
)
def get_offer(request, offer_id: int):
    """Une offre publiée (validée, active, structure validée), réservable ou non : chaque stock dit s'il l'est."""
    now = timezone.now()
    try:
        offer = released_offers().select_related("venue").get(pk=offer_id)
    except Offer.DoesNotExist:
        raise HttpError(404, OFFER_NOT_FOUND) from None
    return {
        "id": offer.pk,
        "name": offer.name,
        "description": offer.description,
        "subcategory_id": offer.subcategory_id,
        "is_duo": offer.is_duo,
        "is_digital": offer.is_digital,
        "is_released": True,
        "venue": _venue(offer.venue),
        "stocks": [
            {
                "id": stock.pk,
                "beginning_datetime": stock.beginning_datetime,
                "booking_limit_datetime": stock.booking_limit_datetime,
                "price": stock.price_cents,
                "remaining_quantity": stock.remaining_quantity,
                "is_bookable": rules.is_stock_bookable(stock, now),
                "is_sold_out": rules.is_stock_sold_out(stock),
            }
            for stock in catalogue_stocks(offer)
        ],
        "extra_data": offer.extra_data,
    }


@router.get(
    "/offers/search",
    response={200: SearchOut, 422: ValidationErrorOut},
    summary="Rechercher dans le catalogue",
    url_name="offers-search",
)
def search_offers(request, query: Query[SearchQuery]):
    """Les offres réservables : texte, catégorie, lieu (les offres nationales sont toujours incluses), tri."""
    result = search_catalogue(
        text=query.text,
        category_id=query.category or "",
        latitude=query.latitude,
        longitude=query.longitude,
        radius_km=query.radius,
        sort=query.sort,
        page=query.page,
    )
    return {
        "results": [
            {
                "id": item.offer.pk,
                "name": item.offer.name,
                "subcategory_id": item.offer.subcategory_id,
                "is_duo": item.is_duo,
                "is_digital": item.offer.is_digital,
                "is_national": item.offer.is_national,
                "venue": _venue(item.venue),
                "distance_km": None if item.distance_km is None else round(item.distance_km, 2),
                "next_beginning_datetime": item.next_beginning,
                "min_price": item.min_price_cents,
            }
            for item in result.items
        ],
        "total": result.total,
        "total_is_capped": result.total_is_capped,
        "page": result.page,
        "has_next": result.has_next,
    }
