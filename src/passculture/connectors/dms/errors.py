"""Typed errors of the Démarches simplifiées connector. Each has a stable ``code``."""


class DmsError(Exception):
    code = "error"
    default_message = "Démarches simplifiées returned an error."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class DmsNotFound(DmsError):
    """The procedure or the dossier does not exist (a GraphQL ``not_found`` error)."""

    code = "not_found"
    default_message = "Unknown to Démarches simplifiées."


class DmsUnauthorized(DmsError):
    """The token is missing, wrong or expired (HTTP 401/403), or has no access to this procedure."""

    code = "unauthorized"
    default_message = "Démarches simplifiées refused the API token."


class DmsRateLimited(DmsError):
    code = "rate_limited"
    default_message = "Too many requests to Démarches simplifiées; try again later."


class DmsUnavailable(DmsError):
    """5xx, timeout, connection error, a wrong API URL, an unexpected GraphQL error or a malformed answer."""

    code = "unavailable"
    default_message = "Démarches simplifiées is unavailable."
