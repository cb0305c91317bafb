"""Shared pieces of the offer forms: the base form, date and time inputs in the venue's time zone, and the pure
helpers that turn local dates and typed times into aware UTC datetimes (no ORM, no request).

The forms parse input shape only (types, required fields, euros → cents, a local date and time → aware UTC, the
image file); the rules (placement, Duo, EAN checksum, prices, dates…) are checked by ``passculture.offers.services``,
whose ``DomainError`` is shown under the field it is about.
"""

import datetime
import re
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from dsfr.utils import dsfr_input_class_attr

from passculture.core.errors import DomainError
from passculture.web.forms import Form
from passculture.web.services import add_domain_error

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


def required_message(text: str) -> dict:
    """A required field's ``error_messages`` with its whole French text."""
    return {"required": text}


def with_placeholder(placeholder: str, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", placeholder), *choices]


class OfferForm(Form):
    """A DSFR form whose fields are adjusted after ``__init__`` (choices, labels, dynamic fields)."""

    # Service error fields that have another name here (the service speaks of datetimes, the form of date + time).
    field_aliases: dict[str, str] = {}

    def _refresh(self) -> None:
        """Rebuild the bound fields after changing labels or adding fields, with their DSFR classes."""
        self._bound_fields_cache.clear()
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    def shown_fields(self) -> set[str]:
        return set(self.fields)

    def add_domain_error(self, error: DomainError) -> None:
        """Put the service's French message under the field it is about (or on top of the form)."""
        add_domain_error(self, error, aliases=self.field_aliases, shown=self.shown_fields())


class LocalDateField(forms.DateField):
    """A calendar date (``<input type="date">``), within bounds that keep date arithmetic safe."""

    widget = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid", "Date invalide (jj/mm/aaaa).")
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not FIRST_ALLOWED_DAY <= value <= LAST_ALLOWED_DAY:
            raise ValidationError("Date invalide : indiquez une date entre 2000 et 2099.", code="out_of_range")


class LocalTimeField(forms.TimeField):
    widget = forms.TimeInput(format="%H:%M", attrs={"type": "time"})

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid", "Heure invalide (hh:mm).")
        super().__init__(**kwargs)
