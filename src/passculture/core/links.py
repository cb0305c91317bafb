"""Links to the site's pages, by a name of their own: the absolute URLs that mails carry.

Domain code asks for a page by its link name — ``link("pro-offerer-detail", pk=offerer.pk)`` — and never names
an interface's URLs: each interface app registers the link names it serves in its ``AppConfig.ready()``
(``register({"login": "account:login"})``), mapping them to its own URL names. ``link`` then returns
``PUBLIC_URL`` + the path, with an optional query string. Templates use ``{% link "login" %}``
(``{% load passculture %}``).
"""

from collections.abc import Mapping

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

_URL_NAMES: dict[str, str] = {}


class UnknownLink(LookupError):
    """No interface registered this link name."""


def register(url_names: Mapping[str, str]) -> None:
    """Map link names to URL names (``{"login": "account:login"}``); a name is registered once."""
    for name, url_name in url_names.items():
        if _URL_NAMES.get(name, url_name) != url_name:
            raise ValueError(f"link {name!r} already registered as {_URL_NAMES[name]!r}")
        _URL_NAMES[name] = url_name


def path(name: str, query: Mapping[str, str] | None = None, **kwargs) -> str:
    """The path of the page named ``name`` (``kwargs`` fill its URL pattern), with ``query`` as its query string."""
    try:
        url_name = _URL_NAMES[name]
    except KeyError:
        raise UnknownLink(f"no page registered for the link {name!r}") from None
    result = reverse(url_name, kwargs=kwargs or None)
    return f"{result}?{urlencode(query)}" if query else result


def exists(name: str) -> bool:
    """Whether an interface serves the page named ``name``: a text about a page not built yet is left out."""
    return name in _URL_NAMES


def link(name: str, query: Mapping[str, str] | None = None, **kwargs) -> str:
    """The absolute URL (``PUBLIC_URL`` + path) of the page named ``name``: what a mail links to."""
    return settings.PUBLIC_URL + path(name, query, **kwargs)
