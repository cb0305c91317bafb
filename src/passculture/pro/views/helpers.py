"""Small glue shared by the pro views: showing a service's refusal on the form that caused it."""

from django import forms

from passculture.core.errors import DomainError


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Put the French message under the field the rule is about (or on top of the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
