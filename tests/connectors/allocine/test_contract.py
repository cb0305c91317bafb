"""The contract every Allociné client honours: run against the fake and the HTTP client (recorded payloads)."""

import datetime

import pytest

from passculture.connectors.allocine import (
    AllocineClient,
    AllocineError,
    AllocineRateLimited,
    AllocineTheaterNotFound,
    AllocineUnauthorized,
    AllocineUnavailable,
    MovieType,
    TheaterProgramme,
    fake,
)


def by_title(programme: TheaterProgramme) -> dict:
    return {entry.movie.title: entry for entry in programme.movies}


def test_implements_the_interface(allocine_client):
    assert isinstance(allocine_client, AllocineClient)


class TestDemoProgramme:
    def test_every_page_is_read(self, allocine_client):
        programme = allocine_client.get_programme(fake.DEMO_THEATER_ID)

        assert programme.theater_id == fake.DEMO_THEATER_ID
        assert programme.total_count == 4
        assert set(by_title(programme)) == {
            "Le Comte de Monte-Cristo",
            "Dune : Deuxième partie",
            "Le Voyage de Chihiro",
            "La Traviata (Opéra de Paris, en direct)",
        }
        assert programme.skipped == ()

    def test_a_movie_with_all_its_fields(self, allocine_client):
        movie = by_title(allocine_client.get_programme(fake.DEMO_THEATER_ID))["Le Comte de Monte-Cristo"].movie

        assert movie.id == fake.MONTE_CRISTO_ID
        assert movie.internal_id == 295612
        assert movie.type == MovieType.FEATURE_FILM
        assert movie.runtime_minutes == 178
        assert movie.synopsis.startswith("Victime d’un complot")
        # Allociné escapes the slashes of its URLs; the client gives them back as plain URLs.
        assert movie.poster_url == "https://fr.web.img6.acsta.net/pictures/24/05/23/monte-cristo.jpg"
        assert movie.backlink_url.startswith("https://www.allocine.fr/film/")
        assert movie.director is not None and movie.director.full_name == "Alexandre de La Patellière"
        assert movie.visa_number == "158132"
        assert movie.release_date == datetime.date(2024, 6, 28)
        assert movie.countries == ("France",)
        assert [actor.full_name for actor in movie.cast] == ["Pierre Niney", "Anaïs Demoustier"]

    def test_a_null_actor_is_left_out_and_the_others_kept(self, allocine_client):
        movie = by_title(allocine_client.get_programme(fake.DEMO_THEATER_ID))["Dune : Deuxième partie"].movie

        assert [actor.full_name for actor in movie.cast] == ["Timothée Chalamet"]
        assert movie.countries == ("USA", "Canada")

    def test_missing_optional_fields_never_lose_the_movie(self, allocine_client):
        entry = by_title(allocine_client.get_programme(fake.DEMO_THEATER_ID))["Le Voyage de Chihiro"]

        movie = entry.movie
        assert (movie.synopsis, movie.runtime_minutes, movie.poster_url, movie.director) == ("", None, "", None)
        assert (movie.visa_number, movie.release_date, movie.cast) == ("", None, ())
        assert {showtime.version for showtime in entry.showtimes} == {"VF", "VO"}

    def test_showtimes_keep_the_local_time_the_version_projection_and_experience(self, allocine_client):
        showtimes = by_title(allocine_client.get_programme(fake.DEMO_THEATER_ID))["Dune : Deuxième partie"].showtimes

        assert all(showtime.starts_at.tzinfo is None for showtime in showtimes)
        assert {(s.version, s.projection, s.experience) for s in showtimes} == {
            ("VF", ("DIGITAL",), ()),
            ("VO", ("DIGITAL",), ()),
            ("VO", ("IMAX",), ()),
            ("VF", ("DIGITAL", "F_3D"), ()),
            ("VF", ("DIGITAL",), ("DOLBY_CINEMA",)),
            ("VO", ("DIGITAL",), ("E_4DX",)),  # one value, not a list
            ("VF", ("DIGITAL",), ("DOLBY_ATMOS",)),
        }

    def test_a_special_event_is_returned_with_its_type(self, allocine_client):
        movie = by_title(allocine_client.get_programme(fake.DEMO_THEATER_ID))["La Traviata (Opéra de Paris, en direct)"]

        assert movie.movie.is_special_event
        assert movie.movie.runtime_minutes == 190  # "PT3H10M"

    def test_the_id_is_trimmed(self, allocine_client):
        assert allocine_client.get_programme(f"  {fake.DEMO_THEATER_ID} ").theater_id == fake.DEMO_THEATER_ID


def test_a_theater_with_nothing_programmed(allocine_client):
    programme = allocine_client.get_programme(fake.EMPTY_THEATER_ID)

    assert programme.movies == ()
    assert programme.total_count == 0


@pytest.mark.parametrize(
    ("theater_id", "error", "code"),
    [
        (fake.UNKNOWN_THEATER_ID, AllocineTheaterNotFound, "theater_not_found"),
        (fake.UNAUTHORIZED_THEATER_ID, AllocineUnauthorized, "unauthorized"),
        (fake.RATE_LIMITED_THEATER_ID, AllocineRateLimited, "rate_limited"),
        (fake.UNAVAILABLE_THEATER_ID, AllocineUnavailable, "unavailable"),
    ],
)
def test_errors_are_coded_with_a_french_message(allocine_client, theater_id, error, code):
    with pytest.raises(error) as excinfo:
        allocine_client.get_programme(theater_id)

    assert isinstance(excinfo.value, AllocineError)
    assert excinfo.value.code == code
    assert "Allociné" in excinfo.value.user_message


@pytest.mark.parametrize("theater_id", ["", "   ", "C0042/../x", "C 0042", "é1234", "x" * 17])
def test_an_id_that_cannot_be_a_theater_makes_no_call(allocine_client, allocine_calls, theater_id):
    with pytest.raises(AllocineTheaterNotFound):
        allocine_client.get_programme(theater_id)

    assert allocine_calls() == 0
