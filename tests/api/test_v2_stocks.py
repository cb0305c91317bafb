"""``POST /v2/venue/{venue_id}/stocks``: a stock software pushes a bookstore's stock through the import path."""

import json

import pytest

from passculture.offerers.services import apikey_create
from passculture.offers.models import Offer, Stock
from passculture.providers.models import SyncProblem, SyncRun
from tests.factories import OffererFactory, VenueFactory
from tests.factories.offers import ProductFactory

pytestmark = pytest.mark.django_db

BODY = {
    "stocks": [
        {"ref": "9782070612758", "available": 4, "price": 8.5},
        {"ref": "9782091611099", "available": 2, "price": 26.9},  # a school book
        {"ref": "978207061275", "available": 1, "price": 5},  # not an EAN-13
    ]
}


@pytest.fixture
def key(offerer):
    return apikey_create(offerer, "tests", label="Logiciel de stock")[1]


@pytest.fixture
def catalogue(db):
    ProductFactory(ean="9782070612758", name="Le Petit Prince", price_cents=870)
    ProductFactory(ean="9782091611099", name="Mathématiques 6e", is_eligible=False, ineligibility_reason="school_book")


def push(client, venue_id, key, body=BODY):
    return client.post(
        f"/v2/venue/{venue_id}/stocks", json.dumps(body), content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )  # fmt: skip


def test_a_push_is_imported_and_its_refusals_reported(
    client, venue, key, catalogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = push(client, venue.pk, key)

    assert response.status_code == 204
    stock = Stock.objects.get(offer__venue=venue)
    assert (stock.price_cents, stock.quantity, stock.offer.validation) == (850, 4, "APPROVED")
    run = SyncRun.objects.get(venue=venue)
    assert set(SyncProblem.objects.filter(run=run).values_list("code", flat=True)) == {"school_book", "invalid_ean"}


def test_another_structures_venue_is_not_found(client, key, catalogue):
    other = VenueFactory(offerer=OffererFactory())
    response = push(client, other.pk, key)
    assert response.status_code == 404
    assert not Offer.objects.exists()


def test_a_push_needs_a_valid_key(client, venue):
    assert push(client, venue.pk, "wrong").status_code == 401
