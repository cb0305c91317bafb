"""The real geocoding client: the Base Adresse Nationale search API over httpx.

``GET {base}/search/?q=...&limit=1[&postcode=...][&type=municipality]`` answers a GeoJSON FeatureCollection.
"""

import logging
import re
from typing import Any

import httpx
from django.conf import settings

from .base import clean_postal_code, clean_query
from .errors import AddressNotFound, GeocodingError, GeocodingUnavailable
from .types import GeocodedAddress

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api-adresse.data.gouv.fr"
DEFAULT_TIMEOUT = 5.0

_POSTAL_CODE = re.compile(r"^\d{5}$")
# Feature types whose "name" is a street-level label ("8 Boulevard du Port", "Boulevard du Port", "Le Bourg").
_STREET_TYPES = frozenset({"housenumber", "street", "locality"})


def parse_feature_collection(payload: dict[str, Any]) -> GeocodedAddress:
    """Best (first) feature of a BAN answer. Raises ``AddressNotFound`` when there is none."""
    features = payload["features"]
    if not features:
        raise AddressNotFound()
    feature = features[0]
    longitude, latitude = feature["geometry"]["coordinates"][:2]
    properties = feature["properties"]
    kind = properties.get("type") or ""
    street = (properties.get("name") or "") if kind in _STREET_TYPES else ""
    return GeocodedAddress(
        label=properties.get("label") or "",
        street=street,
        postal_code=properties.get("postcode") or "",
        city=properties.get("city") or "",
        citycode=properties.get("citycode") or "",
        latitude=float(latitude),
        longitude=float(longitude),
        score=float(properties.get("score") or 0.0),
    )


class HttpGeocodingClient:
    """Client of the Base Adresse Nationale (api-adresse.data.gouv.fr); no key needed."""

    is_fake = False

    def __init__(self, base_url: str | None = None, timeout: float | None = None):
        self.base_url = (base_url or getattr(settings, "GEOCODING_API_URL", None) or DEFAULT_API_URL).rstrip("/")
        self.timeout = float(timeout or getattr(settings, "GEOCODING_TIMEOUT", None) or DEFAULT_TIMEOUT)

    def geocode(self, address: str, postal_code: str | None = None) -> GeocodedAddress:
        params = {"q": clean_query(address), "limit": "1"}
        postal_code = clean_postal_code(postal_code)
        if postal_code:
            params["postcode"] = postal_code
        return self._search(params)

    def search_municipality(self, query: str) -> GeocodedAddress:
        query = clean_query(query)
        params = {"q": query, "limit": "1", "type": "municipality"}
        if _POSTAL_CODE.match(query):
            params["postcode"] = query
        return self._search(params)

    def _search(self, params: dict[str, str]) -> GeocodedAddress:
        try:
            with httpx.Client(timeout=httpx.Timeout(self.timeout)) as client:
                response = client.get(f"{self.base_url}/search/", params=params)
        except httpx.TimeoutException as exc:
            logger.warning("Geocoding: timeout after %ss", self.timeout)
            raise GeocodingUnavailable("The geocoder did not answer in time.") from exc
        except httpx.HTTPError as exc:
            logger.warning("Geocoding: connection error: %s", exc)
            raise GeocodingUnavailable(f"Cannot reach the geocoder: {exc}") from exc
        if response.status_code == 400:
            # The BAN rejects queries it cannot use ("q must contain between 3 and 200 chars...").
            raise AddressNotFound(f"The geocoder rejected the query {params['q']!r}.")
        if response.status_code != 200:
            logger.warning("Geocoding: HTTP %s", response.status_code)
            raise GeocodingUnavailable(f"The geocoder answered HTTP {response.status_code}.")
        try:
            return parse_feature_collection(response.json())
        except GeocodingError:
            raise
        except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
            logger.warning("Geocoding: unexpected payload: %r", exc)
            raise GeocodingUnavailable("The geocoder sent an unexpected response.") from exc
