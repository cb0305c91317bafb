"""Reading versioned business parameters (see :class:`passculture.core.models.Parameter`).

Each app declares its parameters and their seeded value in a data migration; code reads them here, at the
moment that matters (a booking's date, a batch's cut-off), never from a module constant.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from passculture.core.audit import log_action
from passculture.core.errors import DomainError
from passculture.core.models import Parameter

_MISSING = object()


class MissingParameter(LookupError):
    pass


def get_parameter(key: str, at: datetime.datetime | None = None, default: Any = _MISSING) -> Any:
    row = (
        Parameter.objects.filter(key=key, valid_from__lte=at or timezone.now())
        .order_by("-valid_from")
        .values_list("value", flat=True)
        .first()
    )
    if row is None:
        if default is _MISSING:
            raise MissingParameter(key)
        return default
    return row


def set_parameter(
    key: str, value: Any, valid_from: datetime.datetime | None = None, description: str = ""
) -> Parameter:
    return Parameter.objects.create(
        key=key, value=value, valid_from=valid_from or timezone.now(), description=description
    )


class ParameterDateTaken(DomainError):
    code = "parameter_date_taken"
    message = "Une valeur prend déjà effet à cette date : choisissez une autre date."


class ParameterDateInPast(DomainError):
    code = "parameter_date_in_past"
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
