"""``/native/v1/bookings``: book a stock, list my bookings, cancel one (amounts in cents, datetimes in UTC).

Refusals are 400 ``{"code", "message"}`` with the codes of ``bookings.errors`` (statuses in ``api/errors.py``).
"""

import datetime

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import AwareDatetime, StrictInt, field_serializer

from passculture.api.auth import AccessTokenAuth
from passculture.api.errors import AppErrorOut, ValidationErrorOut
from passculture.api.native.schemas import CamelSchema, ErrorOut, _utc
from passculture.bookings import rules, selectors
from passculture.bookings.models import Booking
from passculture.bookings.services import booking_cancel_by_beneficiary, booking_create

router = Router(tags=["Application : réservations"], by_alias=True, auth=AccessTokenAuth())

BOOKING_NOT_FOUND = "Cette réservation n'existe pas."


class BookingCreateIn(CamelSchema):
    # Strict: "1" or true are not a stock nor a quantity (as the OpenAPI document says: integers).
    stock_id: StrictInt = Field(description="Le stock (date ou article) à réserver")
    quantity: StrictInt = Field(1, description="1, ou 2 pour une offre Duo")


class BookingCreatedOut(CamelSchema):
    booking_id: int


class BookingVenueOut(CamelSchema):
    id: int
    name: str
    public_name: str
    address: str = Field(description="Numéro et voie")
    city: str
    timezone: str = Field(description="Fuseau horaire du lieu, dans lequel afficher les dates (ex. Indian/Reunion)")


class BookingOfferOut(CamelSchema):
    id: int
    name: str
    subcategory_id: str
    is_digital: bool
    url: str = Field(description="Adresse d'accès d'une offre numérique (vide sinon)")
    venue: BookingVenueOut


class BookingStockOut(CamelSchema):
    id: int
    beginning_datetime: AwareDatetime | None = Field(description="Début de l'événement (UTC) ; null pour un bien")
    price: int = Field(description="Prix unitaire en centimes")
    offer: BookingOfferOut

    @field_serializer("beginning_datetime")
    def _as_utc(self, value: datetime.datetime | None) -> str | None:
        return _utc(value)


class BookingOut(CamelSchema):
    id: int
    token: str = Field(description="Contremarque à présenter avec une pièce d'identité")
    quantity: int
    total_amount: int = Field(description="Montant débité en centimes (prix × quantité)")
    cancellation_limit_datetime: AwareDatetime = Field(description="Annulable jusqu'à cette date (UTC)")
    expiration_date: AwareDatetime | None = Field(description="À retirer avant cette date (biens physiques)")
    date_used: AwareDatetime | None
    cancellation_date: AwareDatetime | None
    cancellation_reason: str | None = Field(description="BENEFICIARY, OFFERER, EXPIRED, FRAUD ou BACKOFFICE")
    qr_code_data: str = Field(description="Contenu du QR code (PASSCULTURE:v3;TOKEN:<contremarque>)")
    stock: BookingStockOut

    @field_serializer("cancellation_limit_datetime", "expiration_date", "date_used", "cancellation_date")
    def _as_utc(self, value: datetime.datetime | None) -> str | None:
        return _utc(value)


class BookingsOut(Schema):
    ongoing_bookings: list[BookingOut] = Field(
        description="Réservées, ni utilisées, ni annulées, ni expirées, événement à venir"
    )
    ended_bookings: list[BookingOut] = Field(
        description="Utilisées, remboursées, annulées, expirées ou d'un événement passé"
    )


def _booking(booking: Booking) -> dict:
    stock, offer, venue = booking.stock, booking.offer, booking.offer.venue
    return {
        "id": booking.pk,
        "token": booking.token,
        "quantity": booking.quantity,
        "total_amount": booking.total_cents,
        "cancellation_limit_datetime": booking.cancellation_limit_datetime,
        "expiration_date": booking.expiration_datetime,
        "date_used": booking.used_at,
        "cancellation_date": booking.cancelled_at,
        "cancellation_reason": booking.cancellation_reason or None,
        "qr_code_data": rules.qr_code_data(booking.token),
        "stock": {
            "id": stock.pk,
            "beginning_datetime": stock.beginning_datetime,
            "price": booking.unit_price_cents,
            "offer": {
                "id": offer.pk,
                "name": offer.name,
                "subcategory_id": offer.subcategory_id,
                "is_digital": offer.is_digital,
                "url": offer.url,
                "venue": {
                    "id": venue.pk,
                    "name": venue.name,
                    "public_name": venue.display_name,
                    "address": venue.street,
                    "city": venue.city,
                    "timezone": venue.timezone,
                },
            },
        },
    }


@router.post(
    "/bookings",
    response={200: BookingCreatedOut, 400: AppErrorOut, 401: ErrorOut, 422: ValidationErrorOut},
    summary="Réserver",
    url_name="bookings-create",
)
def create_booking(request, payload: BookingCreateIn):
    """Réserve un stock : 1 place, ou 2 pour une offre Duo ; le prix est débité du crédit.

    Refus (400, `code`) : `NO_DEPOSIT`, `STOCK_NOT_BOOKABLE`, `SOLD_OUT`, `QUANTITY_NOT_ALLOWED`, `ALREADY_BOOKED`,
    `INSUFFICIENT_CREDIT`, `PHYSICAL_CAP_REACHED`, `DIGITAL_CAP_REACHED`.
    """
    booking = booking_create(request.auth, payload.stock_id, payload.quantity)
    return {"booking_id": booking.pk}


@router.get(
    "/bookings", response={200: BookingsOut, 401: ErrorOut}, summary="Mes réservations", url_name="bookings-list"
)
def list_bookings(request):
    """Mes réservations en cours (à utiliser) et terminées (utilisées, annulées, expirées, événement passé), récentes
    d'abord."""
    ongoing, ended = selectors.beneficiary_bookings_split(request.auth, timezone.now())
    return {
        "ongoing_bookings": [_booking(booking) for booking in ongoing],
        "ended_bookings": [_booking(booking) for booking in ended],
    }


@router.post(
    "/bookings/{booking_id}/cancel",
    response={204: None, 400: AppErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Annuler une réservation",
    url_name="bookings-cancel",
)
def cancel_booking(request, booking_id: int):
    """Annule une réservation pendant le délai d'annulation : le crédit et la place sont rendus.

    Refus (400, `code`) : `CONFIRMED_BOOKING` (délai dépassé), `ALREADY_CANCELLED`, `ALREADY_USED`,
    `ALREADY_REIMBURSED`.
    """
    try:
        booking_cancel_by_beneficiary(request.auth, booking_id)
    except Booking.DoesNotExist:
        raise HttpError(404, BOOKING_NOT_FOUND) from None
    return Status(204, None)
