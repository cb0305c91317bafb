from urllib.parse import urlencode

from django import forms
from django.core.paginator import Page, Paginator

from passculture.core.errors import DomainError
from passculture.web.services import Outcome, report_domain_error

PAGE_SIZE = 25


def paginate(request, queryset, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_string(**params) -> str:
    """The filters to keep in pagination links (empty values dropped)."""
    return urlencode({key: value for key, value in params.items() if value})


def call_decision(request, form: forms.BaseForm, fn, *args, **kwargs) -> Outcome:
    """Call the service ``fn`` of a staff decision taken with ``form``: a refusal about one of the form's fields goes
    under it (the view shows the form again), any other refusal is a message on the next page."""
    try:
        return Outcome(value=fn(*args, **kwargs))
    except DomainError as error:
        report_domain_error(form if error.field in form.fields else request, error)
        return Outcome(error=error)
