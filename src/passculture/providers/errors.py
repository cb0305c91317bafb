"""Refusals of the catalogue imports (docs/domain/imports.md), with their French messages."""

from passculture.core.errors import DomainError


class ProviderNotAvailable(DomainError):
    code = "PROVIDER_NOT_AVAILABLE"
    message = "Ce fournisseur n'est pas proposé pour synchroniser des offres."


class ProviderWrongKind(DomainError):
    code = "PROVIDER_WRONG_KIND"
    message = "{reason}"


class VenueAlreadyLinked(DomainError):
    code = "VENUE_ALREADY_LINKED"
    message = "Ce lieu est déjà synchronisé avec {provider}."


class ProviderCheckFailed(DomainError):
    """The provider said no (unknown venue) or could not answer: its connector's French message."""

    code = "PROVIDER_CHECK_FAILED"
    message = "{reason}"


class VenueIdRequired(DomainError):
    code = "VENUE_ID_REQUIRED"
    message = "Indiquez l'identifiant du lieu chez {provider}."


class PriceRequired(DomainError):
    code = "SYNC_PRICE_REQUIRED"
    message = "Indiquez le prix des séances importées (0 pour la gratuité)."


class SyncAlreadyRunning(DomainError):
    code = "SYNC_ALREADY_RUNNING"
    message = "Une synchronisation de ce lieu est déjà en cours : attendez qu'elle se termine."


class LinkPaused(DomainError):
    code = "SYNC_LINK_PAUSED"
    message = "La synchronisation de ce lieu est en pause : reprenez-la avant d'importer."
