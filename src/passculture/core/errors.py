"""The one exception type business code raises.

Each subclass (in the ``errors.py`` of its app) carries a stable ``code`` and a French ``message``: pages show
the message, the API maps the code to an HTTP status in one table.
"""


class DomainError(Exception):
    code: str = "DOMAIN_ERROR"
    message: str = "Une erreur est survenue."
    # The object the refusal is about, when the service found one and the page shows it (the Guichet shows the
    # booking whose countermark it refused).
    subject: object | None = None

    def __init__(self, message: str | None = None, *, code: str | None = None, field: str | None = None, **params):
        self.message = message or self.message
        if params:
            self.message = self.message.format(**params)
        self.code = code or self.code
        self.field = field
        self.params = params
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class ReasonRequired(DomainError):
    """A decision that needs a reason (a rejection, a cancellation by staff): each app subclasses it with its own
    message, so that the code stays one."""

    code = "REASON_REQUIRED"
    message = "Indiquez un motif."
