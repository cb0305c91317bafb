"""schemathesis against ``/api/openapi.json``: the app API and the countermark API never answer 5xx, and only
answer the statuses, content types and bodies they document (issue 4, §6).

Each operation of ``/native/v1/`` and ``/v2/`` gets schema-valid (positive) and schema-invalid (negative) requests,
through the Django WSGI application in-process (same database transaction as the test), with a real JWT for
``/native/v1/`` (a refresh token for ``refresh_access_token``) and a real API key for ``/v2/``. A documented refusal
of valid data (400 ``SOLD_OUT``, 404 unknown countermark…) is not a failure. A few bookings exist so that generated
ids and countermarks sometimes hit something. 20 examples per operation and mode keep the run around 20 seconds.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from passculture.api.api import api
from passculture.api.auth import ACCESS, REFRESH, issue_token
from passculture.bookings.services import booking_create
from passculture.offerers.services import apikey_create
from tests.factories import BeneficiaryFactory, OfferFactory, StockFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def credentials(db, offerer):
    young = BeneficiaryFactory(email="jeune@example.org")
    venue = VenueFactory(offerer=offerer)
    for index, subcategory in enumerate(["LIVRE_PAPIER", "CONCERT"]):
        stock = StockFactory(
            offer=OfferFactory(venue=venue, subcategory_id=subcategory, name=f"Offre {index}", is_duo=True),
            price_cents=1000,
        )
        booking_create(young, stock.pk, 1)
    StockFactory(offer=OfferFactory(venue=venue, name="Encore disponible"), price_cents=500)
    _, api_key = apikey_create(offerer, "tests")
    return {
        "access": issue_token(young, ACCESS),
        "refresh": issue_token(young, REFRESH),
        "api_key": api_key,
    }


@pytest.fixture
def application():
    """The WSGI application, keeping the test's database connection open between requests (as Django's test
    client does): otherwise ``close_old_connections`` closes it, with the test transaction, on PostgreSQL."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def operations() -> list[tuple[str, str]]:
    """(method, path) of every operation of the app API and of the countermark API in the OpenAPI document."""
    paths = api.get_openapi_schema()["paths"]
    return [
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith(("/native/v1/", "/v2/"))
        for method in operations
    ]


def authorization(path: str, credentials: dict) -> str:
    if path.startswith("/v2/"):
        return f"Bearer {credentials['api_key']}"
    if path == "/native/v1/refresh_access_token":
        return f"Bearer {credentials['refresh']}"
    return f"Bearer {credentials['access']}"


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
@pytest.mark.parametrize(("method", "path"), operations(), ids=[f"{m} {p}" for m, p in operations()])
def test_the_api_honours_its_schema(method, path, mode, credentials, application):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    operation = schema[path][method]
    headers = {"Authorization": authorization(path, credentials)}
    excluded = [positive_data_acceptance]  # a documented refusal (400 SOLD_OUT…) of well-formed data is fine

    @given(case=operation.as_strategy(mode))
    @settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def honours_its_schema(case):
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    honours_its_schema()
