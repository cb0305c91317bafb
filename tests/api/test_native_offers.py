"""The app API (``/native/v1/``): the offer, the search, their errors, and the OpenAPI document."""

import datetime

import pytest

from passculture.offerers.models import OffererStatus
from passculture.offers.models import OfferValidation
from tests.factories import (
    PARIS,
    BookFactory,
    EbookFactory,
    EventOfferFactory,
    OffererFactory,
    StockFactory,
    VenueFactory,
    in_days,
)

pytestmark = pytest.mark.django_db


def _utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)


@pytest.fixture
def paris():
    return VenueFactory(
        in_paris=True, public_name="Le Petit Bain", city="Paris", postal_code="75013", street="7 Port de la Gare"
    )


class TestOffer:
    def test_returns_the_offer_its_venue_and_its_stocks(self, client, paris):
        offer = EventOfferFactory(
            venue=paris,
            name="Concert de jazz",
            description="Un quartet.",
            is_duo=True,
            extra_data={"music_type": "JAZZ", "performer": "Les Amis du Swing"},
            with_stock=True,
            stock__price_cents=1500,
            stock__beginning_datetime=_utc(2030, 6, 21, 18, 0),
            stock__booking_limit_datetime=_utc(2030, 6, 20, 18, 0),
            stock__quantity=50,
            stock__booked_quantity=8,
        )
        sold_out = StockFactory(
            offer=offer, price_cents=1000, beginning_datetime=_utc(2030, 6, 23, 18), quantity=2, booked_quantity=2
        )
        past = StockFactory(offer=offer, price_cents=1000, beginning_datetime=in_days(-2), unlimited=True)
        StockFactory(offer=offer, price_cents=1000, beginning_datetime=_utc(2030, 6, 24, 18), is_soft_deleted=True)
        response = client.get(f"/native/v1/offer/{offer.pk}")
        assert response.status_code == 200
        body = response.json()
        assert {
            key: body[key] for key in ["id", "name", "description", "subcategoryId", "isDuo", "isDigital", "isReleased"]
        } == {
            "id": offer.pk,
            "name": "Concert de jazz",
            "description": "Un quartet.",
            "subcategoryId": "CONCERT",
            "isDuo": True,
            "isDigital": False,
            "isReleased": True,
        }
        assert body["extraData"] == {"music_type": "JAZZ", "performer": "Les Amis du Swing"}
        assert body["venue"] == {
            "id": paris.pk,
            "name": paris.name,
            "publicName": "Le Petit Bain",
            "address": "7 Port de la Gare",
            "postalCode": "75013",
            "city": "Paris",
            "departmentCode": "75",
            "timezone": "Europe/Paris",
            "latitude": 48.8566,
            "longitude": 2.3522,
        }
        stocks = {stock["id"]: stock for stock in body["stocks"]}
        assert len(stocks) == 3  # deleted stocks are not listed
        first = stocks[offer.stocks.get(price_cents=1500).pk]
        assert first == {
            "id": first["id"],
            "beginningDatetime": "2030-06-21T18:00:00Z",
            "bookingLimitDatetime": "2030-06-20T18:00:00Z",
            "price": 1500,
            "remainingQuantity": 42,
            "isBookable": True,
            "isSoldOut": False,
        }
        assert stocks[sold_out.pk]["isSoldOut"] is True and stocks[sold_out.pk]["isBookable"] is False
        assert stocks[past.pk]["isBookable"] is False and stocks[past.pk]["remainingQuantity"] is None

    def test_a_released_offer_with_nothing_left_to_book_is_still_returned(self, client, paris):
        offer = EventOfferFactory(venue=paris, with_stock=True, stock__quantity=1, stock__booked_quantity=1)
        body = client.get(f"/native/v1/offer/{offer.pk}").json()
        assert body["isReleased"] is True
        assert [stock["isBookable"] for stock in body["stocks"]] == [False]

    def test_a_digital_thing(self, client):
        offer = EbookFactory(offerer=OffererFactory(), with_stock=True)
        body = client.get(f"/native/v1/offer/{offer.pk}").json()
        assert body["isDigital"] is True
        assert body["stocks"][0]["beginningDatetime"] is None
        assert body["venue"]["latitude"] is None

    @pytest.mark.parametrize(
        "fields",
        [{"validation": OfferValidation.REJECTED}, {"validation": OfferValidation.DRAFT}, {"is_active": False}],
    )
    def test_an_offer_not_released_is_not_found(self, client, paris, fields):
        offer = EventOfferFactory(venue=paris, with_stock=True, **fields)
        response = client.get(f"/native/v1/offer/{offer.pk}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Cette offre n'existe pas ou n'est plus proposée."}

    def test_an_offer_of_a_structure_not_validated_is_not_found(self, client):
        offer = EventOfferFactory(
            venue=VenueFactory(in_paris=True, offerer=OffererFactory(status=OffererStatus.PENDING)), with_stock=True
        )
        assert client.get(f"/native/v1/offer/{offer.pk}").status_code == 404

    def test_an_unknown_offer_is_not_found(self, client):
        response = client.get("/native/v1/offer/987654")
        assert response.status_code == 404
        assert "detail" in response.json()

    def test_a_malformed_id_is_refused(self, client):
        assert client.get("/native/v1/offer/abc").status_code in (404, 422)


class TestSearch:
    def test_text_place_and_national_offers(self, client, paris):
        near = EventOfferFactory(
            venue=paris,
            name="Concert de jazz",
            with_stock=True,
            stock__price_cents=1250,
            stock__beginning_datetime=_utc(2030, 1, 2, 20),
        )
        EventOfferFactory(venue=VenueFactory(in_lyon=True), name="Concert de jazz à Lyon", with_stock=True)
        ebook = EbookFactory(offerer=OffererFactory(), name="Jazz : une histoire (numérique)", with_stock=True)
        response = client.get(
            "/native/v1/offers/search", {"text": "jazz", "latitude": PARIS[0], "longitude": PARIS[1], "radius": 10}
        )
        assert response.status_code == 200
        body = response.json()
        assert (body["total"], body["totalIsCapped"], body["page"], body["hasNext"]) == (2, False, 1, False)
        results = {result["id"]: result for result in body["results"]}
        assert set(results) == {near.pk, ebook.pk}
        assert results[near.pk]["distanceKm"] == 0.0
        assert results[near.pk]["minPrice"] == 1250
        assert results[near.pk]["nextBeginningDatetime"] == "2030-01-02T20:00:00Z"
        assert results[near.pk]["venue"]["publicName"] == "Le Petit Bain"
        assert results[ebook.pk]["distanceKm"] is None and results[ebook.pk]["isNational"] is True

    def test_category_sort_and_pages(self, client, paris):
        for n in range(25):
            BookFactory(venue=paris, name=f"Livre {n}", with_stock=True, stock__price_cents=100 * n)
        EventOfferFactory(venue=paris, name="Concert", with_stock=True)
        first = client.get("/native/v1/offers/search", {"category": "LIVRE", "sort": "price"}).json()
        assert (first["total"], first["hasNext"]) == (25, True)
        assert [r["minPrice"] for r in first["results"]][:3] == [0, 100, 200]
        second = client.get("/native/v1/offers/search", {"category": "LIVRE", "sort": "price", "page": 2}).json()
        assert (len(second["results"]), second["hasNext"], second["page"]) == (5, False, 2)

    def test_only_bookable_offers(self, client, paris):
        EventOfferFactory(venue=paris, name="Visible", with_stock=True)
        EventOfferFactory(venue=paris, name="Complète", with_stock=True, stock__quantity=1, stock__booked_quantity=1)
        EventOfferFactory(venue=paris, name="Refusée", validation=OfferValidation.REJECTED, with_stock=True)
        names = [r["name"] for r in client.get("/native/v1/offers/search").json()["results"]]
        assert names == ["Visible"]

    @pytest.mark.parametrize(
        "params",
        [
            {"latitude": 48.8},
            {"latitude": 100, "longitude": 2},
            {"latitude": 48.8, "longitude": 2, "radius": 0},
            {"latitude": 48.8, "longitude": 2, "radius": 1000},
            {"category": "NOPE"},
            {"sort": "popularity"},
            {"page": 0},
            {"page": "abc"},
            {"text": "x" * 201},
        ],
    )
    def test_bad_parameters_are_refused_with_422(self, client, params):
        response = client.get("/native/v1/offers/search", params)
        assert response.status_code == 422
        assert "detail" in response.json()


class TestOpenApi:
    def test_the_document_lists_the_native_paths_with_their_schemas(self, client):
        response = client.get("/api/openapi.json")
        assert response.status_code == 200
        schema = response.json()
        assert schema["info"]["title"] == "pass Culture"
        assert {"/native/v1/offer/{offer_id}", "/native/v1/offers/search"} <= set(schema["paths"])
        offer = schema["paths"]["/native/v1/offer/{offer_id}"]["get"]
        assert set(offer["responses"]) == {"200", "404", "422"}
        search = schema["paths"]["/native/v1/offers/search"]["get"]
        assert {p["name"] for p in search["parameters"]} >= {
            "text",
            "category",
            "latitude",
            "longitude",
            "radius",
            "page",
        }
        components = schema["components"]["schemas"]
        assert {"isDuo", "isDigital", "isReleased", "venue", "stocks", "subcategoryId"} <= set(
            components["OfferOut"]["properties"]
        )
        stock = components["StockOut"]["properties"]
        assert {
            "beginningDatetime",
            "bookingLimitDatetime",
            "price",
            "remainingQuantity",
            "isBookable",
            "isSoldOut",
        } <= set(stock)

    def test_the_documentation_page_is_served_at_api_docs(self, client):
        response = client.get("/api/docs")
        assert response.status_code == 200
        assert b"openapi.json" in response.content

    def test_the_native_api_serves_no_documentation_of_its_own(self, client):
        assert client.get("/native/v1/docs").status_code == 404
        assert client.get("/native/v1/openapi.json").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["\x00", "jazz\x00", "\x1b[31m", "\x7f"])
def test_control_characters_in_a_search_are_refused_not_a_500(client, typed):
    response = client.get("/native/v1/offers/search", {"text": typed})
    assert response.status_code == 422
