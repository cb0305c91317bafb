"""A service's refusal (``DomainError``) shown where the person acts: under a form field, on top of the form, or as
a message on the next page."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages

from passculture.core.errors import DomainError


def add_domain_error(
    form: forms.Form,
    error: DomainError,
    *,
    aliases: Mapping[str, str] | None = None,
    shown: Collection[str] | None = None,
) -> None:
    """The French message under the field the rule is about (``error.field``), else on top of the form.

    ``aliases`` maps a service's field to the form's that holds it (the service speaks of a datetime, the form of a
    date and a time); ``shown`` are the fields the page renders (default: all of them).
    """
    field = (aliases or {}).get(error.field, error.field)
    form.add_error(field if field in (form.fields if shown is None else shown) else None, error.message)


def report_domain_error(target, error: DomainError) -> None:
    """``target`` is a form (field or non-field error) or a request (a ``messages`` error)."""
    if isinstance(target, forms.BaseForm):
        add_domain_error(target, error)
    else:
        messages.error(target, error.message)


@dataclass(frozen=True)
class Outcome:
    value: Any = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def call_service(target, fn, *args, **kwargs) -> Outcome:
    """Call ``fn(*args, **kwargs)``; a ``DomainError`` is reported on ``target`` (see ``report_domain_error``).

    ``outcome = call_service(form, services.venue_create, ...)``, then ``if outcome.ok: ... outcome.value``.
    """
    try:
        return Outcome(value=fn(*args, **kwargs))
    except DomainError as error:
        report_domain_error(target, error)
        return Outcome(error=error)
