"""Where to go back after a form: only somewhere on this site."""

from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_url(request, url: str) -> bool:
    """True when ``url`` stays on this host (and, over HTTPS, on HTTPS): never an open redirect."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request, default: str = "") -> str:
    """The ``next`` parameter (form field, else query string) when it points inside this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_safe_url(request, target) else default
