"""``/api/openapi.json`` documents the app API (``/native/v1/``) and the countermark API (``/v2/``) too."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_lists_the_app_and_countermark_operations(schema):
    paths = schema["paths"]
    assert set(paths["/native/v1/signin"]) == {"post"}
    assert set(paths["/native/v1/refresh_access_token"]) == {"post"}
    assert set(paths["/native/v1/me"]) == {"get"}
    assert set(paths["/native/v1/bookings"]) == {"get", "post"}
    assert set(paths["/native/v1/bookings/{booking_id}/cancel"]) == {"post"}
    assert set(paths["/v2/bookings/token/{token}"]) == {"get"}
    for action in ("use", "keep", "cancel"):
        assert set(paths[f"/v2/bookings/{action}/token/{{token}}"]) == {"patch"}


def test_security_schemes(schema):
    schemes = schema["components"]["securitySchemes"]
    for name in ("AccessTokenAuth", "RefreshTokenAuth", "ApiKeyAuth"):
        assert schemes[name] == {"type": "http", "scheme": "bearer"}
    paths = schema["paths"]
    assert "security" not in paths["/native/v1/signin"]["post"]
    assert paths["/native/v1/refresh_access_token"]["post"]["security"] == [{"RefreshTokenAuth": []}]
    assert paths["/native/v1/bookings"]["post"]["security"] == [{"AccessTokenAuth": []}]
    assert paths["/v2/bookings/token/{token}"]["get"]["security"] == [{"ApiKeyAuth": []}]


def test_documented_statuses(schema):
    paths = schema["paths"]
    assert set(paths["/native/v1/signin"]["post"]["responses"]) == {"200", "400", "422", "429"}
    assert set(paths["/native/v1/bookings"]["post"]["responses"]) == {"200", "400", "401", "422"}
    assert set(paths["/native/v1/bookings/{booking_id}/cancel"]["post"]["responses"]) == {
        "204",
        "400",
        "401",
        "404",
        "422",
    }
    assert set(paths["/v2/bookings/token/{token}"]["get"]["responses"]) == {"200", "401", "403", "404", "410", "429"}
    for action in ("use", "keep", "cancel"):
        responses = paths[f"/v2/bookings/{action}/token/{{token}}"]["patch"]["responses"]
        assert set(responses) == {"204", "401", "403", "404", "410", "429"}


def test_the_app_speaks_camel_case_and_the_bookings_list_keeps_its_keys(schema):
    schemas = schema["components"]["schemas"]
    assert set(schemas["BookingCreateIn"]["properties"]) == {"stockId", "quantity"}
    assert set(schemas["SigninOut"]["properties"]) == {"accessToken", "refreshToken"}
    assert set(schemas["BookingsOut"]["properties"]) == {"ongoing_bookings", "ended_bookings"}
    assert set(schemas["MeOut"]["required"]) >= {"id", "email", "domainsCredit", "isBeneficiary"}
    assert schemas["DomainsCreditOut"]["required"] == ["all"]  # caps may be absent
    assert set(schemas["PublicBookingOut"]["properties"]) == {
        "bookingId",
        "dateOfBirth",
        "datetime",
        "ean13",
        "email",
        "formula",
        "isUsed",
        "offerId",
        "offerName",
        "offerType",
        "phoneNumber",
        "price",
        "quantity",
        "theater",
        "userName",
        "venueAddress",
        "venueDepartmentCode",
        "venueName",
    }


def test_the_swagger_page_is_served(client):
    assert client.get("/api/docs").status_code == 200
