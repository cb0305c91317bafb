from django import template

from passculture.core import dates, identifiers, links, money

register = template.Library()


@register.filter
def euros(cents):
    """``{{ stock.price|euros }}`` → ``12,50 €``."""
    return money.format_cents(cents)


@register.filter
def local_datetime(value, tz_name=None):
    """``{{ booking.created_at|local_datetime:venue.timezone }}`` → ``jj/mm/aaaa à hh:mm``."""
    return dates.format_datetime(value, tz_name)


@register.filter
def local_date(value, tz_name=None):
    return dates.format_date(value, tz_name)


@register.filter
def siren(value):
    return identifiers.format_siren(value)


@register.filter
def siret(value):
    return identifiers.format_siret(value)


@register.simple_tag
def link(name, **kwargs):
    """``{% link "login" %}`` → the page's absolute URL (``passculture.core.links``); ``as`` names it."""
    return links.link(name, **kwargs)


@register.simple_tag
def link_if_served(name, **kwargs):
    """``{% link_if_served "pro-bank-details" pk=… as url %}``: the page's URL, or "" while no interface serves it
    (bank details and reimbursements, until they land): a text never points to a page that does not exist."""
    return links.link(name, **kwargs) if links.exists(name) else ""


@register.simple_tag
def path_if_served(name, **kwargs):
    """The page's path for a link of the site's own pages, or "" while no interface serves it."""
    return links.path(name, **kwargs) if links.exists(name) else ""
