"""Typed errors of the Titelive connector. Each has a stable ``code`` and a French ``user_message``."""


class TiteliveError(Exception):
    code = "error"
    default_message = "The Titelive files cannot be read."
    user_message = "Les fichiers du catalogue Titelive n’ont pas pu être lus."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class TiteliveSourceUnavailable(TiteliveError):
    """The directory (or, in production, the FTP server) cannot be listed or a file cannot be opened."""

    code = "source_unavailable"
    default_message = "The Titelive files are unavailable."
    user_message = "Les fichiers du catalogue Titelive sont inaccessibles : l’import sera retenté plus tard."
