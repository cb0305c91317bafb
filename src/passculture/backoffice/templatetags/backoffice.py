from django import template

from passculture.offerers.models import MembershipStatus, OffererStatus
from passculture.web.templatetags.web import badge_tone, status_badge

register = template.Library()


@register.simple_tag
def offerer_status_badge(status: str):
    """``{% offerer_status_badge offerer.status %}`` → a DSFR badge in the colour of the status."""
    label = OffererStatus(status).label if status else ""
    return status_badge(label, badge_tone(status, "offerer"), icon=True)


@register.simple_tag
def membership_status_badge(status: str):
    label = MembershipStatus(status).label if status else ""
    return status_badge(label, badge_tone(status, "membership"), icon=True)


@register.filter
def plural_days(value: int, working: bool = False) -> str:
    """``3|plural_days`` → ``3 jours``; ``1|plural_days:True`` → ``1 jour ouvré``."""
    unit = "jour" if value in (0, 1) else "jours"
    if working:
        unit += " ouvré" if value in (0, 1) else " ouvrés"
    return f"{value} {unit}"
