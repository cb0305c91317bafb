"""The geometry both versions of the catalogue search share: the Earth's radius and the bounding box of a circle."""

import math

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_OF_LATITUDE = 111.2


def bounding_box(latitude: float, radius_km: float) -> tuple[float, float]:
    """Half the height and width, in degrees, of the box around a circle of ``radius_km`` at ``latitude``."""
    dlat = radius_km / KM_PER_DEGREE_OF_LATITUDE
    dlng = radius_km / (KM_PER_DEGREE_OF_LATITUDE * max(math.cos(math.radians(latitude)), 0.01))
    return dlat, dlng
