"""What the rest of the application needs to know from Allociné's ``movieShowtimeList`` (a theater's programme).

Every optional field of a movie is parsed on its own: a missing, null or odd value gives its empty form (``""``,
``None``, ``()``) and never loses the movie. Showtimes keep the theater's local time as Allociné gives it (naive
datetime): converting it to UTC needs the venue's time zone, which is the import's business.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum


class MovieType(StrEnum):
    FEATURE_FILM = "FEATURE_FILM"
    COMMERCIAL = "COMMERCIAL"
    BRAND_CONTENT = "BRAND_CONTENT"
    SPECIAL_EVENT = "SPECIAL_EVENT"


class DiffusionVersion(StrEnum):
    """How a showtime is spoken: ``LOCAL`` and ``DUBBED`` make the "VF" offer, ``ORIGINAL`` the "VO" one."""

    LOCAL = "LOCAL"
    DUBBED = "DUBBED"
    ORIGINAL = "ORIGINAL"


# The offer suffix of each diffusion version ("<titre> - VF" / "<titre> - VO").
VERSION_LABELS: dict[str, str] = {
    DiffusionVersion.LOCAL: "VF",
    DiffusionVersion.DUBBED: "VF",
    DiffusionVersion.ORIGINAL: "VO",
}


@dataclass(frozen=True, slots=True)
class Person:
    first_name: str
    last_name: str

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


@dataclass(frozen=True, slots=True)
class Movie:
    """A movie of the programme. ``id`` and ``title`` are always set; everything else may be empty."""

    id: str  # Allociné's opaque id ("TW92aWU6MTMxMTM2"), the stable key of imported offers
    title: str
    internal_id: int | None = None  # Allociné's numeric id (131136)
    type: str = ""  # a MovieType value, or whatever Allociné sent (upper-cased); "" when missing
    genres: tuple[str, ...] = ()
    synopsis: str = ""
    backlink_url: str = ""
    backlink_label: str = ""
    runtime_minutes: int | None = None  # "PT1H50M15S" → 110 (hours and minutes count)
    poster_url: str = ""
    director: Person | None = None
    visa_number: str = ""
    release_date: datetime.date | None = None
    countries: tuple[str, ...] = ()
    cast: tuple[Person, ...] = ()

    @property
    def is_special_event(self) -> bool:
        return self.type == MovieType.SPECIAL_EVENT


@dataclass(frozen=True, slots=True)
class Showtime:
    """One showing. ``projection`` and ``experience`` are kept as given (upper-cased lists) for the eligibility."""

    starts_at: datetime.datetime  # local time of the theater, naive, as Allociné gives it
    diffusion_version: str  # a DiffusionVersion value
    projection: tuple[str, ...] = ()  # ("DIGITAL",) for a standard showing; ("DIGITAL", "F_3D"), ("IMAX",)…
    experience: tuple[str, ...] = ()  # () when none; ("E_4DX",), ("DOLBY_CINEMA",)…

    @property
    def version(self) -> str:
        """``"VF"`` or ``"VO"``: which of the movie's two offers this showing belongs to."""
        return VERSION_LABELS[self.diffusion_version]


@dataclass(frozen=True, slots=True)
class SkippedEntry:
    """A movie or a showtime of the answer that could not be read (no id, no start time…), with its reason.

    ``code`` is stable (``movie_without_id``, ``movie_without_title``, ``showtime_without_start``,
    ``showtime_bad_start``, ``showtime_bad_version``); ``message`` is in French, for the sync report.
    """

    code: str
    message: str
    movie_id: str = ""
    movie_title: str = ""


@dataclass(frozen=True, slots=True)
class MovieShowtimes:
    """A movie and its showtimes at the theater."""

    movie: Movie
    showtimes: tuple[Showtime, ...]


@dataclass(frozen=True, slots=True)
class TheaterProgramme:
    """The whole programme of a theater: every page read, or an error raised (never half a programme)."""

    theater_id: str
    movies: tuple[MovieShowtimes, ...]
    skipped: tuple[SkippedEntry, ...] = ()
    total_count: int | None = None  # what Allociné announced in ``totalCount``
