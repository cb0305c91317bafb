"""Reading versioned business parameters (see :class:`passculture.core.models.Parameter`).

Each app declares its parameters and their seeded value in a data migration; code reads them here, at the
moment that matters (a booking's date, a batch's cut-off), never from a module constant.

Every row of a key is read once and kept in the process for ``settings.PARAMETER_CACHE_SECONDS`` (a booking
reads one or two parameters: they would otherwise cost a query each). A value added through
:func:`set_parameter` or :func:`parameter_add` is seen at once by the process that added it, and by the
others within that many seconds; the value in force at a moment is still chosen among the rows by date, so a
value added ahead of its date takes effect exactly on time everywhere.
"""

import datetime
import threading
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from passculture.core.audit import log_action
from passculture.core.errors import DomainError
from passculture.core.models import Parameter

_MISSING = object()


class MissingParameter(LookupError):
    pass


_cache: dict[str, tuple[float, list[tuple[datetime.datetime, Any]]]] = {}
_cache_lock = threading.Lock()


def clear_parameter_cache() -> None:
    """Forget the rows read so far (every key): the next reads go to the database."""
    with _cache_lock:
        _cache.clear()


def _rows(key: str) -> list[tuple[datetime.datetime, Any]]:
    """``(valid_from, value)`` of every row of ``key``, newest first (from the process cache when fresh)."""
    entry = _cache.get(key)
    if entry is not None and time.monotonic() - entry[0] < settings.PARAMETER_CACHE_SECONDS:
        return entry[1]
    rows = list(Parameter.objects.filter(key=key).order_by("-valid_from").values_list("valid_from", "value"))
    with _cache_lock:
        _cache[key] = (time.monotonic(), rows)
    return rows


def get_parameter(key: str, at: datetime.datetime | None = None, default: Any = _MISSING) -> Any:
    """The value of ``key`` in force at ``at`` (now by default)."""
    at = at or timezone.now()
    for valid_from, value in _rows(key):
        if valid_from <= at:
            return value
    if default is _MISSING:
        raise MissingParameter(key)
    return default


def set_parameter(
    key: str, value: Any, valid_from: datetime.datetime | None = None, description: str = ""
) -> Parameter:
    row = Parameter.objects.create(
        key=key, value=value, valid_from=valid_from or timezone.now(), description=description
    )
    clear_parameter_cache()  # this process sees the new row at once (inside its transaction too)…
    transaction.on_commit(clear_parameter_cache)  # …and whatever it read meanwhile is read again
    return row


class ParameterDateTaken(DomainError):
    code = "PARAMETER_DATE_TAKEN"
    message = "Une valeur prend déjà effet à cette date : choisissez une autre date."


class ParameterDateInPast(DomainError):
    code = "PARAMETER_DATE_IN_PAST"
    message = "Une nouvelle valeur ne peut pas prendre effet dans le passé : les décisions passées gardent la leur."


@transaction.atomic
def parameter_add(actor, key: str, value: Any, valid_from: datetime.datetime, comment: str = "") -> Parameter:
    """Add a value taking effect at ``valid_from`` (now or later); past rows are never changed. Audited."""
    if valid_from < timezone.now() - datetime.timedelta(minutes=1):
        raise ParameterDateInPast(field="valid_from")
    if Parameter.objects.select_for_update().filter(key=key, valid_from=valid_from).exists():
        raise ParameterDateTaken(field="valid_from")
    before = get_parameter(key, at=valid_from, default=None)
    description = Parameter.objects.filter(key=key).values_list("description", flat=True).first() or ""
    row = set_parameter(key, value, valid_from=valid_from, description=description)
    log_action(
        actor, "parameter.added", row,
        {"key": key, "before": before, "after": value, "valid_from": valid_from.isoformat(), "comment": comment},
    )  # fmt: skip
    return row
