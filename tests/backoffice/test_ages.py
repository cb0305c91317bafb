import datetime
from zoneinfo import ZoneInfo

import pytest

from passculture.backoffice.ages import late_before, request_age, working_days_between

PARIS = ZoneInfo("Europe/Paris")
D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 3, 3), D(2025, 3, 3), 0),  # same Monday
        (D(2025, 3, 3), D(2025, 3, 4), 1),  # Monday → Tuesday
        (D(2025, 3, 7), D(2025, 3, 8), 0),  # Friday → Saturday
        (D(2025, 3, 7), D(2025, 3, 10), 1),  # Friday → Monday
        (D(2025, 3, 8), D(2025, 3, 10), 1),  # Saturday → Monday
        (D(2025, 3, 3), D(2025, 3, 10), 5),  # one week
        (D(2025, 3, 3), D(2025, 3, 24), 15),  # three weeks
        (D(2025, 3, 5), D(2025, 3, 3), 0),  # end before start
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=PARIS)


def test_friday_request_is_on_time_on_tuesday_and_late_on_wednesday():
    friday = at(D(2025, 3, 7), 18)
    on_tuesday = request_age(friday, now=at(D(2025, 3, 11)))
    assert (on_tuesday.days, on_tuesday.working_days, on_tuesday.late) == (4, 2, False)
    assert on_tuesday.deadline == D(2025, 3, 11)
    on_wednesday = request_age(friday, now=at(D(2025, 3, 12)))
    assert (on_wednesday.days, on_wednesday.working_days, on_wednesday.late) == (5, 3, True)


def test_wednesday_request_is_late_once_friday_is_over():
    wednesday = at(D(2025, 3, 5))
    assert not request_age(wednesday, now=at(D(2025, 3, 7), 23)).late
    saturday = request_age(wednesday, now=at(D(2025, 3, 8)))
    assert (saturday.working_days, saturday.late) == (2, True)


def test_request_just_before_midnight_in_paris_counts_from_its_local_day():
    # 23:30 in Paris on Monday is Monday 22:30 UTC: still Monday.
    late_monday = datetime.datetime(2025, 3, 3, 22, 30, tzinfo=datetime.UTC)
    age = request_age(late_monday, now=at(D(2025, 3, 4)))
    assert (age.days, age.working_days) == (1, 1)


@pytest.mark.parametrize("today", [D(2025, 3, 3) + datetime.timedelta(days=n) for n in range(14)])
def test_late_before_agrees_with_request_age(today):
    now = at(today, 12)
    cutoff = late_before(now)
    for back in range(0, 15):
        for hour in (0, 9, 23):
            created = at(today - datetime.timedelta(days=back), hour)
            if created > now:
                continue
            assert request_age(created, now).late == (created < cutoff), (today, created)
