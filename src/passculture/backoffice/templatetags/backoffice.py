from django import template
from django.utils.html import format_html

from passculture.offerers.models import MembershipStatus, OffererStatus

register = template.Library()

_OFFERER_BADGES = {
    OffererStatus.NEW: "fr-badge--new",
    OffererStatus.PENDING: "fr-badge--warning",
    OffererStatus.VALIDATED: "fr-badge--success",
    OffererStatus.REJECTED: "fr-badge--error",
    OffererStatus.CLOSED: "",
}
_MEMBERSHIP_BADGES = {
    MembershipStatus.PENDING: "fr-badge--warning",
    MembershipStatus.VALIDATED: "fr-badge--success",
    MembershipStatus.REJECTED: "fr-badge--error",
}


def _badge(css: str, label: str):
    return format_html('<p class="fr-badge fr-badge--sm {}">{}</p>', css, label)


@register.simple_tag
def offerer_status_badge(status: str):
    """``{% offerer_status_badge offerer.status %}`` → a DSFR badge in the colour of the status."""
    return _badge(_OFFERER_BADGES.get(status, ""), OffererStatus(status).label if status else "")


@register.simple_tag
def membership_status_badge(status: str):
    return _badge(_MEMBERSHIP_BADGES.get(status, ""), MembershipStatus(status).label if status else "")


@register.filter
def plural_days(value: int, working: bool = False) -> str:
    """``3|plural_days`` → ``3 jours``; ``1|plural_days:True`` → ``1 jour ouvré``."""
    unit = "jour" if value in (0, 1) else "jours"
    if working:
        unit += " ouvré" if value in (0, 1) else " ouvrés"
    return f"{value} {unit}"
