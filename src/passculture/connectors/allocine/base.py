"""The interface every Allociné client implements (the real HTTP client and the in-memory fake)."""

from typing import Protocol, runtime_checkable

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
