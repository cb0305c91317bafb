from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.utils.http import url_has_allowed_host_and_scheme

PAGE_SIZE = 25


def paginate(request, queryset, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_string(**params) -> str:
    """The filters to keep in pagination links (empty values dropped)."""
    return urlencode({key: value for key, value in params.items() if value})


def safe_next(request, default: str) -> str:
    """The ``next`` field of a form when it points inside this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
