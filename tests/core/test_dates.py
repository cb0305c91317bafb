"""Stored times are UTC; people see them in the time zone of the venue (overseas included)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from passculture.core.dates import (
    add_working_days,
    age_in_days,
    format_date,
    format_datetime,
    localtime_in,
    timezone_for_department,
)

UTC = datetime.UTC


class TestFormatDatetime:
    @pytest.mark.parametrize(
        ("tz_name", "summer", "winter"),
        [
            ("Europe/Paris", "14/07/2025 à 14:00", "15/01/2025 à 13:00"),
            ("Indian/Reunion", "14/07/2025 à 16:00", "15/01/2025 à 16:00"),  # UTC+4, no daylight saving
            ("America/Cayenne", "14/07/2025 à 09:00", "15/01/2025 à 09:00"),  # UTC-3
            ("Pacific/Noumea", "14/07/2025 à 23:00", "15/01/2025 à 23:00"),  # UTC+11
        ],
    )
    def test_in_the_venue_time_zone(self, tz_name, summer, winter):
        assert format_datetime(datetime.datetime(2025, 7, 14, 12, 0, tzinfo=UTC), tz_name) == summer
        assert format_datetime(datetime.datetime(2025, 1, 15, 12, 0, tzinfo=UTC), tz_name) == winter

    def test_default_is_paris(self):
        assert format_datetime(datetime.datetime(2025, 7, 14, 12, 0, tzinfo=UTC)) == "14/07/2025 à 14:00"

    def test_daylight_saving_change_in_paris(self):
        # 30 March 2025: clocks go from 02:00 to 03:00 in Paris.
        before = datetime.datetime(2025, 3, 30, 0, 30, tzinfo=UTC)
        after = datetime.datetime(2025, 3, 30, 1, 30, tzinfo=UTC)
        assert format_datetime(before, "Europe/Paris") == "30/03/2025 à 01:30"
        assert format_datetime(after, "Europe/Paris") == "30/03/2025 à 03:30"

    def test_none_is_blank(self):
        assert format_datetime(None, "Europe/Paris") == ""
        assert format_date(None) == ""


class TestFormatDate:
    def test_the_day_depends_on_the_time_zone(self):
        late_evening_utc = datetime.datetime(2025, 7, 14, 23, 30, tzinfo=UTC)
        assert format_date(late_evening_utc, "Europe/Paris") == "15/07/2025"
        assert format_date(late_evening_utc, "America/Cayenne") == "14/07/2025"
        assert format_date(late_evening_utc, "Indian/Reunion") == "15/07/2025"

    def test_plain_date(self):
        assert format_date(datetime.date(2025, 1, 5)) == "05/01/2025"

    def test_localtime_in_keeps_the_instant(self):
        instant = datetime.datetime(2025, 7, 14, 12, 0, tzinfo=UTC)
        local = localtime_in(instant, "Indian/Reunion")
        assert local == instant
        assert local.tzinfo == ZoneInfo("Indian/Reunion")
        assert local.hour == 16


class TestTimezoneForDepartment:
    @pytest.mark.parametrize(
        ("department", "tz_name"),
        [
            ("75", "Europe/Paris"),
            ("2A", "Europe/Paris"),
            ("2B", "Europe/Paris"),
            ("971", "America/Guadeloupe"),
            ("972", "America/Martinique"),
            ("973", "America/Cayenne"),
            ("974", "Indian/Reunion"),
            ("975", "America/Miquelon"),
            ("976", "Indian/Mayotte"),
            ("986", "Pacific/Wallis"),
            ("987", "Pacific/Tahiti"),
            ("988", "Pacific/Noumea"),
            ("", "Europe/Paris"),
            (None, "Europe/Paris"),
        ],
    )
    def test_table(self, department, tz_name):
        assert timezone_for_department(department) == tz_name

    @pytest.mark.parametrize("department", ["971", "972", "973", "974", "975", "976", "986", "987", "988"])
    def test_every_overseas_zone_exists(self, department):
        ZoneInfo(timezone_for_department(department))  # raises if the name is unknown to tzdata


class TestAddWorkingDays:
    @pytest.mark.parametrize(
        ("start", "days", "expected"),
        [
            (datetime.date(2025, 6, 2), 2, datetime.date(2025, 6, 4)),  # Monday + 2 → Wednesday
            (datetime.date(2025, 6, 5), 2, datetime.date(2025, 6, 9)),  # Thursday + 2 → Monday
            (datetime.date(2025, 6, 6), 1, datetime.date(2025, 6, 9)),  # Friday + 1 → Monday
            (datetime.date(2025, 6, 6), 2, datetime.date(2025, 6, 10)),  # Friday + 2 → Tuesday
            (datetime.date(2025, 6, 7), 1, datetime.date(2025, 6, 9)),  # Saturday + 1 → Monday
            (datetime.date(2025, 6, 8), 2, datetime.date(2025, 6, 10)),  # Sunday + 2 → Tuesday
            (datetime.date(2025, 6, 6), 5, datetime.date(2025, 6, 13)),  # a whole week
            (datetime.date(2025, 6, 6), 0, datetime.date(2025, 6, 6)),
        ],
    )
    def test_skips_weekends(self, start, days, expected):
        assert add_working_days(start, days) == expected


class TestAgeInDays:
    def test_with_an_explicit_now(self):
        since = datetime.datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
        assert age_in_days(since, datetime.datetime(2025, 6, 4, 8, 59, tzinfo=UTC)) == 1
        assert age_in_days(since, datetime.datetime(2025, 6, 4, 9, 0, tzinfo=UTC)) == 2

    def test_defaults_to_now(self):
        with time_machine.travel(datetime.datetime(2025, 6, 5, 10, 0, tzinfo=UTC), tick=False):
            assert age_in_days(datetime.datetime(2025, 6, 2, 10, 0, tzinfo=UTC)) == 3
