"""Typed errors of the geocoding connector, each with a stable ``code``."""


class GeocodingError(Exception):
    code = "error"
    default_message = "The geocoder returned an error."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class AddressNotFound(GeocodingError):
    code = "not_found"
    default_message = "No place matches this address."


class GeocodingUnavailable(GeocodingError):
    code = "unavailable"
    default_message = "The geocoder is unavailable."
