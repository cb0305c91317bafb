"""Formatting of the catalogue pages: prices, distances, map links."""

from django import template

from passculture.core.money import format_cents

register = template.Library()


@register.filter
def price(cents):
    """``0`` → ``Gratuit``, ``1250`` → ``12,50 €``."""
    return format_cents(cents, free_label="Gratuit")


@register.filter
def distance(km):
    """``0.42`` → ``420 m``, ``3.25`` → ``3,3 km``, ``57.4`` → ``57 km``."""
    if km is None:
        return ""
    if km < 1:
        return f"{round(km * 1000, -1):.0f} m"
    if km < 10:
        return f"{km:.1f} km".replace(".", ",")
    return f"{km:.0f} km"


@register.filter
def osm_url(venue):
    """A link to OpenStreetMap centred on the venue, or "" when it has no coordinates."""
    if venue.latitude is None or venue.longitude is None:
        return ""
    lat, lng = venue.latitude, venue.longitude
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lng}#map=17/{lat}/{lng}"
