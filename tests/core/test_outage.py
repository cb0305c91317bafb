"""When the database does not answer (core/outage.py): 503 with Retry-After, the APIs' error body, a French page."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from passculture.offerers.services import apikey_create
from tests.html import visible_text

MESSAGE = "Le service est momentanément indisponible. Veuillez réessayer dans quelques minutes."


def unreachable():
    failure = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    return mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=failure)


@pytest.fixture
def database_down():
    with unreachable():
        yield


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_the_app_api_answers_503_with_its_error_body(client, database_down):
    response = client.get("/native/v1/offer/1")
    assert response.status_code == 503
    assert response.json() == {"code": "SERVICE_UNAVAILABLE", "message": MESSAGE}
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_the_ticketing_api_answers_503_with_its_error_body(client, offerer):
    _, clear = apikey_create(offerer, "tests", label="Billetterie")
    with unreachable():
        response = client.get("/v2/bookings/token/ABC123", HTTP_AUTHORIZATION=f"Bearer {clear}")
    assert response.status_code == 503
    assert response.json() == {"global": [MESSAGE]}
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/catalogue/", "/backoffice/"])
def test_pages_answer_a_french_unavailable_page(client, path, database_down):
    client.cookies["sessionid"] = "une-session"  # the session is read from the database
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = visible_text(response)
    assert "Service momentanément indisponible" in text and MESSAGE in text


@pytest.mark.django_db
def test_other_errors_stay_a_500(client):
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=ValueError("bug")):
        response = client.get("/catalogue/")
    assert response.status_code == 500
