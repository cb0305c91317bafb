"""Typed errors of the Sirene connector. Each has a stable ``code``; the UI maps codes to French messages."""


class SireneError(Exception):
    code = "error"
    default_message = "The Sirene register returned an error."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class SireneInvalidIdentifier(SireneError):
    """The number is not a well-formed SIREN (9 digits) or SIRET (14 digits) with a valid check digit."""

    code = "invalid"
    default_message = "Invalid SIREN or SIRET number."


class SireneNotFound(SireneError):
    code = "not_found"
    default_message = "Unknown to the Sirene register."


class SireneNotDiffusible(SireneError):
    """The register refuses to disclose this unit (HTTP 403)."""

    code = "not_diffusible"
    default_message = "The Sirene register does not disclose this unit."


class SireneRateLimited(SireneError):
    code = "rate_limited"
    default_message = "Too many requests to the Sirene register; try again later."


class SireneUnavailable(SireneError):
    code = "unavailable"
    default_message = "The Sirene register is unavailable."
