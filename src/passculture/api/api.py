"""The JSON APIs (django-ninja) and their single OpenAPI document.

Three surfaces, three ``NinjaAPI`` instances, because they differ in audience, authentication and versioning:

- ``api`` at ``/api/``: the public API (ticketing and bookstore software, with API keys), and the home of the
  documentation: ``/api/docs`` (Swagger UI) and ``/api/openapi.json``;
- ``native_api`` at ``/native/v1/``: the young people's mobile app. It serves no documentation of its own: its
  operations are merged into ``api``'s OpenAPI document, so that one page documents everything;
- ``public_api`` at ``/v2/``: the countermark API of ticketing software (API keys), path-compatible with pass
  Culture's; documented by ``api`` too. Its errors are ``{"<field>": ["<message>"]}`` (``api/errors.py``).

See ``docs/adr/0004-api-layout.md``.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from ninja import NinjaAPI

from passculture.api.errors import install_app_handlers, install_public_handlers
from passculture.api.native.auth import router as native_auth_router
from passculture.api.native.bookings import router as native_bookings_router
from passculture.api.native.me import router as native_me_router
from passculture.api.native.offers import router as native_offers_router
from passculture.api.public.bookings import router as public_bookings_router
from passculture.api.public.stocks import router as public_stocks_router
from passculture.api.webhooks.dms import router as dms_webhook_router


class DocumentingAPI(NinjaAPI):
    """A ``NinjaAPI`` whose OpenAPI document also lists the operations of other APIs (``also_documents``)."""

    def __init__(self, *args: Any, also_documents: tuple[NinjaAPI, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.also_documents = also_documents

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for other in self.also_documents:
            other_schema = other.get_openapi_schema()  # its paths carry its own prefix (/native/v1/…)
            for path, operations in other_schema["paths"].items():
                if path in schema["paths"]:
                    raise ImproperlyConfigured(f"Two APIs document the path {path}.")
                schema["paths"][path] = operations
            components = schema.setdefault("components", {})
            for section, definitions in other_schema.get("components", {}).items():
                merged = components.setdefault(section, {})
                for name, definition in definitions.items():
                    if name in merged and merged[name] != definition:
                        raise ImproperlyConfigured(f"Two APIs define different {section} named {name}.")
                    merged[name] = definition
        return schema


native_api = NinjaAPI(
    title="pass Culture — application",
    version="native-v1",
    urls_namespace="native",
    docs_url=None,
    openapi_url=None,
)
native_api.add_router("", native_offers_router)
native_api.add_router("", native_auth_router)
native_api.add_router("", native_me_router)
native_api.add_router("", native_bookings_router)
install_app_handlers(native_api)

public_api = NinjaAPI(
    title="pass Culture — API contremarque",
    version="v2",
    urls_namespace="public-v2",
    docs_url=None,
    openapi_url=None,
)
public_api.add_router("", public_bookings_router)
public_api.add_router("", public_stocks_router)
install_public_handlers(public_api)

api = DocumentingAPI(
    title="pass Culture",
    version="1",
    description=(
        "API de pass Culture. Les routes `/native/v1/…` sont celles de l'application des jeunes "
        "(catalogue, connexion, crédit, réservations) ; les routes `/v2/…` celles des logiciels de billetterie "
        "(API contremarque, authentifiée par « Authorization: Bearer <clé d'API> »)."
    ),
    urls_namespace="api",
    docs_url="/docs",
    also_documents=(native_api, public_api),
)
api.add_router("", dms_webhook_router)
