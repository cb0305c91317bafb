"""From what a connector read to import lines: pure mappings, no database (docs/domain/imports.md).

- Allociné: each movie gives up to two offers, "<titre> - VF" and "<titre> - VO"; each showtime a stock, its local
  time read in the venue's time zone; the venue's link gives the price, the places and Duo. The eligibility of each
  showtime (projection, experience, movie type) is checked by the import path, with the wizard's rules.
- Stock software: one offer (and its single stock) per (venue, EAN); the provider's price or, missing, the catalogue's.
- Titelive: a catalogue line gives a product; lines not yet published ("xxx") are skipped.
"""

import datetime
import zoneinfo
from collections.abc import Iterable, Iterator

from passculture.connectors.allocine import MovieShowtimes, Showtime, TheaterProgramme
from passculture.connectors.stocks import StockItemProblem, StockPage
from passculture.connectors.titelive import CatalogueLine, LineProblem
from passculture.offers.services.catalogue import ProductLine
from passculture.offers.services.imports import ImportLine, Problem

BOOK_SUBCATEGORY = "LIVRE_PAPIER"
SHOWING_SUBCATEGORY = "SEANCE_CINE"


def allocine_offer_key(movie_id: str, venue_key: str, version: str) -> str:
    return f"{movie_id}%{venue_key}-{version}"


def allocine_stock_key(movie_id: str, venue_key: str, version: str, starts_at: datetime.datetime) -> str:
    return f"{movie_id}%{venue_key}#{version}/{starts_at.isoformat(timespec='minutes')}"


def book_key(ean: str, venue_key: str) -> str:
    return f"{ean}@{venue_key}"


def in_zone(local: datetime.datetime, tz_name: str) -> datetime.datetime:
    """A theater's naive local time as an aware datetime in UTC."""
    return local.replace(tzinfo=zoneinfo.ZoneInfo(tz_name)).astimezone(datetime.UTC)


def _movie_extra(entry: MovieShowtimes, theater_name: str, theater_id: str) -> dict:
    movie = entry.movie
    extra: dict = {
        "theater": {"name": theater_name, "allocine_theater_id": theater_id},
        "allocine_movie_id": movie.internal_id,
    }
    if movie.visa_number.isdigit():
        extra["visa"] = movie.visa_number
    if movie.director is not None and movie.director.full_name:
        extra["stage_director"] = movie.director.full_name
    if movie.cast:
        extra["performer"] = ", ".join(person.full_name for person in movie.cast[:5] if person.full_name)
    if movie.runtime_minutes:
        extra["duration"] = movie.runtime_minutes
    if movie.poster_url:
        extra["poster_url"] = movie.poster_url
    return {key: value for key, value in extra.items() if value not in (None, "")}


def allocine_lines(
    programme: TheaterProgramme,
    *,
    venue_key: str,
    theater_name: str,
    tz_name: str,
    price_cents: int,
    quantity: int | None,
    is_duo: bool,
) -> Iterator[ImportLine]:
    """One line per showtime of the programme, numbered in reading order."""
    number = 0
    for entry in programme.movies:
        extra = _movie_extra(entry, theater_name, programme.theater_id)
        for showtime in entry.showtimes:
            number += 1
            yield _showing(number, entry, showtime, extra, venue_key, tz_name, price_cents, quantity, is_duo)


def _showing(
    number: int,
    entry: MovieShowtimes,
    showtime: Showtime,
    extra: dict,
    venue_key: str,
    tz_name: str,
    price_cents: int,
    quantity: int | None,
    is_duo: bool,
) -> ImportLine:
    movie, version = entry.movie, showtime.version
    starts = in_zone(showtime.starts_at, tz_name)
    return ImportLine(
        number=number,
        offer_key=allocine_offer_key(movie.id, venue_key, version),
        stock_key=allocine_stock_key(movie.id, venue_key, version, showtime.starts_at),
        subcategory_id=SHOWING_SUBCATEGORY,
        name=movie.title,
        name_suffix=f" - {version}",
        price_cents=price_cents,
        available=quantity,
        beginning=starts,
        booking_limit=starts,
        is_duo=is_duo,
        description=movie.synopsis,
        extra_data=extra,
        projection=showtime.projection,
        experience=showtime.experience,
        movie_type=movie.type or None,
    )


def allocine_skipped(programme: TheaterProgramme) -> list[Problem]:
    """What the connector could not read (a movie without id, a showtime without start…), for the run's report."""
    return [
        Problem(0, entry.movie_id, entry.movie_title or entry.movie_id or "Allociné", entry.code, entry.message)
        for entry in programme.skipped
    ]


def stock_lines(page: StockPage, venue_key: str) -> list[ImportLine]:
    """One line per valid item of a stock software's page (already cents, already deduplicated)."""
    return [
        ImportLine(
            number=item.position,
            offer_key=book_key(item.ref, venue_key),
            stock_key=book_key(item.ref, venue_key),
            subcategory_id=BOOK_SUBCATEGORY,
            ean=item.ref,
            price_cents=item.price_cents,
            available=item.available,
        )
        for item in page.items
    ]


def stock_problems(problems: Iterable[StockItemProblem]) -> list[Problem]:
    return [Problem(p.position, p.ref, p.ref or f"Article {p.position}", p.code, p.message) for p in problems]


def product_line(line: CatalogueLine) -> ProductLine | None:
    """The product a catalogue line describes; ``None`` for a book announced but not yet published."""
    if line.not_yet_published:
        return None
    # Positional, in the order of ``ProductLine``'s fields: a daily file has a million lines (keywords cost more).
    return ProductLine(
        line.line_number,  # number
        line.ean,
        line.title,  # name
        line.authors,  # author
        line.publisher,
        line.summary,  # description
        line.price_cents,
        line.csr_code,
        ",".join(line.clil_codes)[:32],  # clil_code
        line.is_school_book,  # is_school
        line.support_code,
        line.vat_rate,
        line.publication_date,
    )


def line_problem(problem: LineProblem) -> Problem:
    return Problem(problem.line_number, problem.ean, problem.ean or f"Ligne {problem.line_number}", problem.code,
                   problem.message)  # fmt: skip
