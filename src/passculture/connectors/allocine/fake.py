"""An in-memory Allociné for development, demos and tests (no I/O).

It builds the documented JSON pages and reads them with the real parser, so the fake and the HTTP client cannot
disagree on a field. The demo programme's dates follow the calendar: showings from tomorrow on, at the
theater's local time. Reserved theater ids: see ``docs/connectors.md``.
"""

import datetime
from typing import Any

from django.utils import timezone

from .base import clean_theater_id
from .errors import AllocineRateLimited, AllocineTheaterNotFound, AllocineUnauthorized, AllocineUnavailable
from .parsing import read_programme
from .types import TheaterProgramme

DEMO_THEATER_ID = "C0042"  # "Cinéma Démo": the seeded programme below
EMPTY_THEATER_ID = "C0100"  # a theater with nothing programmed
UNKNOWN_THEATER_ID = "C0000"  # AllocineTheaterNotFound (HTTP 404)
UNAUTHORIZED_THEATER_ID = "C0401"  # AllocineUnauthorized (the key is refused)
RATE_LIMITED_THEATER_ID = "C0429"  # AllocineRateLimited
UNAVAILABLE_THEATER_ID = "C0503"  # AllocineUnavailable (Allociné down)

_RAISING = {
    UNKNOWN_THEATER_ID: AllocineTheaterNotFound,
    UNAUTHORIZED_THEATER_ID: AllocineUnauthorized,
    RATE_LIMITED_THEATER_ID: AllocineRateLimited,
    UNAVAILABLE_THEATER_ID: AllocineUnavailable,
}

# Movie ids of the demo programme (Allociné's opaque ids are base64 of "Movie:<internalId>").
MONTE_CRISTO_ID = "TW92aWU6Mjk1NjEy"
DUNE_ID = "TW92aWU6MjY1Nzg1"
CHIHIRO_ID = "TW92aWU6MjgzMTE="
OPERA_ID = "TW92aWU6MzE0MTU5"  # a SPECIAL_EVENT: dropped whole by the import

PAGE_SIZE = 2  # the demo programme comes in two pages, as a bigger theater's would


def _person(first_name: str, last_name: str) -> dict[str, str]:
    return {"firstName": first_name, "lastName": last_name}


def _showtime(day: datetime.date, time: str, version: str, projection: list[str], experience: Any = None) -> dict:
    return {
        "startsAt": f"{day.isoformat()}T{time}:00",
        "diffusionVersion": version,
        "projection": projection,
        "experience": experience,
    }


def demo_edges(today: datetime.date) -> list[dict[str, Any]]:
    """The demo programme, as Allociné's ``edges``: showings on the 7 days after ``today``."""
    day = [today + datetime.timedelta(days=offset) for offset in range(8)]
    digital = ["DIGITAL"]
    monte_cristo = {
        "id": MONTE_CRISTO_ID,
        "internalId": 295612,
        "title": "Le Comte de Monte-Cristo",
        "type": "FEATURE_FILM",
        "genres": ["ADVENTURE", "HISTORICAL"],
        "synopsis": "Victime d’un complot, Edmond Dantès est arrêté le jour de son mariage…",
        "backlink": {
            "url": "https://www.allocine.fr/film/fichefilm_gen_cfilm=295612.html",
            "label": "Tous les détails",
        },
        "runtime": "PT2H58M0S",
        "poster": {"url": "https://fr.web.img6.acsta.net/pictures/24/05/23/monte-cristo.jpg"},
        "credits": {
            "edges": [{"node": {"person": _person("Alexandre", "de La Patellière"), "position": {"name": "DIRECTOR"}}}]
        },
        "releases": [{"name": "Released", "releaseDate": {"date": "2024-06-28"}, "data": {"visa_number": "158132"}}],
        "countries": [{"name": "France", "alpha3": "FRA"}],
        "cast": {
            "edges": [
                {"node": {"actor": _person("Pierre", "Niney"), "role": "Edmond Dantès"}},
                {"node": {"actor": _person("Anaïs", "Demoustier"), "role": "Mercédès"}},
            ]
        },
    }
    dune = {
        "id": DUNE_ID,
        "internalId": 265785,
        "title": "Dune : Deuxième partie",
        "type": "FEATURE_FILM",
        "genres": ["SCIENCE_FICTION"],
        "synopsis": "Paul Atréides s’unit à Chani et aux Fremen pour mener la révolte…",
        "runtime": "PT2H46M0S",
        "poster": {"url": "https://fr.web.img2.acsta.net/pictures/24/01/dune2.jpg"},
        "credits": {"edges": [{"node": {"person": _person("Denis", "Villeneuve")}}]},
        "releases": [{"releaseDate": {"date": "2024-02-28"}, "data": {"visa_number": "157945"}}],
        "countries": [{"name": "USA"}, {"name": "Canada"}],
        "cast": {"edges": [{"node": {"actor": _person("Timothée", "Chalamet")}}, {"node": {"actor": None}}]},
    }
    # Optional fields missing or null on their own: the movie is kept all the same.
    chihiro = {
        "id": CHIHIRO_ID,
        "internalId": 28311,
        "title": "Le Voyage de Chihiro",
        "type": "FEATURE_FILM",
        "genres": ["ANIMATION"],
        "synopsis": None,
        "runtime": None,
        "poster": None,
        "credits": {"edges": []},
        "releases": [],
        "countries": [{"name": "Japon"}],
        "cast": None,
    }
    opera = {
        "id": OPERA_ID,
        "internalId": 314159,
        "title": "La Traviata (Opéra de Paris, en direct)",
        "type": "SPECIAL_EVENT",
        "genres": ["OPERA"],
        "runtime": "PT3H10M",
    }
    return [
        {"node": {"movie": monte_cristo, "showtimes": [
            _showtime(day[1], "14:00", "LOCAL", digital),
            _showtime(day[2], "20:30", "LOCAL", digital),
            _showtime(day[4], "16:00", "LOCAL", digital),
        ]}},
        {"node": {"movie": dune, "showtimes": [
            _showtime(day[1], "20:30", "DUBBED", digital),
            _showtime(day[2], "18:00", "ORIGINAL", digital),
            _showtime(day[3], "20:00", "ORIGINAL", ["IMAX"]),  # IMAX: refused by the import
            _showtime(day[4], "21:00", "DUBBED", ["DIGITAL", "F_3D"]),  # 3D: refused by the import
            _showtime(day[5], "20:45", "DUBBED", digital, ["DOLBY_CINEMA"]),  # an experience: refused
            _showtime(day[6], "22:00", "ORIGINAL", digital, "E_4DX"),  # one experience, not a list: refused
            _showtime(day[3], "22:15", "DUBBED", digital, ["DOLBY_ATMOS"]),  # refused
        ]}},
        {"node": {"movie": chihiro, "showtimes": [
            _showtime(day[3], "10:30", "DUBBED", digital),
            _showtime(day[6], "17:15", "ORIGINAL", digital),
        ]}},
        {"node": {"movie": opera, "showtimes": [_showtime(day[7], "19:30", "LOCAL", digital)]}},
    ]  # fmt: skip


def paginate(edges: list[dict[str, Any]], cursor: str, page_size: int = PAGE_SIZE) -> dict[str, Any]:
    """One page of ``edges`` as Allociné sends it; cursors are the index of the next edge."""
    start = int(cursor) if cursor.isdecimal() else 0
    end = start + page_size
    has_next = end < len(edges)
    return {
        "movieShowtimeList": {
            "totalCount": len(edges),
            "pageInfo": {"hasNextPage": has_next, "endCursor": str(end) if has_next else None},
            "edges": edges[start:end],
        }
    }


class FakeAllocineClient:
    is_fake = True

    def __init__(self, today: datetime.date | None = None) -> None:
        self.today = today  # None: the current date of the site's time zone at each call

    def get_programme(self, theater_id: str) -> TheaterProgramme:
        theater_id = clean_theater_id(theater_id).upper()
        if theater_id in _RAISING:
            raise _RAISING[theater_id]()
        if theater_id == EMPTY_THEATER_ID:
            edges: list[dict[str, Any]] = []
        else:
            edges = demo_edges(self.today or timezone.localdate())
        return read_programme(theater_id, lambda cursor: paginate(edges, cursor))
