"""What the application needs from a geocoder."""

from dataclasses import dataclass


@dataclass(frozen=True)
class GeocodedAddress:
    """Best match for an address or a municipality.

    ``street`` is empty for a municipality; ``citycode`` is the INSEE code of the municipality (arrondissement
    for Paris, Lyon and Marseille); ``score`` is the geocoder's confidence between 0 and 1.
    """

    label: str
    street: str
    postal_code: str
    city: str
    citycode: str
    latitude: float
    longitude: float
    score: float
