"""What only the fake does: a programme that follows the calendar, for any well-formed theater id."""

import datetime

import time_machine

from passculture.connectors.allocine import fake
from passculture.connectors.allocine.fake import FakeAllocineClient


def test_showings_start_tomorrow_at_the_theater_local_time():
    programme = FakeAllocineClient(today=datetime.date(2026, 3, 1)).get_programme(fake.DEMO_THEATER_ID)

    starts = sorted(showtime.starts_at for entry in programme.movies for showtime in entry.showtimes)
    assert starts[0] == datetime.datetime(2026, 3, 2, 14, 0)
    assert starts[-1] == datetime.datetime(2026, 3, 8, 19, 30)


@time_machine.travel(datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC))
def test_today_is_the_date_of_the_site_time_zone():
    programme = FakeAllocineClient().get_programme(fake.DEMO_THEATER_ID)

    first = min(showtime.starts_at for entry in programme.movies for showtime in entry.showtimes)
    assert first.date() == datetime.date(2026, 7, 2)  # already 1 July in Paris: tomorrow is the 2nd


def test_another_theater_gets_the_demo_programme():
    assert len(FakeAllocineClient().get_programme("P0645").movies) == 4
