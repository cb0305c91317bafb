"""Typed errors of the stock-software connector. Each has a stable ``code`` and a French ``user_message``."""


class StocksError(Exception):
    code = "error"
    default_message = "The stock software returned an error."
    user_message = "Le logiciel de stock a renvoyé une erreur : le stock n’a pas pu être lu."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class StocksSiretUnknown(StocksError):
    """The provider does not know this SIRET (HTTP 404)."""

    code = "siret_unknown"
    default_message = "The stock software does not know this SIRET."
    user_message = "Votre logiciel de stock ne connaît pas le SIRET de ce lieu : vérifiez-le auprès de votre éditeur."


class StocksUnauthorized(StocksError):
    code = "unauthorized"
    default_message = "The stock software refused the credentials (HTTP 401/403)."
    user_message = "Le logiciel de stock a refusé l’accès du pass Culture : vérifiez le paramétrage du fournisseur."


class StocksRateLimited(StocksError):
    code = "rate_limited"
    default_message = "Too many requests to the stock software; try again later."
    user_message = "Le logiciel de stock limite le nombre de requêtes : la synchronisation sera retentée plus tard."


class StocksUnavailable(StocksError):
    """5xx, timeout (60 s by default), connection error: worth retrying later."""

    code = "unavailable"
    default_message = "The stock software is unavailable."
    user_message = "Le logiciel de stock est indisponible pour le moment : la synchronisation sera retentée plus tard."


class StocksMalformedResponse(StocksError):
    """Not JSON, not ``{"stocks": [...]}``, or a paging that cannot advance."""

    code = "malformed_response"
    default_message = "The stock software sent a malformed response."
    user_message = "Le logiciel de stock a renvoyé une réponse illisible : la synchronisation s’est arrêtée."
