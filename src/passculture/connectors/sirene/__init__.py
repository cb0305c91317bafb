"""Sirene connector: INSEE's register of companies (SIREN) and establishments (SIRET).

``get_sirene_client()`` returns the client chosen by ``settings.SIRENE_BACKEND`` (the fake by default).
"""

from passculture.connectors import load_connector

from .base import SireneClient
from .errors import (
    SireneError,
    SireneInvalidIdentifier,
    SireneNotDiffusible,
    SireneNotFound,
    SireneRateLimited,
    SireneUnavailable,
)
from .types import Address, SirenInfo, SiretInfo

__all__ = [
    "Address",
    "SirenInfo",
    "SireneClient",
    "SireneError",
    "SireneInvalidIdentifier",
    "SireneNotDiffusible",
    "SireneNotFound",
    "SireneRateLimited",
    "SireneUnavailable",
    "SiretInfo",
    "get_sirene_client",
]


def get_sirene_client() -> SireneClient:
    return load_connector("SIRENE_BACKEND")
