"""THE table from error codes to HTTP statuses, and the exception handlers of the JSON APIs.

Business code raises ``DomainError`` subclasses with a stable ``code`` and a French message; it knows nothing of
HTTP. Each API surface turns them into responses here, and only here:

- the app API (``/native/v1/``) answers ``{"code": "<CODE>", "message": "<French message>"}`` — the shape of the
  real pass Culture app API — with the status of the ``app`` column (400 for every refusal of a booking);
- the ticketing API (``/v2/``, pass Culture's "API contremarque") answers ``{"global": ["<French message>"]}``
  with the status of the ``public`` column: 403 refused, 404 unknown, 410 gone (already used or cancelled),
  429 throttled. Authentication failures are 401 ``{"auth": ["…"]}``.

A code missing from the table is a 400 on both surfaces (``tests/api`` checks that every booking code is listed).
"""

from typing import Any, NamedTuple

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled

from passculture.core.errors import DomainError


class InvalidCredentials(DomainError):
    """Raised by the app's sign-in: ``accounts.services.user_login`` returns ``None`` for wrong credentials."""

    code = "INVALID_CREDENTIALS"
    message = "Identifiant ou mot de passe incorrect."


class MalformedBody(DomainError):
    """ninja's 400 when a body is not JSON, shaped like the other refusals of the app."""

    code = "INVALID_JSON"
    message = "Le corps de la requête n'est pas un document JSON valide."


class ErrorMapping(NamedTuple):
    app: int  # HTTP status in the app API (/native/v1/)
    public: int  # HTTP status in the ticketing API (/v2/)
    app_code: str | None = None  # the code the app receives, when it differs from the domain code


# fmt: off
ERRORS: dict[str, ErrorMapping] = {
    # code                      app   public  app code
    # Booking (booking_create)
    "NO_DEPOSIT":               ErrorMapping(400, 403),
    "STOCK_NOT_BOOKABLE":       ErrorMapping(400, 403),
    "SOLD_OUT":                 ErrorMapping(400, 410),
    "QUANTITY_NOT_ALLOWED":     ErrorMapping(400, 400),
    "ALREADY_BOOKED":           ErrorMapping(400, 403),
    "INSUFFICIENT_CREDIT":      ErrorMapping(400, 403),
    "PHYSICAL_CAP_REACHED":     ErrorMapping(400, 403),
    "DIGITAL_CAP_REACHED":      ErrorMapping(400, 403),
    # Cancelling, validating, invalidating
    "CONFIRMED_BOOKING":        ErrorMapping(400, 403),
    "ALREADY_CANCELLED":        ErrorMapping(400, 410),
    "ALREADY_USED":             ErrorMapping(400, 410),
    "ALREADY_REIMBURSED":       ErrorMapping(400, 403),
    "UNKNOWN_TOKEN":            ErrorMapping(404, 404),
    "TOO_EARLY":                ErrorMapping(400, 403),
    "OFFERER_CLOSED":           ErrorMapping(400, 403),
    "NOT_USED":                 ErrorMapping(400, 410),
    "REASON_REQUIRED":          ErrorMapping(400, 400),
    "TOO_MANY_ATTEMPTS":        ErrorMapping(429, 429),
    # Sign-in of the app (accounts.services.user_login)
    "INVALID_CREDENTIALS":      ErrorMapping(400, 401),
    "EMAIL_NOT_VERIFIED":       ErrorMapping(400, 403, "EMAIL_NOT_VALIDATED"),
    "TOO_MANY_LOGIN_ATTEMPTS":  ErrorMapping(429, 429, "TOO_MANY_ATTEMPTS"),
    # Requests
    "INVALID_JSON":             ErrorMapping(400, 400),
    # The Démarches simplifiées webhook (/api/webhooks/dms/…, the public column)
    "DMS_PROCEDURE_NOT_FOLLOWED": ErrorMapping(400, 400),
    "DMS_PROCEDURE_MISMATCH":   ErrorMapping(400, 400),
    "DMS_STATE_UNKNOWN":        ErrorMapping(400, 400),
    "DMS_DATE_INVALID":         ErrorMapping(400, 400),
    "DMS_DOSSIER_NOT_FOUND":    ErrorMapping(404, 404),
    "DMS_UNAVAILABLE":          ErrorMapping(503, 503),
}
# fmt: on

DEFAULT = ErrorMapping(400, 400)

PUBLIC_FIELD = "global"
AUTH_FIELD = "auth"
THROTTLED_MESSAGE = "Trop de requêtes avec cette clé d'API. Patientez une minute avant de réessayer."


def mapping(error: DomainError) -> ErrorMapping:
    return ERRORS.get(error.code, DEFAULT)


def app_code(error: DomainError) -> str:
    return mapping(error).app_code or error.code


# --- Bodies (documented in the OpenAPI schema) ---------------------------------------------------------------------


class AppErrorOut(Schema):
    code: str
    message: str


class ValidationErrorOut(Schema):
    """ninja's 422: the request does not match the documented schema (``loc``, ``msg``, ``type`` per problem)."""

    detail: list[dict[str, Any]]


# ``{"<field>": ["<message>"]}``, e.g. ``{"global": ["Cette contremarque a déjà été validée."]}``.
PublicErrorOut = dict[str, list[str]]


# --- Handlers ------------------------------------------------------------------------------------------------------


def install_app_handlers(api: NinjaAPI) -> None:
    """The app API: refusals as ``{"code", "message"}``; ``{"detail"}`` (ninja's shape) for 401, 404 and 422."""

    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return api.create_response(request, {"code": app_code(exc), "message": exc.message}, status=mapping(exc).app)

    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = api.create_response(request, {"detail": exc.message}, status=exc.status_code)
        response["WWW-Authenticate"] = "Bearer"
        return response

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:  # ninja could not parse the body
            return domain_error(request, MalformedBody())
        return api.create_response(request, {"detail": exc.message}, status=exc.status_code)

    api.add_exception_handler(DomainError, domain_error)
    api.add_exception_handler(AuthenticationError, authentication_error)
    api.add_exception_handler(HttpError, http_error)


def install_public_handlers(api: NinjaAPI) -> None:
    """The ticketing API: every error body is ``{"<field>": ["<message>"]}``, as pass Culture's API contremarque."""

    def body(request: HttpRequest, field: str, message: str, status: int) -> HttpResponse:
        return api.create_response(request, {field: [message]}, status=status)

    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return body(request, PUBLIC_FIELD, exc.message, mapping(exc).public)

    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = body(request, AUTH_FIELD, exc.message, exc.status_code)
        response["WWW-Authenticate"] = "Bearer"
        return response

    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return body(request, PUBLIC_FIELD, THROTTLED_MESSAGE, 429)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return body(request, PUBLIC_FIELD, exc.message, exc.status_code)

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return body(request, PUBLIC_FIELD, "Ressource introuvable.", 404)

    api.add_exception_handler(DomainError, domain_error)
    api.add_exception_handler(AuthenticationError, authentication_error)
    api.add_exception_handler(Throttled, throttled)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
