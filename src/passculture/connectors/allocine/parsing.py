"""Pure parsing of Allociné's ``movieShowtimeList`` pages, shared by the HTTP client and the fake.

The document's shape (an object with ``movieShowtimeList.edges``, a list) is required: anything else raises
``AllocineMalformedResponse``. Inside it, each movie and each showtime is read on its own: one that lacks what
identifies it (a movie's id or title, a showtime's start or version) is skipped and reported (``SkippedEntry``);
each optional field of a movie is read on its own and falls back to its empty form.
"""

import datetime
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from .errors import AllocineMalformedResponse
from .types import DiffusionVersion, Movie, MovieShowtimes, Person, Showtime, SkippedEntry, TheaterProgramme

T = TypeVar("T")

_RUNTIME = re.compile(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?")

MESSAGES = {
    "movie_unreadable": "Un film de la programmation Allociné est illisible : il est ignoré.",
    "movie_without_id": "Le film « {title} » n’a pas d’identifiant Allociné : il est ignoré.",
    "movie_without_title": "Le film Allociné {movie_id} n’a pas de titre : il est ignoré.",
    "showtime_unreadable": "Une séance du film « {title} » est illisible : elle est ignorée.",
    "showtime_without_start": "Une séance du film « {title} » n’a pas d’horaire : elle est ignorée.",
    "showtime_bad_start": "Une séance du film « {title} » a un horaire illisible ({value}) : elle est ignorée.",
    "showtime_bad_version": "Une séance du film « {title} » a une version inconnue ({value}) : elle est ignorée.",
}


def _optional(read: Callable[[], T | None], default: T) -> T:
    """One optional field: its value, or ``default`` when missing, null or of an unexpected shape."""
    try:
        value = read()
    except (KeyError, IndexError, TypeError, AttributeError, ValueError):
        return default
    return default if value is None else value


def _text(value: Any) -> str:
    if value is None or isinstance(value, bool | dict | list):
        return ""
    return " ".join(str(value).split())


def _texts(values: Any) -> tuple[str, ...]:
    """A list of strings (or one string) as a tuple of non-empty, upper-cased values."""
    if values is None:
        return ()
    items: Iterable[Any] = (values,) if isinstance(values, str) else values
    if not isinstance(items, list | tuple):
        return ()
    return tuple(text.upper() for text in map(_text, items) if text)


def parse_runtime(value: Any) -> int | None:
    """``"PT1H50M15S"`` → 110 minutes (hours and minutes count, seconds do not)."""
    match = _RUNTIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if not match or not any(match.groups()):
        return None
    hours, minutes, _ = match.groups()
    return int(hours or 0) * 60 + int(minutes or 0)


def _person(data: Any) -> Person | None:
    if not isinstance(data, dict):
        return None
    person = Person(first_name=_text(data.get("firstName")), last_name=_text(data.get("lastName")))
    return person if person.full_name else None


def _date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value[:10]) if isinstance(value, str) else None


def _cast(movie: dict[str, Any]) -> tuple[Person, ...]:
    people = (_actor(edge) for edge in movie["cast"]["edges"])
    return tuple(person for person in people if person is not None)


def _actor(edge: Any) -> Person | None:
    """``{"node": {"actor": {...}}}``; ``None`` when the edge, its node or its actor is missing or null."""
    node = edge.get("node") if isinstance(edge, dict) else None
    return _person(node.get("actor")) if isinstance(node, dict) else None


def _names(items: list[Any]) -> tuple[str, ...]:
    """``[{"name": "France"}, …]`` → ``("France", …)``; entries without a name are left out."""
    names = (_text(item.get("name")) for item in items if isinstance(item, dict))
    return tuple(name for name in names if name)


def _internal_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdecimal()):
        return int(value)
    return None


def parse_movie(movie: dict[str, Any]) -> Movie | SkippedEntry:
    movie_id = _text(movie.get("id"))
    title = _text(movie.get("title"))
    if not movie_id:
        return SkippedEntry("movie_without_id", MESSAGES["movie_without_id"].format(title=title), movie_title=title)
    if not title:
        message = MESSAGES["movie_without_title"].format(movie_id=movie_id)
        return SkippedEntry("movie_without_title", message, movie_id=movie_id)
    return Movie(
        id=movie_id,
        title=title,
        internal_id=_optional(lambda: _internal_id(movie["internalId"]), None),
        type=_optional(lambda: _text(movie["type"]).upper(), ""),
        genres=_optional(lambda: _texts(movie["genres"]), ()),
        synopsis=_optional(lambda: str(movie["synopsis"]).strip() if isinstance(movie["synopsis"], str) else "", ""),
        backlink_url=_optional(lambda: _text(movie["backlink"]["url"]), ""),
        backlink_label=_optional(lambda: _text(movie["backlink"]["label"]), ""),
        runtime_minutes=_optional(lambda: parse_runtime(movie["runtime"]), None),
        poster_url=_optional(lambda: _text(movie["poster"]["url"]), ""),
        director=_optional(lambda: _person(movie["credits"]["edges"][0]["node"]["person"]), None),
        visa_number=_optional(lambda: _text(movie["releases"][0]["data"]["visa_number"]), ""),
        release_date=_optional(lambda: _date(movie["releases"][0]["releaseDate"]["date"]), None),
        countries=_optional(lambda: _names(movie["countries"]), ()),
        cast=_optional(lambda: _cast(movie), ()),
    )


def parse_showtime(data: Any, movie: Movie) -> Showtime | SkippedEntry:
    def skip(code: str, value: Any = "") -> SkippedEntry:
        message = MESSAGES[code].format(title=movie.title, value=_text(value)[:40])
        return SkippedEntry(code, message, movie_id=movie.id, movie_title=movie.title)

    if not isinstance(data, dict):
        return skip("showtime_unreadable")
    starts_at_text = data.get("startsAt")
    if not starts_at_text:
        return skip("showtime_without_start")
    try:
        starts_at = datetime.datetime.fromisoformat(str(starts_at_text).strip())
    except ValueError:
        return skip("showtime_bad_start", starts_at_text)
    version = _text(data.get("diffusionVersion")).upper()
    if version not in DiffusionVersion.__members__:
        return skip("showtime_bad_version", data.get("diffusionVersion"))
    return Showtime(
        # The theater's wall time is what Allociné means; an offset, if one were ever sent, is not ours to apply.
        starts_at=starts_at.replace(tzinfo=None),
        diffusion_version=DiffusionVersion(version).value,
        projection=_texts(data.get("projection")),
        experience=_texts(data.get("experience")),
    )


def parse_edges(edges: list[Any]) -> tuple[list[MovieShowtimes], list[SkippedEntry]]:
    """The movies of one page (each with its readable showtimes) and what was skipped."""
    movies: list[MovieShowtimes] = []
    skipped: list[SkippedEntry] = []
    for edge in edges:
        node = edge.get("node") if isinstance(edge, dict) else None
        raw_movie = node.get("movie") if isinstance(node, dict) else None
        if not isinstance(raw_movie, dict):
            skipped.append(SkippedEntry("movie_unreadable", MESSAGES["movie_unreadable"]))
            continue
        movie = parse_movie(raw_movie)
        if isinstance(movie, SkippedEntry):
            skipped.append(movie)
            continue
        raw_showtimes = node.get("showtimes") if isinstance(node, dict) else None
        showtimes: list[Showtime] = []
        for raw in raw_showtimes if isinstance(raw_showtimes, list) else []:
            showtime = parse_showtime(raw, movie)
            if isinstance(showtime, SkippedEntry):
                skipped.append(showtime)
            else:
                showtimes.append(showtime)
        movies.append(MovieShowtimes(movie=movie, showtimes=tuple(showtimes)))
    return movies, skipped


def parse_page(payload: Any) -> tuple[list[Any], int | None, str]:
    """Check one page's shape: its edges, ``totalCount`` and the cursor of the next page ("" when it is the last).

    The cursor comes from ``pageInfo {hasNextPage, endCursor}``; a page without ``pageInfo`` is the last.
    """
    document = payload.get("movieShowtimeList") if isinstance(payload, dict) else None
    if not isinstance(document, dict) or not isinstance(document.get("edges"), list):
        raise AllocineMalformedResponse('Allociné did not answer {"movieShowtimeList": {"edges": [...]}}.')
    total = document.get("totalCount")
    total_count = total if isinstance(total, int) and not isinstance(total, bool) else None
    page_info = document.get("pageInfo")
    next_cursor = ""
    if isinstance(page_info, dict) and page_info.get("hasNextPage") is True:
        next_cursor = _text(page_info.get("endCursor"))
        if not next_cursor:
            raise AllocineMalformedResponse("Allociné announced another page without its cursor.")
    return document["edges"], total_count, next_cursor


# A theater's programme fits in a few pages; more than this means a cursor that never ends.
MAX_PAGES = 50


def read_programme(theater_id: str, fetch_page: Callable[[str], Any]) -> TheaterProgramme:
    """Read every page (``fetch_page(cursor)`` returns one decoded JSON page) into one programme, or raise.

    Nothing is returned before the last page is read, so a failing page never gives half a programme.
    """
    movies: list[MovieShowtimes] = []
    skipped: list[SkippedEntry] = []
    total_count: int | None = None
    cursor = ""
    seen: set[str] = set()
    for _ in range(MAX_PAGES):
        edges, page_total, next_cursor = parse_page(fetch_page(cursor))
        total_count = page_total if total_count is None else total_count
        page_movies, page_skipped = parse_edges(edges)
        movies.extend(page_movies)
        skipped.extend(page_skipped)
        if not next_cursor:
            return TheaterProgramme(
                theater_id=theater_id, movies=tuple(movies), skipped=tuple(skipped), total_count=total_count
            )
        if next_cursor in seen:
            raise AllocineMalformedResponse(f"Allociné's paging loops on cursor {next_cursor!r}.")
        seen.add(next_cursor)
        cursor = next_cursor
    raise AllocineMalformedResponse(f"Allociné sent more than {MAX_PAGES} pages.")
