"""Typed errors of the Allociné connector. Each has a stable ``code`` and a French ``user_message`` for the pro."""


class AllocineError(Exception):
    code = "error"
    default_message = "Allociné returned an error."
    user_message = "Allociné a renvoyé une erreur : la programmation n’a pas pu être lue."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class AllocineTheaterNotFound(AllocineError):
    """Allociné does not know this theater id (HTTP 404)."""

    code = "theater_not_found"
    default_message = "Unknown Allociné theater."
    user_message = "Allociné ne connaît pas ce cinéma : vérifiez son identifiant Allociné."


class AllocineUnauthorized(AllocineError):
    """The API key was refused (HTTP 401/403)."""

    code = "unauthorized"
    default_message = "Allociné refused the API key."
    user_message = "Allociné a refusé la clé d’accès du pass Culture : l’équipe du pass Culture est prévenue."


class AllocineRateLimited(AllocineError):
    code = "rate_limited"
    default_message = "Too many requests to Allociné; try again later."
    user_message = "Allociné limite le nombre de requêtes : la synchronisation sera retentée plus tard."


class AllocineUnavailable(AllocineError):
    """5xx, timeout, connection error: worth retrying later."""

    code = "unavailable"
    default_message = "Allociné is unavailable."
    user_message = "Allociné est indisponible pour le moment : la synchronisation sera retentée plus tard."


class AllocineMalformedResponse(AllocineError):
    """The answer is not the JSON document of the documented shape (or the paging never ends)."""

    code = "malformed_response"
    default_message = "Allociné sent a malformed response."
    user_message = "Allociné a renvoyé une réponse illisible : aucune séance n’a été importée."
