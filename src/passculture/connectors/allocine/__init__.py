"""Allociné connector: a cinema's programme (movies and showtimes) from ``movieShowtimeList``.

``get_allocine_client()`` returns the client chosen by ``settings.ALLOCINE_BACKEND`` (the fake by default).
"""

from passculture.connectors import load_connector

from .base import AllocineClient
from .errors import (
    AllocineError,
    AllocineMalformedResponse,
    AllocineRateLimited,
    AllocineTheaterNotFound,
    AllocineUnauthorized,
    AllocineUnavailable,
)
from .types import (
    VERSION_LABELS,
    DiffusionVersion,
    Movie,
    MovieShowtimes,
    MovieType,
    Person,
    Showtime,
    SkippedEntry,
    TheaterProgramme,
)

__all__ = [
    "VERSION_LABELS",
    "AllocineClient",
    "AllocineError",
    "AllocineMalformedResponse",
    "AllocineRateLimited",
    "AllocineTheaterNotFound",
    "AllocineUnauthorized",
    "AllocineUnavailable",
    "DiffusionVersion",
    "Movie",
    "MovieShowtimes",
    "MovieType",
    "Person",
    "Showtime",
    "SkippedEntry",
    "TheaterProgramme",
    "get_allocine_client",
]


def get_allocine_client() -> AllocineClient:
    return load_connector("ALLOCINE_BACKEND")
