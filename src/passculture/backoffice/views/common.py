from urllib.parse import urlencode

from django.core.paginator import Page, Paginator

PAGE_SIZE = 25


def paginate(request, queryset, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_string(**params) -> str:
    """The filters to keep in pagination links (empty values dropped)."""
    return urlencode({key: value for key, value in params.items() if value})
