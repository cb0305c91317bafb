"""Offers and stocks (docs/domain/offers.md): the list, the creation wizard, the offer page, dates and stocks.

Every read goes through ``offers.selectors`` scoped to the pro (another structure's offer is a 404); every write
goes through ``offers.services``, whose refusals are shown under the field they are about.
"""

from urllib.parse import urlencode

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
from passculture.core.dates import format_datetime
from passculture.core.errors import DomainError
from passculture.core.identifiers import normalise_ean
from passculture.offerers.selectors import venues_of
from passculture.offers import categories, selectors, services
from passculture.offers import rules as offer_rules
from passculture.offers.categories import UnknownSubcategory, get_subcategory
from passculture.offers.models import OfferStatus, OfferValidation, Stock
from passculture.pro import offer_forms
from passculture.pro.offer_forms_helpers import utc_to_local
from passculture.web.htmx import oob_fields
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


def _venues(user) -> list:
    return list(venues_of(user).order_by("offerer__name", "is_virtual", "name"))


def _offer_or_404(user, pk: int):
    """The offer (with its derived ``status``) if it belongs to one of the user's structures."""
    offers = selectors.with_status(selectors.offers_of(user))
    return get_object_or_404(offers, pk=pk)


def _stock_or_404(user, pk: int) -> Stock:
    return get_object_or_404(selectors.stocks_of(user).select_related("offer__venue__offerer"), pk=pk)


def _subcategory_label(subcategory_id: str) -> str:
    try:
        return get_subcategory(subcategory_id).label
    except UnknownSubcategory:
        return subcategory_id


def _ids(values: list[str]) -> list[int]:
    """Offer ids from checkboxes; anything else (text, numbers too large for a key) is dropped."""
    return [int(value) for value in values if value.isascii() and value.isdigit() and len(value) <= 18]


def _stepper(step: int, is_event: bool | None) -> dict:
    titles = ["Type d'offre", "Informations", "Dates et prix" if is_event is not False else "Stock et prix"]
    titles.append("Récapitulatif et publication")
    return {
        "step": step,
        "total": len(titles),
        "title": titles[step - 1],
        "next_title": titles[step] if step < len(titles) else "",
    }


def _decorate(offer) -> None:
    """Display attributes shared by the pages of one offer."""
    offer.status_label = STATUS_LABELS.get(offer.status, offer.status)
    offer.subcategory_label = _subcategory_label(offer.subcategory_id)
    offer.is_draft = offer.validation == OfferValidation.DRAFT
    offer.is_type_locked = offer.validation == OfferValidation.APPROVED
    offer.extra_rows = _extra_rows(offer)


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


def _live_stocks(offer) -> list[Stock]:
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
    venues = _venues(request.user)
    form = offer_forms.OfferFilterForm(request.GET, venues=venues)
    filters = form.filters()
    offers = selectors.with_live_stocks(selectors.pro_offer_list(request.user, **filters))
    # Counts per status under the other filters; the paginator reuses them instead of counting.
    counts = selectors.pro_offer_status_counts(request.user, **filters)
    paginator = _CountedPaginator(offers, PAGE_SIZE, count=counts[filters["status"] or "total"])
    page = paginator.get_page(request.GET.get("page"))
    now = timezone.now()
    for offer in page.object_list:
        _decorate(offer)
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
    offer = _offer_or_404(request.user, pk)
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


# --- The wizard: step 1, venue and type -------------------------------------------------------------------------


@login_required
def offer_create(request):
    venues = _venues(request.user)
    initial = {key: request.GET.get(key, "") for key in ("category", "subcategory", "venue")}
    form = offer_forms.OfferTypeForm(request.POST or None, venues=venues, initial=initial)
    if request.method == "POST" and venues and form.is_valid():
        venue, subcategory = form.cleaned_data["venue"], form.subcategory
        return redirect("pro:offer-create-details", venue_pk=venue.pk, subcategory_id=subcategory.id)
    return render(
        request,
        "pro/offers/type.html",
        {"form": form, "has_venues": bool(venues), "stepper": _stepper(1, None), "title": "Créer une offre"},
    )


@login_required
@require_GET
def offer_type_fields(request):
    """htmx: the subcategory ``<select>`` of the chosen category, and the venues the subcategory allows."""
    params = {key: request.GET.get(key, "") for key in ("category", "subcategory", "venue")}
    form = offer_forms.OfferTypeForm(venues=_venues(request.user), initial=params)
    template = "venue_field" if request.GET.get("part") == "venue" else "type_fields"
    return render(request, f"pro/offers/includes/{template}.html", {"form": form})


# --- Step 2: details (creation) and the edit page ---------------------------------------------------------------


@login_required
def offer_create_details(request, venue_pk: int, subcategory_id: str):
    venue = get_object_or_404(venues_of(request.user), pk=venue_pk)
    try:
        subcategory = get_subcategory(subcategory_id)
    except UnknownSubcategory:
        raise Http404 from None
    form = offer_forms.OfferDetailsForm(
        request.POST or None,
        request.FILES or None,
        subcategory=subcategory,
        venue=venue,
        initial=offer_forms.details_initial(venue=venue),
    )
    if request.method == "POST" and form.is_valid():
        extra_data, fields = form.service_data()
        try:
            offer = services.offer_create(
                venue, request.user, subcategory_id=subcategory.id, extra_data=extra_data, **fields
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Brouillon enregistré. Ajoutez maintenant " + _what_stock(offer.is_event) + ".")
            return redirect("pro:offer-stocks", pk=offer.pk)
    back = reverse("pro:offer-create") + "?" + urlencode({"category": subcategory.category_id, "venue": venue.pk})
    return render(
        request,
        "pro/offers/details.html",
        {
            "form": form,
            "offer": None,
            "venue": venue,
            "subcategory": subcategory,
            "stepper": _stepper(2, subcategory.is_event),
            "back_url": back + "&" + urlencode({"subcategory": subcategory.id}),
            "title": "Créer une offre",
        },
    )


def _what_stock(is_event: bool) -> str:
    return "une ou plusieurs dates" if is_event else "le stock et le prix"


@login_required
def offer_edit(request, pk: int):
    offer = _offer_or_404(request.user, pk)
    _decorate(offer)
    subcategory = offer.subcategory
    posted = request.POST.get("subcategory_id") if request.method == "POST" else None
    chosen = categories.SUBCATEGORIES_BY_ID.get(posted or "")
    if chosen and not offer.is_type_locked and chosen.is_selectable:
        # The conditional fields follow the newly chosen type; a staff-only one stays out of the pro's list.
        subcategory = chosen
    form = offer_forms.OfferDetailsForm(
        request.POST or None,
        request.FILES or None,
        subcategory=subcategory,
        venue=offer.venue,
        offer=offer,
        subcategory_editable=True,
        subcategory_locked=offer.is_type_locked,
        initial=offer_forms.details_initial(offer=offer),
    )
    if request.method == "POST" and form.is_valid():
        extra_data, fields = form.service_data()
        try:
            services.offer_update(
                offer.pk, request.user, subcategory_id=form.subcategory_change(), extra_data=extra_data, **fields
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Les modifications de l'offre ont été enregistrées.")
            if offer.is_draft:
                return redirect("pro:offer-stocks", pk=offer.pk)
            return redirect("pro:offer-detail", pk=offer.pk)
    return render(
        request,
        "pro/offers/details.html",
        {
            "form": form,
            "offer": offer,
            "venue": offer.venue,
            "subcategory": subcategory,
            "stepper": _stepper(2, subcategory.is_event) if offer.is_draft else None,
            "back_url": reverse("pro:offer-detail", args=[offer.pk]),
            "title": f"Modifier « {offer.name} »",
        },
    )


@login_required
@require_GET
def offer_product(request):
    """htmx: a book EAN known to the catalogue pre-fills the title and the author."""
    ean = normalise_ean(request.GET.get("ean", "")) or ""
    product = selectors.find_product(ean)
    subcategory = categories.SUBCATEGORIES_BY_ID.get(request.GET.get("subcategory", ""))
    if subcategory is None and product is not None:
        subcategory = categories.SUBCATEGORIES_BY_ID.get(product.subcategory_id)
    prefill = []
    if product is not None and product.is_eligible and subcategory is not None:
        values = {"name": product.name[: offer_forms.NAME_MAX_LENGTH], "author": product.author}
        form = offer_forms.OfferDetailsForm(subcategory=subcategory, initial=values)
        prefill = oob_fields(form, [name for name, value in values.items() if value])
    context = {
        "product": product,
        "prefill": prefill,
        "ean": ean,
        "with_author": subcategory is not None and categories.ExtraField.AUTHOR in subcategory.fields,
    }
    return render(request, "pro/offers/includes/product_result.html", context)


@login_required
@require_GET
def offer_sub_types(request):
    """htmx: the sub-type ``<select>`` of the chosen show type or music type."""
    kind = "show" if "show_type" in request.GET else "music"
    form = offer_forms.SubTypeForm(kind=kind, type_value=request.GET.get(f"{kind}_type", ""))
    return render(request, "pro/offers/includes/sub_type_field.html", {"field": form[f"{kind}_sub_type"]})


# --- Step 3: dates and stocks -----------------------------------------------------------------------------------


def _stock_initial(stock: Stock, tz_name: str) -> dict:
    day, moment = utc_to_local(stock.beginning_datetime, tz_name)
    limit_day, limit_time = utc_to_local(stock.booking_limit_datetime, tz_name)
    price_euros = f"{stock.price_cents // 100},{stock.price_cents % 100:02d}"
    return {
        "beginning_date": day,
        "beginning_time": moment,
        "price": price_euros,
        "quantity": "" if stock.quantity is None else str(stock.quantity),
        "booking_limit_date": limit_day,
        "booking_limit_time": limit_time,
    }


def _render_stocks(request, offer, *, add_form=None, recurrence_form=None):
    _decorate(offer)
    tz_name = offer.venue.timezone
    stocks = _live_stocks(offer)
    edit_form = None
    if offer.is_event:
        add_form = add_form or offer_forms.StockForm(is_event=True, tz_name=tz_name)
        recurrence_form = recurrence_form or offer_forms.RecurrenceForm(prefix="recurrence")
    elif stocks and add_form is None:
        edit_form = offer_forms.StockForm(is_event=False, tz_name=tz_name, initial=_stock_initial(stocks[0], tz_name))
    elif add_form is None:
        add_form = offer_forms.StockForm(is_event=False, tz_name=tz_name)
    now = timezone.now()
    return render(
        request,
        "pro/offers/stocks.html",
        {
            "offer": offer,
            "venue": offer.venue,
            "stocks": stocks,
            "remaining": offer_rules.remaining_places(stocks, now),
            "add_form": add_form,
            "recurrence_form": recurrence_form,
            "edit_form": edit_form,
            "edit_stock": stocks[0] if edit_form is not None else None,
            "stepper": _stepper(3, offer.is_event) if offer.is_draft else None,
            "title": ("Dates et prix" if offer.is_event else "Stock et prix") + f" — {offer.name}",
        },
    )


@login_required
@require_GET
def offer_stocks(request, pk: int):
    return _render_stocks(request, _offer_or_404(request.user, pk))


@login_required
@require_POST
def stock_create(request, pk: int):
    offer = _offer_or_404(request.user, pk)
    form = offer_forms.StockForm(request.POST, is_event=offer.is_event, tz_name=offer.venue.timezone)
    if form.is_valid():
        try:
            stock = services.stock_create(offer, request.user, **form.service_values())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if offer.is_event:
                when = format_datetime(stock.beginning_datetime, offer.venue.timezone)
                messages.success(request, f"La date du {when} a été ajoutée.")
            else:
                messages.success(request, "Le stock a été enregistré.")
            return redirect("pro:offer-stocks", pk=offer.pk)
    return _render_stocks(request, offer, add_form=form)


@login_required
@require_POST
def stock_recurrence(request, pk: int):
    offer = _offer_or_404(request.user, pk)
    form = offer_forms.RecurrenceForm(request.POST, prefix="recurrence")
    if form.is_valid():
        try:
            stocks = services.stocks_create_recurrence(offer, request.user, **form.service_values())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            count = len(stocks)
            messages.success(request, f"{count} date{'s' if count > 1 else ''} ajoutée{'s' if count > 1 else ''}.")
            return redirect("pro:offer-stocks", pk=offer.pk)
    return _render_stocks(request, offer, recurrence_form=form)


@login_required
def stock_edit(request, pk: int):
    stock = _stock_or_404(request.user, pk)
    offer = _offer_or_404(request.user, stock.offer_id)
    _decorate(offer)
    tz_name = offer.venue.timezone
    form = offer_forms.StockForm(
        request.POST or None, is_event=offer.is_event, tz_name=tz_name, initial=_stock_initial(stock, tz_name)
    )
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.stock_update(stock.pk, request.user, **form.service_values())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            text = "La date a été modifiée." if offer.is_event else "Le stock a été modifié."
            if updated.beginning_datetime != stock.beginning_datetime and updated.booked_quantity:
                text += " Les bénéficiaires qui ont réservé sont prévenus de la nouvelle date par e-mail."
            messages.success(request, text)
            return redirect("pro:offer-stocks", pk=offer.pk)
    return render(
        request,
        "pro/offers/stock_form.html",
        {
            "form": form,
            "offer": offer,
            "stock": stock,
            "venue": offer.venue,
            "title": "Modifier la date" if offer.is_event else "Modifier le stock",
        },
    )


@login_required
def stock_delete(request, pk: int):
    """A confirmation page, then the deletion (which cancels the bookings and notifies the beneficiaries)."""
    stock = _stock_or_404(request.user, pk)
    offer = _offer_or_404(request.user, stock.offer_id)
    _decorate(offer)
    if request.method == "POST":
        try:
            cancelled = services.stock_delete(stock.pk, request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if offer.is_event:
                when = format_datetime(stock.beginning_datetime, offer.venue.timezone)
                text = f"La date du {when} a été supprimée."
            else:
                text = "Le stock a été supprimé."
            if cancelled:
                text += (
                    f" {cancelled} réservation{'s' if cancelled > 1 else ''} "
                    f"annulée{'s' if cancelled > 1 else ''} : les bénéficiaires sont prévenus."
                )
            messages.success(request, text)
        return redirect("pro:offer-stocks", pk=offer.pk)
    return render(
        request,
        "pro/offers/stock_delete.html",
        {
            "offer": offer,
            "stock": stock,
            "venue": offer.venue,
            "title": "Supprimer cette date" if offer.is_event else "Supprimer ce stock",
        },
    )


# --- Step 4: summary and publication; the offer page ------------------------------------------------------------


@login_required
@require_GET
def offer_summary(request, pk: int):
    offer = _offer_or_404(request.user, pk)
    _decorate(offer)
    stocks = _live_stocks(offer)
    return render(
        request,
        "pro/offers/summary.html",
        {
            "offer": offer,
            "venue": offer.venue,
            "stocks": stocks,
            "remaining": offer_rules.remaining_places(stocks, timezone.now()),
            "stepper": _stepper(4, offer.is_event) if offer.is_draft else None,
            "title": f"Récapitulatif — {offer.name}",
        },
    )


@login_required
@require_POST
def offer_publish(request, pk: int):
    offer = _offer_or_404(request.user, pk)
    try:
        offer = services.offer_publish(offer.pk, request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("pro:offer-stocks", pk=pk)
    structure_waiting = not offer.venue.offerer.is_validated
    if offer.validation == OfferValidation.PENDING:
        text = (
            "Votre offre est en cours d'instruction par l'équipe du pass Culture : elle la vérifie avant de la "
            "rendre visible. Vous serez prévenu(e) par email de sa décision."
        )
    elif offer.validation == OfferValidation.APPROVED:
        text = "Votre offre est publiée."
        if not structure_waiting:
            text += " Elle est visible des jeunes sur le pass Culture."
    else:
        text = f"Cette offre est déjà {STATUS_LABELS.get(offer.validation, offer.validation).lower()}."
    if structure_waiting and offer.validation != OfferValidation.REJECTED:
        text += " Elle sera visible des jeunes dès la validation de votre structure."
    if offer.validation == OfferValidation.PENDING:
        messages.info(request, text)
    else:
        messages.success(request, text)
    return redirect("pro:offer-detail", pk=offer.pk)


@login_required
@require_GET
def offer_detail(request, pk: int):
    offer = _offer_or_404(request.user, pk)
    _decorate(offer)
    stocks = _live_stocks(offer)
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
