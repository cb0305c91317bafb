"""/healthz and /readyz (core/health.py): cheap, never cached, answered before the host check and the redirects."""

from unittest import mock

import pytest
from django.db import OperationalError, connection

REDIS_TEST_URL = "redis://127.0.0.1:6379/11"


def test_healthz_answers_without_the_database_nor_the_host_check(db, client, settings, django_assert_num_queries):
    settings.SECURE_SSL_REDIRECT = True  # a load balancer probes over plain HTTP…
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="10.0.0.12:8000")  # …by IP address
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {}}
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_does_not_answer(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "error"}}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_503_when_the_configured_broker_does_not_answer(client, settings):
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = "redis://127.0.0.1:1/0", False
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "error"}


@pytest.mark.redis
@pytest.mark.django_db
def test_readyz_checks_the_configured_broker(client, settings):
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = REDIS_TEST_URL, False
    response = client.get("/readyz")
    assert (response.status_code, response.json()["checks"]) == (200, {"database": "ok", "broker": "ok"})
