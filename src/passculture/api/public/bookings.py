"""``/v2/bookings/…``: the countermark API for ticketing software, path-compatible with pass Culture's.

The Guichet's operations (docs/domain/bookings.md#countermark-api), same services, scoped to the API key's structure: a
countermark of another structure is unknown (404). A booking is shown (``GET``) only while it can be validated,
like pass Culture's API: a used or cancelled one is gone (410), a reimbursed one or one still inside its
cancellation window is refused (403). Every attempt, accepted or refused, is audited by the services under the actor
``"API <key prefix>"``.
Errors are ``{"<field>": ["<message>"]}`` (statuses in ``api/errors.py``).
"""

from datetime import UTC
from typing import Any, Literal

from django.core.exceptions import ObjectDoesNotExist
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict
from pydantic.alias_generators import to_camel

from passculture.api.auth import ApiKeyAuth
from passculture.api.errors import PublicErrorOut
from passculture.api.public.throttling import ApiKeyThrottle
from passculture.bookings.models import Booking, BookingStatus, UsedBy
from passculture.bookings.services import (
    booking_cancel_by_offerer_token,
    booking_check_countermark,
    booking_invalidate_countermark,
    booking_validate_countermark,
)

router = Router(
    tags=["Logiciels de billetterie : contremarques"], by_alias=True, auth=ApiKeyAuth(), throttle=ApiKeyThrottle()
)

CANCEL_COMMENT = "Réservation annulée par le logiciel de billetterie de la structure."
SUBSCRIPTION_PREFIXES = ("ABO_", "CARTE_")

ERROR_RESPONSES: dict[int, Any] = {
    401: PublicErrorOut,
    403: PublicErrorOut,
    404: PublicErrorOut,
    410: PublicErrorOut,
    429: PublicErrorOut,
}


class PublicBookingOut(Schema):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    booking_id: str = Field(description="Identifiant de la réservation")
    date_of_birth: str = Field(description="Date de naissance du bénéficiaire (AAAA-MM-JJ), à vérifier sur sa pièce")
    datetime: str = Field(description="Début de l'événement (ISO 8601, UTC) ; vide pour un bien")
    ean13: str = Field(description="EAN-13 du produit (livre, disque…) ; vide sinon")
    email: str = Field(description="Email du bénéficiaire")
    formula: Literal["PLACE", "ABO", ""] = Field(description="PLACE (événement), ABO (abonnement, carte) ou vide")
    is_used: bool
    offer_id: int
    offer_name: str
    offer_type: Literal["BIEN", "EVENEMENT"]
    phone_number: str
    price: float = Field(description="Prix unitaire en euros")
    quantity: int = Field(description="Nombre de places : 1, ou 2 pour une réservation Duo")
    theater: dict[str, Any] = Field(description="Identifiants de la salle chez le logiciel de billetterie, s'il y en a")
    user_name: str = Field(description="Prénom et nom du bénéficiaire")
    venue_address: str
    venue_department_code: str
    venue_name: str


# --- Helpers -----------------------------------------------------------------------------------------------------


def _actor(request) -> str:
    return f"API {request.auth.prefix}"


def _offerer_ids(request) -> list[int]:
    return [request.auth.offerer_id]


def _formula(booking: Booking) -> str:
    if booking.offer.is_event:
        return "PLACE"
    return "ABO" if booking.offer.subcategory_id.startswith(SUBSCRIPTION_PREFIXES) else ""


def _date_of_birth(booking: Booking) -> str:
    try:
        return booking.user.beneficiary.birth_date.isoformat()
    except ObjectDoesNotExist:
        return ""


def _public_booking(booking: Booking) -> dict:
    offer, stock, venue, user = booking.offer, booking.stock, booking.offer.venue, booking.user
    theater = offer.extra_data.get("theater")
    begins = stock.beginning_datetime
    return {
        "booking_id": str(booking.pk),
        "date_of_birth": _date_of_birth(booking),
        "datetime": begins.astimezone(UTC).isoformat().replace("+00:00", "Z") if begins else "",
        "ean13": offer.ean,
        "email": user.email,
        "formula": _formula(booking),
        "is_used": booking.status in (BookingStatus.USED, BookingStatus.REIMBURSED),
        "offer_id": offer.pk,
        "offer_name": offer.name,
        "offer_type": "EVENEMENT" if offer.is_event else "BIEN",
        "phone_number": user.phone,
        "price": booking.unit_price_cents / 100,
        "quantity": booking.quantity,
        "theater": theater if isinstance(theater, dict) else {},
        "user_name": user.full_name,
        "venue_address": venue.street,
        "venue_department_code": venue.department_code,
        "venue_name": venue.name,
    }


# --- Endpoints -----------------------------------------------------------------------------------------------------


@router.get(
    "/bookings/token/{token}",
    response={200: PublicBookingOut, **ERROR_RESPONSES},
    summary="Consulter une réservation",
    url_name="booking-by-token",
)
def get_booking_by_token(request, token: str):
    """La réservation d'une contremarque de votre structure, si elle peut être validée maintenant.

    404 : contremarque inconnue (ou d'une autre structure) ; 410 : déjà validée ou annulée ; 403 : remboursée,
    structure fermée, ou événement encore dans son délai d'annulation.
    """
    return _public_booking(booking_check_countermark(token, _offerer_ids(request), _actor(request)))


@router.patch(
    "/bookings/use/token/{token}",
    response={204: None, **ERROR_RESPONSES},
    summary="Valider une contremarque",
    url_name="booking-use",
)
def use_booking(request, token: str):
    """Valide la contremarque (réservation utilisée), après vérification de la pièce d'identité du bénéficiaire."""
    booking_validate_countermark(token, _offerer_ids(request), _actor(request), used_by=UsedBy.API)
    return Status(204, None)


@router.patch(
    "/bookings/keep/token/{token}",
    response={204: None, **ERROR_RESPONSES},
    summary="Annuler la validation d'une contremarque",
    url_name="booking-keep",
)
def keep_booking(request, token: str):
    """Une contremarque validée, non remboursée, redevient à valider. 410 si elle n'est pas validée ou annulée."""
    booking_invalidate_countermark(token, _offerer_ids(request), _actor(request))
    return Status(204, None)


@router.patch(
    "/bookings/cancel/token/{token}",
    response={204: None, **ERROR_RESPONSES},
    summary="Annuler une réservation",
    url_name="booking-cancel",
)
def cancel_booking(request, token: str):
    """Annule une réservation non utilisée : le bénéficiaire récupère son crédit et il est prévenu par email.

    410 : déjà validée ou déjà annulée ; 403 : remboursée.
    """
    booking_cancel_by_offerer_token(token, _offerer_ids(request), _actor(request), CANCEL_COMMENT)
    return Status(204, None)
