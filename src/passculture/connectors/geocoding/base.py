"""The interface every geocoding client implements (the real HTTP client and the in-memory fake)."""

from typing import Protocol, runtime_checkable

from .errors import AddressNotFound
from .types import GeocodedAddress

# The Base Adresse Nationale refuses queries shorter than 3 or longer than 200 characters.
MIN_QUERY_LENGTH = 3
MAX_QUERY_LENGTH = 200


@runtime_checkable
class GeocodingClient(Protocol):
    is_fake: bool

    def geocode(self, address: str, postal_code: str | None = None) -> GeocodedAddress:
        """Best match for a postal address, optionally restricted to a postal code.

        Raises ``AddressNotFound`` when nothing matches, ``GeocodingUnavailable`` when the service fails.
        """
        ...

    def search_municipality(self, query: str) -> GeocodedAddress:
        """The centre of the municipality matching a postal code or a city name."""
        ...


def clean_query(query: str) -> str:
    """Normalise whitespace; refuse (``AddressNotFound``) what no geocoder could match."""
    query = " ".join((query or "").split())
    if len(query) < MIN_QUERY_LENGTH or not query[0].isalnum():
        raise AddressNotFound(f"Query too short or malformed: {query!r}.")
    return query[:MAX_QUERY_LENGTH].rstrip()


def clean_postal_code(postal_code: str | None) -> str | None:
    postal_code = "".join((postal_code or "").split())
    return postal_code or None
