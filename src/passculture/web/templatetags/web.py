"""``{% load web %}``: the status badge's tones, one table per kind of status; the title of a page with errors."""

from django import forms, template
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


def _has_errors(value) -> bool:
    if isinstance(value, forms.BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, forms.BaseFormSet):
        return value.is_bound and value.total_error_count() > 0
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """``Erreur : `` when a form of the page was submitted with errors, for the start of ``<title>`` (the État design
    system's advice: the title is the first thing a screen reader says of the page that answers). Every bound form
    or formset in the context counts, whatever its name, and those of a dict or list in it (a page's action forms)."""
    values = []
    for value in context.flatten().values():
        values.append(value)
        if isinstance(value, dict):
            values.extend(value.values())
        elif isinstance(value, list | tuple):
            values.extend(value)
    return "Erreur : " if any(_has_errors(value) for value in values) else ""


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
