"""The pure parser of movieShowtimeList: runtimes, and no odd field ever loses a movie (Hypothesis)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passculture.connectors.allocine import AllocineMalformedResponse
from passculture.connectors.allocine.parsing import MESSAGES, parse_edges, parse_page, parse_runtime

OPTIONAL_FIELDS = [
    "internalId",
    "type",
    "genres",
    "synopsis",
    "backlink",
    "runtime",
    "poster",
    "credits",
    "releases",
    "countries",
    "cast",
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=10,
)


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        ("PT1H50M15S", 110),
        ("PT2H", 120),
        ("PT45M", 45),
        ("PT0H0M59S", 0),
        ("PT1H50M15.5S", 110),
        ("1h50", None),
        ("PT", None),
        ("", None),
        (110, None),
        (None, None),
    ],
)
def test_runtime(value, minutes):
    assert parse_runtime(value) == minutes


@settings(max_examples=200, deadline=None)
@given(odd=st.dictionaries(st.sampled_from(OPTIONAL_FIELDS), json_values, min_size=1))
def test_odd_optional_fields_never_lose_the_movie(odd):
    movie = {"id": "TW92aWU6MQ==", "title": "Le Film", **odd}

    movies, skipped = parse_edges([{"node": {"movie": movie, "showtimes": []}}])

    assert [entry.movie.title for entry in movies] == ["Le Film"]
    assert skipped == []


@settings(max_examples=300, deadline=None)
@given(edges=st.lists(json_values, max_size=4), showtimes=st.lists(json_values, max_size=4))
def test_every_showtime_is_kept_or_reported_with_a_known_code(edges, showtimes):
    movie_id = "TW92aWU6OTk5OTk5"
    edges = [*edges, {"node": {"movie": {"id": movie_id, "title": "Le Film"}, "showtimes": showtimes}}]

    movies, skipped = parse_edges(edges)

    kept = next(entry for entry in movies if entry.movie.id == movie_id).showtimes
    reported = [entry for entry in skipped if entry.movie_id == movie_id]
    assert len(kept) + len(reported) == len(showtimes)
    assert all(entry.code in MESSAGES and entry.message for entry in skipped)


@settings(max_examples=200, deadline=None)
@given(payload=json_values)
def test_any_document_is_read_or_refused_with_a_coded_error(payload):
    try:
        edges, _total, cursor = parse_page(payload)
    except AllocineMalformedResponse as error:
        assert error.code == "malformed_response"
    else:
        assert isinstance(edges, list) and isinstance(cursor, str)
