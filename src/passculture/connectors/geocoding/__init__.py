"""Geocoding connector: the Base Adresse Nationale (api-adresse.data.gouv.fr).

``get_geocoding_client()`` returns the client chosen by ``settings.GEOCODING_BACKEND`` (the fake by default).
"""

from passculture.connectors import load_connector

from .base import GeocodingClient
from .errors import AddressNotFound, GeocodingError, GeocodingUnavailable
from .types import GeocodedAddress

__all__ = [
    "AddressNotFound",
    "GeocodedAddress",
    "GeocodingClient",
    "GeocodingError",
    "GeocodingUnavailable",
    "get_geocoding_client",
]


def get_geocoding_client() -> GeocodingClient:
    return load_connector("GEOCODING_BACKEND")
