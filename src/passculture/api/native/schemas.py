"""Schemas of the app API: camelCase on the wire, money in cents, datetimes in UTC (ISO 8601, ``Z``)."""

import datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime, ConfigDict, field_serializer, model_validator
from pydantic.alias_generators import to_camel

from passculture.api.text import Text
from passculture.offers.categories import CATEGORIES
from passculture.offers.search import DEFAULT_RADIUS_KM, MAX_RADIUS_KM, SORTS

CategoryId = Literal[tuple(category.id for category in CATEGORIES)]  # type: ignore[valid-type]
Sort = Literal[SORTS]  # type: ignore[valid-type]


class CamelSchema(Schema):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


def _utc(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


class ErrorOut(Schema):
    detail: str


class VenueOut(CamelSchema):
    id: int
    name: str
    public_name: str
    address: str = Field(description="Numéro et voie")
    postal_code: str
    city: str
    department_code: str
    timezone: str = Field(description="Fuseau horaire du lieu, dans lequel afficher les dates (ex. Indian/Reunion)")
    latitude: float | None
    longitude: float | None


class StockOut(CamelSchema):
    id: int
    beginning_datetime: AwareDatetime | None = Field(description="Début de l'événement (UTC) ; null pour un bien")
    booking_limit_datetime: AwareDatetime | None
    price: int = Field(description="Prix en centimes d'euro (0 = gratuit)")
    remaining_quantity: int | None = Field(description="Places restantes ; null = illimité")
    is_bookable: bool
    is_sold_out: bool

    @field_serializer("beginning_datetime", "booking_limit_datetime")
    def _as_utc(self, value: datetime.datetime | None) -> str | None:
        return _utc(value)


class OfferOut(CamelSchema):
    id: int
    name: str
    description: str
    subcategory_id: str
    is_duo: bool
    is_digital: bool
    is_released: bool = Field(description="Validée, active, et structure validée")
    venue: VenueOut
    stocks: list[StockOut]
    extra_data: dict[str, Any] = Field(description="Champs propres au type d'offre (ean, author, performer…)")


class SearchResultOut(CamelSchema):
    id: int
    name: str
    subcategory_id: str
    is_duo: bool
    is_digital: bool
    is_national: bool
    venue: VenueOut
    distance_km: float | None = Field(description="Distance au lieu en km ; null sans lieu ou pour une offre nationale")
    next_beginning_datetime: AwareDatetime | None = Field(description="Prochaine date réservable (UTC)")
    min_price: int = Field(description="Prix le plus bas en centimes")

    @field_serializer("next_beginning_datetime")
    def _as_utc(self, value: datetime.datetime | None) -> str | None:
        return _utc(value)


class SearchOut(CamelSchema):
    results: list[SearchResultOut]
    total: int = Field(description="Nombre de résultats, exact jusqu'à 1 000 (voir totalIsCapped)")
    total_is_capped: bool = Field(description="Vrai quand il y a plus de résultats que total")
    page: int
    has_next: bool


class SearchQuery(Schema):
    text: Text = Field("", max_length=200, description="Titre, auteur, interprète, EAN ou nom du lieu")
    category: CategoryId | None = Field(None, description="Identifiant de catégorie (ex. LIVRE, CINEMA)")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    radius: float | None = Field(
        None, gt=0, le=MAX_RADIUS_KM, description=f"Rayon en km autour du point (défaut {DEFAULT_RADIUS_KM})"
    )
    sort: Sort = "relevance"
    page: int = Field(1, ge=1, le=500)

    @model_validator(mode="after")
    def _place(self) -> "SearchQuery":
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude et longitude vont ensemble")
        return self
