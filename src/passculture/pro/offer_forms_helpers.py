"""Small pure helpers of the offer pages: local date and time ↔ aware UTC, lists of times, remaining places.

No ORM, no request: the forms and views of ``passculture.pro`` use them to parse input and to display stocks.
"""

import datetime
import re
from zoneinfo import ZoneInfo

# Dates a pro may type: anything outside is a typing mistake (and would overflow date arithmetic).
FIRST_ALLOWED_DAY = datetime.date(2000, 1, 1)
LAST_ALLOWED_DAY = datetime.date(2099, 12, 31)
# Largest value a PositiveIntegerField holds on every database we run on.
MAX_STORED_INTEGER = 2_147_483_647

_TIME_RE = re.compile(r"^(\d{1,2})[:hH](\d{2})?$")


def local_to_utc(day: datetime.date, moment: datetime.time, tz_name: str) -> datetime.datetime:
    """The aware UTC datetime of ``day`` at ``moment`` read in the venue's time zone."""
    local = datetime.datetime.combine(day, moment.replace(tzinfo=None), tzinfo=ZoneInfo(tz_name))
    return local.astimezone(datetime.UTC)


def utc_to_local(value: datetime.datetime | None, tz_name: str) -> tuple[datetime.date | None, datetime.time | None]:
    """The (date, time) of an aware datetime in the venue's time zone, for pre-filling a form."""
    if value is None:
        return None, None
    local = value.astimezone(ZoneInfo(tz_name))
    return local.date(), local.time().replace(second=0, microsecond=0, tzinfo=None)


def end_of_local_day(day: datetime.date, tz_name: str) -> datetime.datetime:
    """23:59 of ``day`` in the venue's time zone, as aware UTC (a booking limit typed as a date only)."""
    return local_to_utc(day, datetime.time(23, 59), tz_name)


def parse_time(text: str) -> datetime.time:
    """``"20:30"``, ``"20h30"``, ``"9h"`` → ``time``; raises ``ValueError`` otherwise."""
    match = _TIME_RE.match(text.strip())
    if not match:
        raise ValueError(text)
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    return datetime.time(hours, minutes)  # ValueError when out of range


def parse_times(text: str) -> list[datetime.time]:
    """``"14:00, 20:30"`` (commas, semicolons or spaces between) → sorted distinct times.

    Raises ``ValueError`` carrying the first piece that is not a time.
    """
    pieces = [piece for piece in re.split(r"[,;\s]+", text.strip()) if piece]
    times = set()
    for piece in pieces:
        try:
            times.add(parse_time(piece))
        except ValueError:
            raise ValueError(piece.strip()) from None
    return sorted(times)
