"""When the database does not answer: ``503`` with ``Retry-After``, never a bare ``500`` page.

``server_error`` is the project's ``handler500``. Django calls it while the exception is being handled: when it
is the database's (``OperationalError``, ``InterfaceError``: unreachable, connection lost), the JSON APIs answer
their error body (``{"code", "message"}``; ``{"global": [message]}`` on ``/v2/``, see ``api/errors.py``) and the
pages a French "service momentanément indisponible" page. The page is rendered without the request's context (its
context processors could need the database). Any other exception keeps Django's ``500``.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

CODE = "SERVICE_UNAVAILABLE"
MESSAGE = "Le service est momentanément indisponible. Veuillez réessayer dans quelques minutes."
RETRY_AFTER_SECONDS = 30
JSON_API_PREFIXES = ("/api/", "/native/")
TICKETING_API_PREFIX = "/v2/"


def unavailable(request) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith(TICKETING_API_PREFIX):
        response = JsonResponse({"global": [MESSAGE]}, status=503)
    elif request.path.startswith(JSON_API_PREFIXES):
        response = JsonResponse({"code": CODE, "message": MESSAGE}, status=503)
    else:
        html = render_to_string("core/unavailable.html", {"message": MESSAGE})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def server_error(request) -> HttpResponse:
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return unavailable(request)
    return defaults.server_error(request)
