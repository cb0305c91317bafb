"""How long a request has been waiting, in calendar days and in working days (Europe/Paris dates).

The guide promises an answer to an activation request within 2 working days ("2 jours ouvrés"); the queue
flags the requests past that promise. Working days are Monday to Friday (public holidays are not counted
out), the same convention as :func:`passculture.core.dates.add_working_days`.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from passculture.core.dates import PARIS, add_working_days, localtime_in

PROMISED_WORKING_DAYS = 2


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
    if end <= start:
        return 0
    full_weeks, rest = divmod((end - start).days, 7)
    count = full_weeks * 5
    for offset in range(1, rest + 1):
        if (start + datetime.timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


def _today(now: datetime.datetime | None) -> datetime.date:
    return localtime_in(now or timezone.now(), PARIS).date()


@dataclass(frozen=True)
class RequestAge:
    days: int  # calendar days since the day of the request
    working_days: int  # working days since the day of the request
    deadline: datetime.date  # the last day of the promise
    late: bool  # the deadline has passed


def request_age(since: datetime.datetime, now: datetime.datetime | None = None) -> RequestAge:
    start, today = localtime_in(since, PARIS).date(), _today(now)
    deadline = add_working_days(start, PROMISED_WORKING_DAYS)
    return RequestAge(
        days=max((today - start).days, 0),
        working_days=working_days_between(start, today),
        deadline=deadline,
        late=today > deadline,
    )


def late_before(now: datetime.datetime | None = None) -> datetime.datetime:
    """Requests received before this instant are late (``request_age(...).late``), for counting in SQL."""
    today = _today(now)
    last_late_day = today - datetime.timedelta(days=1)
    while add_working_days(last_late_day, PROMISED_WORKING_DAYS) >= today:
        last_late_day -= datetime.timedelta(days=1)
    first_on_time_day = last_late_day + datetime.timedelta(days=1)
    return datetime.datetime.combine(first_on_time_day, datetime.time.min, tzinfo=ZoneInfo(PARIS))
