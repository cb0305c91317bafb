"""``{% load web %}``: the status badge's tones, one table per kind of status."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from passculture.bookings.rules import quantity_label
from passculture.finance.rules import format_iban, format_rate, mask_iban

register = template.Library()

# Status value → DSFR badge tone, per kind of status shown as a badge (values are the models' TextChoices values).
BADGE_TONES: dict[str, dict[str, str]] = {
    "offer": {"ACTIVE": "success", "PENDING": "new", "REJECTED": "error", "SOLD_OUT": "warning", "DRAFT": "info"},
    "pro_booking": {"booked": "new", "confirmed": "info", "validated": "success", "cancelled": "error"},
    "booking": {"CONFIRMED": "info", "USED": "success", "REIMBURSED": "new", "*": "error"},
    "offerer": {"NEW": "new", "PENDING": "warning", "VALIDATED": "success", "REJECTED": "error"},
    "membership": {"PENDING": "warning", "VALIDATED": "success", "REJECTED": "error"},
    "bank_account": {
        "DRAFT": "info",
        "ON_GOING": "new",
        "ACCEPTED": "success",
        "REFUSED": "error",
        "WITH_PENDING_CORRECTIONS": "warning",
    },
}


@register.filter
def badge_tone(status: str, kind: str) -> str:
    """``offer.status|badge_tone:"offer"`` → ``success``; an unknown status has the kind's ``*`` tone, else none."""
    tones = BADGE_TONES[kind]
    return tones.get(str(status), tones.get("*", ""))


def status_badge(label: str, tone: str = "", *, icon: bool = False) -> SafeString:
    """The ``web/status_badge.html`` include, for template tags that build a badge in Python."""
    return render_to_string("web/status_badge.html", {"label": label, "tone": tone, "icon": icon})


@register.filter
def booked_quantity(booking) -> str:
    """``{{ booking|booked_quantity }}``: "1 place", "2 places (Duo)" for an event, "1 exemplaire" for a thing."""
    return quantity_label(booking.quantity, is_event=booking.stock.beginning_datetime is not None)


@register.filter
def masked_iban(iban: str) -> str:
    """``{{ account.iban|masked_iban }}`` → ``FR76 •••• •••• 0189``: what the pros see."""
    return mask_iban(iban or "")


@register.filter
def full_iban(iban: str) -> str:
    """``{{ account.iban|full_iban }}`` → the whole IBAN in groups of four: for staff only."""
    return format_iban(iban or "")


@register.filter
def rate(rate_bp: int | None) -> str:
    """A reimbursement rate in ten-thousandths, in French: ``9500|rate`` → "95 %"."""
    return format_rate(rate_bp)
