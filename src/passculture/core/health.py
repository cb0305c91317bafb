"""``/healthz`` (the process answers) and ``/readyz`` (the database and, when configured, the broker answer).

Answered by the first middleware, before the host check, the HTTPS redirect, the session or the access log: a
load balancer calls them every few seconds by IP address over plain HTTP. Never cached. ``/readyz`` runs
``SELECT 1`` and, when a Celery broker is configured, opens a connection to it (a short timeout): ``200`` when
both answer, ``503`` otherwise, with the state of each check in a small JSON body.
"""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("passculture.health")

BROKER_TIMEOUT_SECONDS = 2


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("readyz: the database does not answer", exc_info=True)
        return False


def broker_answers() -> bool:
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS) as broker:
            broker.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
        return True
    except Exception:
        logger.warning("readyz: the broker does not answer", exc_info=True)
        return False


def _answer(status: str, checks: dict[str, str], code: int) -> JsonResponse:
    response = JsonResponse({"status": status, "checks": checks}, status=code)
    add_never_cache_headers(response)
    return response


def healthz() -> JsonResponse:
    return _answer("ok", {}, 200)


def readyz() -> JsonResponse:
    checks = {"database": "ok" if database_answers() else "error"}
    if settings.CELERY_BROKER_URL and not settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"] = "ok" if broker_answers() else "error"
    ready = all(state == "ok" for state in checks.values())
    return _answer("ok" if ready else "unavailable", checks, 200 if ready else 503)


class HealthMiddleware:
    PROBES = {"/healthz": healthz, "/readyz": readyz}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = self.PROBES.get(request.path_info.rstrip("/"))
        if probe is not None and request.method in {"GET", "HEAD"}:
            return probe()
        return self.get_response(request)
