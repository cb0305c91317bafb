"""Times are aware datetimes in UTC; these helpers convert them for people and local rules."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

PARIS = "Europe/Paris"

# Time zone of each overseas département / collectivité (the rest of France is Europe/Paris).
OVERSEAS_TIMEZONES = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "975": "America/Miquelon",
    "976": "Indian/Mayotte",
    "977": "America/St_Barthelemy",
    "978": "America/Marigot",
    "986": "Pacific/Wallis",
    "987": "Pacific/Tahiti",
    "988": "Pacific/Noumea",
}


def paris_today() -> datetime.date:
    """Today's date in Paris: the calendar of the reimbursement fortnights and of the scale's years."""
    return timezone.localtime(timezone.now(), ZoneInfo(PARIS)).date()


def timezone_for_department(department_code: str | None) -> str:
    return OVERSEAS_TIMEZONES.get(department_code or "", PARIS)


def localtime_in(value: datetime.datetime, tz_name: str | None) -> datetime.datetime:
    return timezone.localtime(value, ZoneInfo(tz_name or PARIS))


def format_date(value: datetime.date | datetime.datetime | None, tz_name: str | None = None) -> str:
    """``jj/mm/aaaa`` (a datetime is first converted to ``tz_name``)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = localtime_in(value, tz_name)
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime.datetime | None, tz_name: str | None = None) -> str:
    """``jj/mm/aaaa à hh:mm`` in ``tz_name`` (the venue's time zone)."""
    if value is None:
        return ""
    local = localtime_in(value, tz_name)
    return f"{local:%d/%m/%Y} à {local:%H:%M}"


def age_in_days(since: datetime.datetime, now: datetime.datetime | None = None) -> int:
    return ((now or timezone.now()) - since).days


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """Monday–Friday working days (the activation promise of the guide: "2 jours ouvrés")."""
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current
