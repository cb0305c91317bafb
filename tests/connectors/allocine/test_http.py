"""What only the HTTP client does: request shape, paging, transport failures, status mapping, malformed answers."""

import datetime

import httpx
import pytest
import respx

from passculture.connectors.allocine import (
    AllocineMalformedResponse,
    AllocineRateLimited,
    AllocineTheaterNotFound,
    AllocineUnauthorized,
    AllocineUnavailable,
    fake,
)
from passculture.connectors.allocine.http import DEFAULT_API_URL, HttpAllocineClient
from tests.connectors.helpers import load_fixture

from .conftest import API_KEY, BASE_URL, FIXTURES

URL = f"{BASE_URL}/movieShowtimeList"


@pytest.fixture
def router():
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as router:
        yield router


def page(name: str) -> dict:
    return load_fixture(FIXTURES, name)


class TestRequest:
    def test_bearer_key_theater_and_timeout(self, router, http_allocine_client):
        route = router.get(URL).respond(200, json=page("programme_empty.json"))

        http_allocine_client.get_programme(fake.EMPTY_THEATER_ID)

        request = route.calls.last.request
        assert request.headers["Authorization"] == f"Bearer {API_KEY}"
        assert dict(request.url.params) == {"theater": fake.EMPTY_THEATER_ID}
        assert request.extensions["timeout"] == {"connect": 2.0, "read": 2.0, "write": 2.0, "pool": 2.0}

    def test_no_authorization_header_without_a_key(self, router):
        route = router.get(URL).respond(200, json=page("programme_empty.json"))

        HttpAllocineClient(base_url=BASE_URL, api_key="").get_programme("C0100")

        assert "Authorization" not in route.calls.last.request.headers

    def test_defaults_come_from_settings(self, settings):
        settings.ALLOCINE_API_URL = "https://allocine.example/api/"
        settings.ALLOCINE_API_KEY = "from-settings"
        settings.ALLOCINE_TIMEOUT = 12

        client = HttpAllocineClient()

        assert client.base_url == "https://allocine.example/api"
        assert (client.api_key, client.timeout) == ("from-settings", 12)

    def test_built_in_defaults(self, settings):
        del settings.ALLOCINE_API_URL
        del settings.ALLOCINE_TIMEOUT

        client = HttpAllocineClient(api_key="k")

        assert client.base_url == DEFAULT_API_URL
        assert client.timeout == 30


class TestPaging:
    def test_pages_are_followed_with_the_end_cursor(self, router, http_allocine_client):
        route = router.get(URL)
        route.side_effect = [
            httpx.Response(200, json=page("programme_demo_page1.json")),
            httpx.Response(200, json=page("programme_demo_page2.json")),
        ]

        programme = http_allocine_client.get_programme(fake.DEMO_THEATER_ID)

        assert len(programme.movies) == 4
        assert [call.request.url.params.get("after") for call in route.calls] == [None, "YXJyYXljb25uZWN0aW9uOjE="]
        assert programme.movies[0].showtimes[0].starts_at == datetime.datetime(2026, 3, 2, 14, 0)

    @pytest.mark.parametrize(
        "failure",
        [
            httpx.Response(503, text="down"),
            httpx.Response(200, text='{"movieShowtimeList": {"edges": ['),
            httpx.ReadTimeout("slow"),
        ],
    )
    def test_a_failing_second_page_gives_no_half_programme(self, router, http_allocine_client, failure):
        router.get(URL).side_effect = [httpx.Response(200, json=page("programme_demo_page1.json")), failure]

        with pytest.raises((AllocineUnavailable, AllocineMalformedResponse)):
            http_allocine_client.get_programme(fake.DEMO_THEATER_ID)

    def test_a_cursor_seen_twice_is_refused(self, router, http_allocine_client):
        router.get(URL).respond(200, json=page("programme_demo_page1.json"))  # always announces the same next page

        with pytest.raises(AllocineMalformedResponse) as excinfo:
            http_allocine_client.get_programme(fake.DEMO_THEATER_ID)

        assert excinfo.value.code == "malformed_response"

    def test_another_page_without_a_cursor_is_refused(self, router, http_allocine_client):
        body = page("programme_empty.json")
        body["movieShowtimeList"]["pageInfo"] = {"hasNextPage": True, "endCursor": None}
        router.get(URL).respond(200, json=body)

        with pytest.raises(AllocineMalformedResponse):
            http_allocine_client.get_programme("C0100")


class TestFailures:
    @pytest.mark.parametrize(
        ("status", "error"),
        [
            (400, AllocineUnavailable),
            (401, AllocineUnauthorized),
            (403, AllocineUnauthorized),
            (404, AllocineTheaterNotFound),
            (429, AllocineRateLimited),
            (500, AllocineUnavailable),
            (502, AllocineUnavailable),
            (503, AllocineUnavailable),
            (504, AllocineUnavailable),
            (302, AllocineUnavailable),
        ],
    )
    def test_http_status(self, router, http_allocine_client, status, error):
        router.get(URL).respond(status, json={"error": "x"})

        with pytest.raises(error):
            http_allocine_client.get_programme("C0042")

    @pytest.mark.parametrize(
        "exception",
        [httpx.ConnectTimeout("t"), httpx.ReadTimeout("t"), httpx.PoolTimeout("t"), httpx.ConnectError("refused")],
    )
    def test_timeouts_and_connection_errors(self, router, http_allocine_client, exception):
        router.get(URL).mock(side_effect=exception)

        with pytest.raises(AllocineUnavailable) as excinfo:
            http_allocine_client.get_programme("C0042")

        assert excinfo.value.code == "unavailable"

    @pytest.mark.parametrize(
        "body",
        ["", "<html>Maintenance</html>", '{"movieShowtimeList": {"edges": [', "\xff\xfe"],
        ids=["empty", "html", "truncated", "binary"],
    )
    def test_malformed_json(self, router, http_allocine_client, body):
        router.get(URL).respond(200, content=body.encode("latin-1"))

        with pytest.raises(AllocineMalformedResponse) as excinfo:
            http_allocine_client.get_programme("C0042")

        assert "illisible" in excinfo.value.user_message

    @pytest.mark.parametrize(
        "payload",
        [
            load_fixture(FIXTURES, "unexpected_shape.json"),
            [],
            None,
            {"movieShowtimeList": None},
            {"movieShowtimeList": {"edges": None}},
            {"movieShowtimeList": {"edges": {"node": {}}}},
        ],
    )
    def test_unexpected_shape(self, router, http_allocine_client, payload):
        router.get(URL).respond(200, json=payload)

        with pytest.raises(AllocineMalformedResponse):
            http_allocine_client.get_programme("C0042")


class TestOddFields:
    """Recorded page where each entry has one odd field or more: what identifies it decides, nothing else."""

    @pytest.fixture
    def programme(self, router, http_allocine_client):
        router.get(URL).respond(200, json=page("programme_odd_fields.json"))
        return http_allocine_client.get_programme("C0042")

    def test_each_optional_field_is_read_on_its_own(self, programme):
        movie = programme.movies[0].movie

        assert movie.title == "Les Misérables"  # spaces folded
        assert movie.internal_id == 300001  # a numeric string
        assert movie.type == "FEATURE_FILM"  # upper-cased
        assert movie.genres == ("DRAMA",)  # one string instead of a list
        assert (movie.synopsis, movie.backlink_url, movie.runtime_minutes, movie.poster_url) == ("", "", None, "")
        assert (movie.director, movie.visa_number, movie.release_date) == (None, "", None)
        assert movie.countries == ("France",)
        assert [actor.full_name for actor in movie.cast] == ["Damien Bonnard"]

    def test_readable_showtimes_are_kept_with_their_projection_and_experience(self, programme):
        showtimes = programme.movies[0].showtimes

        assert [(s.starts_at.day, s.projection, s.experience) for s in showtimes] == [
            (2, ("DIGITAL",), ()),  # a projection given as one string
            (3, ("DIGITAL",), ("E_4DX",)),  # an experience given as one string
            (4, (), ()),  # no projection at all: kept, the import refuses it as not standard
        ]

    def test_unreadable_entries_are_reported_with_a_code_and_a_french_message(self, programme):
        assert [entry.code for entry in programme.skipped] == [
            "showtime_without_start",
            "showtime_bad_start",
            "showtime_bad_version",
            "showtime_unreadable",
            "movie_without_id",
            "movie_without_title",
            "movie_unreadable",
        ]
        assert all(entry.message.endswith(("ignoré.", "ignorée.")) for entry in programme.skipped)
        assert programme.skipped[2].movie_title == "Les Misérables"

    def test_a_movie_with_only_an_id_and_a_title_is_kept(self, programme):
        entry = programme.movies[1]

        assert entry.movie.title == "Nothing but the title"
        assert entry.showtimes == ()
