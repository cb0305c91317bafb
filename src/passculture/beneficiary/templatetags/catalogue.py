"""Formatting of the catalogue pages: prices, distances, map links, offer images."""

from django import template
from django.templatetags.static import static

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


@register.inclusion_tag("beneficiary/catalogue/_offer_image.html")
def offer_image(offer, width: int = 600, height: int = 400, caption: bool = True):
    """The offer's image with its credit, or the neutral picture of its category (``static/beneficiary/placeholders``).
    Decorative (``alt=""``): the offer's name is always next to it."""
    if offer.image:
        return {
            "src": offer.image.url,
            "credit": offer.image_credit,
            "width": width,
            "height": height,
            "caption": caption,
        }
    src = static(f"beneficiary/placeholders/{offer.subcategory.category_id}.svg")
    return {"src": src, "credit": "", "width": width, "height": height, "caption": caption}
