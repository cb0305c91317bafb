"""The offer creation wizard (docs/domain/offers.md): step 1 the type and the venue, step 2 the details (also the
edit page), with their htmx fragments, and step 4 the summary and the publication. Step 3 is ``stocks``."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from passculture.core.errors import DomainError
from passculture.core.identifiers import normalise_ean
from passculture.offerers.selectors import venues_of
from passculture.offers import categories, selectors, services
from passculture.offers import rules as offer_rules
from passculture.offers.categories import UnknownSubcategory, get_subcategory
from passculture.offers.models import OfferValidation
from passculture.pro.forms.offers.details import NAME_MAX_LENGTH, OfferDetailsForm, details_initial
from passculture.pro.forms.offers.extra_fields import SubTypeForm
from passculture.pro.forms.offers.type import OfferTypeForm
from passculture.pro.views.offers import STATUS_LABELS, decorate, live_stocks, offer_or_404, stepper, user_venues
from passculture.web.htmx import oob_fields

# --- The wizard: step 1, venue and type -------------------------------------------------------------------------


@login_required
def offer_create(request):
    venues = user_venues(request.user)
    initial = {key: request.GET.get(key, "") for key in ("category", "subcategory", "venue")}
    form = OfferTypeForm(request.POST or None, venues=venues, initial=initial)
    if request.method == "POST" and venues and form.is_valid():
        venue, subcategory = form.cleaned_data["venue"], form.subcategory
        return redirect("pro:offer-create-details", venue_pk=venue.pk, subcategory_id=subcategory.id)
    return render(
        request,
        "pro/offers/type.html",
        {"form": form, "has_venues": bool(venues), "stepper": stepper(1, None), "title": "Créer une offre"},
    )


@login_required
@require_GET
def offer_type_fields(request):
    """htmx: the subcategory ``<select>`` of the chosen category, and the venues the subcategory allows; without
    htmx, the first step with these choices."""
    params = {key: request.GET.get(key, "") for key in ("category", "subcategory", "venue")}
    if not request.htmx:
        return redirect(reverse("pro:offer-create") + "?" + urlencode(params))
    form = OfferTypeForm(venues=user_venues(request.user), initial=params)
    template = "venue_field" if request.GET.get("part") == "venue" else "type_fields"
    return render(request, f"pro/offers/_{template}.html", {"form": form})


# --- Step 2: details (creation) and the edit page ---------------------------------------------------------------


@login_required
def offer_create_details(request, venue_pk: int, subcategory_id: str):
    venue = get_object_or_404(venues_of(request.user), pk=venue_pk)
    try:
        subcategory = get_subcategory(subcategory_id)
    except UnknownSubcategory:
        raise Http404 from None
    form = OfferDetailsForm(
        request.POST or None,
        request.FILES or None,
        subcategory=subcategory,
        venue=venue,
        initial=details_initial(venue=venue),
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
            "stepper": stepper(2, subcategory.is_event),
            "back_url": back + "&" + urlencode({"subcategory": subcategory.id}),
            "title": "Créer une offre",
        },
    )


def _what_stock(is_event: bool) -> str:
    return "une ou plusieurs dates" if is_event else "le stock et le prix"


@login_required
def offer_edit(request, pk: int):
    offer = offer_or_404(request.user, pk)
    decorate(offer)
    subcategory = offer.subcategory
    posted = request.POST.get("subcategory_id") if request.method == "POST" else None
    chosen = categories.SUBCATEGORIES_BY_ID.get(posted or "")
    if chosen and not offer.is_type_locked and chosen.is_selectable:
        # The conditional fields follow the newly chosen type; a staff-only one stays out of the pro's list.
        subcategory = chosen
    form = OfferDetailsForm(
        request.POST or None,
        request.FILES or None,
        subcategory=subcategory,
        venue=offer.venue,
        offer=offer,
        subcategory_editable=True,
        subcategory_locked=offer.is_type_locked,
        initial=details_initial(offer=offer),
    )
    if offer.provider_code:  # the provider owns the title (and the type, locked once approved)
        form.fields["name"].disabled = True
        form.fields["name"].help_text = f"Le titre vient de {offer.provider_label} : il se modifie chez le fournisseur."
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
            "stepper": stepper(2, subcategory.is_event) if offer.is_draft else None,
            "back_url": reverse("pro:offer-detail", args=[offer.pk]),
            "title": f"Modifier « {offer.name} »",
        },
    )


@login_required
@require_GET
def offer_product(request):
    """htmx: a book EAN known to the catalogue pre-fills the title and the author (without htmx: the wizard)."""
    if not request.htmx:
        return redirect("pro:offer-create")
    ean = normalise_ean(request.GET.get("ean", "")) or ""
    product = selectors.find_product(ean)
    subcategory = categories.SUBCATEGORIES_BY_ID.get(request.GET.get("subcategory", ""))
    if subcategory is None and product is not None:
        subcategory = categories.SUBCATEGORIES_BY_ID.get(product.subcategory_id)
    prefill, kept = [], []
    if product is not None and product.is_eligible and subcategory is not None:
        values = {"name": product.name[:NAME_MAX_LENGTH], "author": product.author}
        # A title or an author the pro typed stays: the catalogue's fills only the empty ones.
        kept = [name for name in values if request.GET.get(name, "").strip()]
        form = OfferDetailsForm(subcategory=subcategory, initial=values)
        prefill = oob_fields(form, [name for name, value in values.items() if value and name not in kept])
    context = {
        "product": product,
        "prefill": prefill,
        "title_kept": "name" in kept,
        "ean": ean,
        "with_author": subcategory is not None and categories.ExtraField.AUTHOR in subcategory.fields,
    }
    return render(request, "pro/offers/_product_result.html", context)


@login_required
@require_GET
def offer_sub_types(request):
    """htmx: the sub-type ``<select>`` of the chosen show type or music type (without htmx: the wizard)."""
    if not request.htmx:
        return redirect("pro:offer-create")
    kind = "show" if "show_type" in request.GET else "music"
    form = SubTypeForm(kind=kind, type_value=request.GET.get(f"{kind}_type", ""))
    return render(request, "pro/offers/_sub_type_field.html", {"field": form[f"{kind}_sub_type"]})


# --- Step 4: summary and publication; the offer page ------------------------------------------------------------


@login_required
@require_GET
def offer_summary(request, pk: int):
    offer = offer_or_404(request.user, pk)
    decorate(offer)
    stocks = live_stocks(offer)
    return render(
        request,
        "pro/offers/summary.html",
        {
            "offer": offer,
            "venue": offer.venue,
            "stocks": stocks,
            "remaining": offer_rules.remaining_places(stocks, timezone.now()),
            "stepper": stepper(4, offer.is_event) if offer.is_draft else None,
            "title": f"Récapitulatif — {offer.name}",
        },
    )


@login_required
@require_POST
def offer_publish(request, pk: int):
    offer = offer_or_404(request.user, pk)
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
