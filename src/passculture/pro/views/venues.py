"""Venues (lieux): the places where a structure welcomes its public (docs/domain/offerers.md#venues)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from passculture.core.audit import audit_trail
from passculture.core.errors import DomainError
from passculture.finance.selectors import bank_accounts as bank_selectors
from passculture.finance.selectors import pricing as pricing_selectors
from passculture.finance.services import pricing_points
from passculture.offerers import selectors, services
from passculture.pro.forms.pricing import PricingPointForm
from passculture.pro.forms.venues import VenueForm
from passculture.web.htmx import oob_fields
from passculture.web.services import add_domain_error, call_service

PREFILLED_FIELDS = ("name", "street", "postal_code", "city")


@login_required
def venue_create(request, offerer_pk: int):
    offerer = get_object_or_404(selectors.offerers_of(request.user), pk=offerer_pk)
    form = VenueForm(request.POST or None, initial={"booking_email": request.user.email})
    if request.method == "POST" and form.is_valid():
        try:
            venue = services.venue_create(
                offerer, request.user, siret=form.cleaned_data["siret"], **form.service_data()
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Le lieu « {venue.display_name} » a été créé.")
            return redirect("pro:venue-detail", pk=venue.pk)
    return render(
        request,
        "pro/venues/form.html",
        {"form": form, "offerer": offerer, "venue": None, "title": "Créer un lieu"},
    )


def _venue_page(request, venue, pricing_point_form=None):
    scale = pricing_selectors.venue_scale(venue)
    if scale.point is None and pricing_point_form is None:
        pricing_point_form = PricingPointForm(candidates=pricing_selectors.pricing_point_candidates(venue))
    return render(
        request,
        "pro/venues/detail.html",
        {
            "venue": venue,
            "offerer": venue.offerer,
            "history": audit_trail(venue)[:20],
            "bank_link": bank_selectors.link_in_force(venue),
            "bank": bank_selectors.bank_details(venue.offerer),
            "scale": scale,
            "link": pricing_selectors.current_link(venue) if not venue.siret else None,
            "pricing_point_form": pricing_point_form,
            "title": venue.display_name,
        },
        status=400 if pricing_point_form is not None and pricing_point_form.errors else 200,
    )


@login_required
def venue_detail(request, pk: int):
    return _venue_page(request, get_object_or_404(selectors.venues_of(request.user), pk=pk))


@login_required
@require_POST
def venue_pricing_point(request, pk: int):
    """Choose the pricing point of a venue without a SIRET (docs/domain/finance.md#pricing-points)."""
    venue = get_object_or_404(selectors.venues_of(request.user), pk=pk)
    form = PricingPointForm(request.POST, candidates=pricing_selectors.pricing_point_candidates(venue))
    if form.is_valid():
        point = form.cleaned_data["pricing_point"]
        if call_service(form, pricing_points.pricing_point_link, venue.pk, point, request.user).ok:
            messages.success(request, "Le point de valorisation du lieu a été enregistré.")
            return redirect("pro:venue-detail", pk=venue.pk)
    return _venue_page(request, venue, form)


@login_required
def venue_edit(request, pk: int):
    venue = get_object_or_404(selectors.venues_of(request.user), pk=pk, is_virtual=False)
    initial = {field: getattr(venue, field) for field in [*services.VENUE_FIELDS, "siret"]}
    form = VenueForm(request.POST or None, initial=initial, siret_locked=bool(venue.siret))
    if request.method == "POST" and form.is_valid():
        try:
            services.venue_update(venue.pk, request.user, siret=form.cleaned_data["siret"], **form.service_data())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Les modifications du lieu ont été enregistrées.")
            return redirect("pro:venue-detail", pk=venue.pk)
    return render(
        request,
        "pro/venues/form.html",
        {"form": form, "offerer": venue.offerer, "venue": venue, "title": f"Modifier {venue.display_name}"},
    )


@login_required
@require_POST
def siret_lookup(request):
    """htmx: check the SIRET as soon as it is typed and pre-fill the name and address from Sirene (without htmx: the
    venue form)."""
    offerer = get_object_or_404(selectors.offerers_of(request.user), pk=request.POST.get("offerer"))
    if not request.htmx:
        return redirect("pro:venue-create", offerer_pk=offerer.pk)
    siret = request.POST.get("siret", "")
    error, info = None, None
    if siret.strip():
        try:
            info = services.check_siret(siret, offerer)
        except DomainError as exc:
            error = exc.message
    prefill = None
    if info is not None:
        values = {"name": info.name}
        if info.address:
            values.update(street=info.address.street, postal_code=info.address.postal_code, city=info.address.city)
        prefill = oob_fields(VenueForm(initial=values), PREFILLED_FIELDS)
    return render(request, "pro/venues/_siret_result.html", {"error": error, "info": info, "prefill": prefill})
