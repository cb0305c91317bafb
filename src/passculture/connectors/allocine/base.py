"""The interface every Allociné client implements (the real HTTP client and the in-memory fake)."""

import re
from typing import Protocol, runtime_checkable

from .errors import AllocineTheaterNotFound
from .types import TheaterProgramme


@runtime_checkable
class AllocineClient(Protocol):
    is_fake: bool

    def get_programme(self, theater_id: str) -> TheaterProgramme:
        """Every movie and showtime of the theater, all pages read.

        Raises an ``AllocineError`` subclass (never returns half a programme): ``AllocineTheaterNotFound``,
        ``AllocineUnauthorized``, ``AllocineRateLimited``, ``AllocineUnavailable``, ``AllocineMalformedResponse``.
        """
        ...


# Allociné theater ids are short codes ("C0159", "P0645", "W7504"); anything else never reaches the API.
THEATER_ID = re.compile(r"[A-Za-z0-9]{1,16}")


def clean_theater_id(theater_id: str) -> str:
    """The theater id, stripped; ``AllocineTheaterNotFound`` (before any call) when it cannot be one."""
    compact = str(theater_id or "").strip()
    if not THEATER_ID.fullmatch(compact):
        raise AllocineTheaterNotFound(f"{theater_id!r} is not an Allociné theater id.")
    return compact
