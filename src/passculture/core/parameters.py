"""Reading versioned business parameters (see :class:`passculture.core.models.Parameter`).

Each app declares its parameters and their seeded value in a data migration; code reads them here, at the
moment that matters (a booking's date, a batch's cut-off), never from a module constant.
"""

import datetime
from typing import Any

from django.utils import timezone

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
