"""Démarches simplifiées connector: the dossiers (applications) of the bank details procedures (API v2, GraphQL).

``get_dms_client()`` returns the client chosen by ``settings.DMS_BACKEND`` (the fake by default).
"""

from passculture.connectors import load_connector

from .base import DmsClient, iter_dossiers
from .errors import DmsError, DmsNotFound, DmsRateLimited, DmsUnauthorized, DmsUnavailable
from .types import DmsState, Dossier, DossierPage

__all__ = [
    "DmsClient",
    "DmsError",
    "DmsNotFound",
    "DmsRateLimited",
    "DmsState",
    "DmsUnauthorized",
    "DmsUnavailable",
    "Dossier",
    "DossierPage",
    "get_dms_client",
    "iter_dossiers",
]


def get_dms_client() -> DmsClient:
    return load_connector("DMS_BACKEND")
