"""Offers (docs/domain/offers.md): the list, activation, duplication, the offer page; the pieces the offer pages share
(scoping, display attributes, the wizard's stepper). The wizard is ``offer_wizard``, dates and stocks ``stocks``.

Every read goes through ``offers.selectors`` scoped to the pro (another structure's offer is a 404); every write
goes through ``offers.services``, whose refusals are shown under the field they are about.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_POST

from passculture.core.audit import audit_trail
from passculture.core.errors import DomainError
from passculture.offerers.selectors import venues_of
from passculture.offers import categories, selectors, services
from passculture.offers import rules as offer_rules
from passculture.offers.categories import UnknownSubcategory, get_subcategory
from passculture.offers.models import OfferStatus, OfferValidation, Stock
from passculture.pro.forms.offers.filters import OfferFilterForm
from passculture.providers import selectors as provider_selectors
from passculture.web.redirects import safe_next

PAGE_SIZE = 20
STATUS_LABELS = dict(OfferStatus.choices)
ACTION_LABELS = {
    "offer.created": "Création de l'offre",
    "offer.duplicated": "Création par duplication",
    "offer.updated": "Modification",
    "offer.published": "Publication",
    "offer.approved": "Validation par l'équipe du pass Culture",
    "offer.rejected": "Refus par l'équipe du pass Culture",
    "offer.activated": "Activation",
    "offer.deactivated": "Désactivation",
    "stock.created": "Ajout d'une date ou d'un stock",
    "stock.updated": "Modification d'une date ou d'un stock",
    "stock.deleted": "Suppression d'une date ou d'un stock",
}
FIELD_LABELS = {
    "name": "titre",
    "description": "description",
    "url": "URL",
    "is_duo": "Duo",
    "is_national": "rayonnement national",
    "booking_email": "email de notification",
    "withdrawal_details": "modalités de retrait",
    "duration_minutes": "durée",
    "image": "image",
    "image_credit": "crédit de l'image",
    "audio_disability_compliant": "accessibilité",
    "mental_disability_compliant": "accessibilité",
    "motor_disability_compliant": "accessibilité",
    "visual_disability_compliant": "accessibilité",
    "subcategory_id": "type d'offre",
    "extra_data": "informations du type d'offre",
}


# --- Scoping and small helpers ---------------------------------------------------------------------------------


def user_venues(user) -> list:
    return list(venues_of(user).order_by("offerer__name", "is_virtual", "name"))


def offer_or_404(user, pk: int):
    """The offer (with its derived ``status``) if it belongs to one of the user's structures."""
    offers = selectors.with_status(selectors.offers_of(user))
    return get_object_or_404(offers, pk=pk)


def _subcategory_label(subcategory_id: str) -> str:
    try:
        return get_subcategory(subcategory_id).label
    except UnknownSubcategory:
        return subcategory_id


def _ids(values: list[str]) -> list[int]:
    """Offer ids from checkboxes; anything else (text, numbers too large for a key) is dropped."""
    return [int(value) for value in values if value.isascii() and value.isdigit() and len(value) <= 18]


def stepper(step: int, is_event: bool | None) -> dict:
    titles = ["Type d'offre", "Informations", "Dates et prix" if is_event is not False else "Stock et prix"]
    titles.append("Récapitulatif et publication")
    return {
        "step": step,
        "total": len(titles),
        "title": titles[step - 1],
        "next_title": titles[step] if step < len(titles) else "",
    }


def decorate(offer) -> None:
    """Display attributes shared by the pages of one offer."""
    offer.status_label = STATUS_LABELS.get(offer.status, offer.status)
    offer.subcategory_label = _subcategory_label(offer.subcategory_id)
    offer.is_draft = offer.validation == OfferValidation.DRAFT
    offer.is_type_locked = offer.validation == OfferValidation.APPROVED
    offer.extra_rows = _extra_rows(offer)
    offer.provider_label = provider_selectors.provider_name(offer.provider_code)


def _extra_rows(offer) -> list[tuple[str, str]]:
    """The conditional fields of the offer as (label, value) for the summary, codes turned into labels."""
    extra = offer.extra_data or {}
    labels = {
        "show_type": dict(categories.show_type_choices()),
        "show_sub_type": dict(categories.show_sub_type_choices(extra.get("show_type", ""))),
        "music_type": dict(categories.music_type_choices()),
        "music_sub_type": dict(categories.music_sub_type_choices(extra.get("music_type", ""))),
    }
    rows = []
    for field in categories.ExtraField:
        value = extra.get(field.field_name)
        if value in (None, ""):
            continue
        rows.append((field.label, labels.get(field.field_name, {}).get(value, str(value))))
    if offer.duration_minutes:
        rows.append((categories.ExtraField.DURATION.label, str(offer.duration_minutes)))
    return rows


def live_stocks(offer) -> list[Stock]:
    return list(offer.stocks.filter(is_soft_deleted=False).order_by("beginning_datetime", "id"))


def _history(offer) -> list[dict]:
    entries = []
    for entry in audit_trail(offer)[:50]:
        changed = []
        if entry.action == "offer.updated":
            changed = sorted({FIELD_LABELS.get(key, key) for key in entry.data})
        entries.append(
            {
                "when": entry.created_at,
                "who": entry.actor_label,
                "what": ACTION_LABELS.get(entry.action, entry.action),
                "changed": changed,
            }
        )
    return entries


class _CountedPaginator(Paginator):
    """A paginator told its count (already known from the per-status counts) rather than running a query."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


# --- The list --------------------------------------------------------------------------------------------------


@login_required
@require_GET
def offer_list(request):
    venues = user_venues(request.user)
    form = OfferFilterForm(request.GET, venues=venues)
    filters = form.filters()
    offers = selectors.with_live_stocks(selectors.pro_offer_list(request.user, **filters))
    # Counts per status under the other filters; the paginator reuses them instead of counting.
    counts = selectors.pro_offer_status_counts(request.user, **filters)
    paginator = _CountedPaginator(offers, PAGE_SIZE, count=counts[filters["status"] or "total"])
    page = paginator.get_page(request.GET.get("page"))
    now = timezone.now()
    for offer in page.object_list:
        decorate(offer)
        offer.stock_count = len(offer.live_stocks)
        offer.remaining = offer_rules.remaining_places(offer.live_stocks, now)
    params = request.GET.copy()
    params.pop("page", None)
    status_tabs = []
    for status in OfferStatus:
        tab_params = params.copy()
        tab_params["status"] = status.value
        status_tabs.append(
            {
                "value": status.value,
                "label": status.label,
                "count": counts[status.value],
                "query": tab_params.urlencode(),
                "current": filters["status"] == status.value,
            }
        )
    params_without_status = params.copy()
    params_without_status.pop("status", None)
    return render(
        request,
        "pro/offers/list.html",
        {
            "form": form,
            "page": page,
            "query_string": params.urlencode(),
            "counts": counts,
            "status_tabs": status_tabs,
            "all_statuses_query": params_without_status.urlencode(),
            "is_filtered": any(filters.values()),
            "has_venues": bool(venues),
            "title": "Offres",
        },
    )


@login_required
@require_POST
def offers_bulk(request):
    """Activate or deactivate the checked offers (only the user's own; none of them → 404)."""
    back = safe_next(request, reverse("pro:offers"))
    action = request.POST.get("action")
    if action not in {"activate", "deactivate"}:
        messages.error(request, "Choisissez une action : activer ou désactiver.")
        return redirect(back)
    ids = _ids(request.POST.getlist("offers"))
    if not ids:
        messages.warning(request, "Cochez au moins une offre.")
        return redirect(back)
    offers = list(selectors.offers_of(request.user).filter(pk__in=ids))
    if not offers:
        raise Http404
    active = action == "activate"
    changed = services.offers_set_active(offers, request.user, active)
    verb = ("activée" if active else "désactivée") + ("s" if changed > 1 else "")
    if changed:
        messages.success(request, f"{changed} offre{'s' if changed > 1 else ''} {verb}.")
    else:
        messages.info(
            request,
            "Aucune offre modifiée : elles l'étaient déjà, ou ont été refusées par l'équipe du pass Culture.",
        )
    return redirect(back)


@login_required
@require_POST
def offer_duplicate(request, pk: int):
    offer = offer_or_404(request.user, pk)
    try:
        copy = services.offer_duplicate(offer.pk, request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("pro:offers")
    messages.success(
        request,
        f"L'offre « {offer.name} » a été dupliquée (sans ses dates ni ses stocks) : vérifiez ses informations, "
        "puis ajoutez des dates ou un stock.",
    )
    return redirect("pro:offer-edit", pk=copy.pk)


@login_required
@require_GET
def offer_detail(request, pk: int):
    offer = offer_or_404(request.user, pk)
    decorate(offer)
    stocks = live_stocks(offer)
    return render(
        request,
        "pro/offers/detail.html",
        {
            "offer": offer,
            "venue": offer.venue,
            "stocks": stocks,
            "remaining": offer_rules.remaining_places(stocks, timezone.now()),
            "history": _history(offer),
            "title": offer.name,
        },
    )
