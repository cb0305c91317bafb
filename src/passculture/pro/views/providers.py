"""« Synchroniser des offres » on a venue: link a provider after a preview, follow the runs, pause, unlink
(docs/domain/imports.md#pages)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from passculture.core.errors import DomainError
from passculture.offerers import selectors as offerer_selectors
from passculture.pro.forms.providers import ProviderLinkForm, ProviderParametersForm
from passculture.providers import selectors, services
from passculture.providers.models import ProviderKind
from passculture.web.services import add_domain_error, call_service

PROBLEMS_PAGE_SIZE = 50


def _venue(request, pk: int):
    return get_object_or_404(offerer_selectors.venues_of(request.user), pk=pk, is_virtual=False)


def _link(request, pk: int):
    link = selectors.link_of(request.user, pk)
    if link is None:
        raise Http404
    return link


@login_required
def venue_sync(request, pk: int):
    """The link and its runs, or the form to choose a provider, preview its import and import."""
    venue = _venue(request, pk)
    link = selectors.link_of_venue(venue)
    context = {"venue": venue, "offerer": venue.offerer, "link": link, "title": "Synchroniser des offres"}
    if link is not None:
        initial = {"price": _euros(link.price_cents), "quantity": link.quantity or "", "is_duo": link.is_duo}
        context.update(runs=selectors.runs_of_venue(venue), parameters=ProviderParametersForm(initial=initial))
        return render(request, "pro/providers/sync.html", context)
    providers = list(selectors.providers_for_pro())
    form = ProviderLinkForm(
        request.POST or None, providers=providers, initial={"venue_id_at_provider": venue.siret or "", "is_duo": True}
    )
    context.update(form=form, providers=providers)
    if request.method == "POST" and form.is_valid():
        link_request = services.LinkRequest(
            venue, form.chosen_provider, form.cleaned_data["venue_id_at_provider"].strip(),
            price_cents=form.cleaned_data["price"], quantity=form.cleaned_data["quantity"],
            is_duo=form.cleaned_data["is_duo"],
        )  # fmt: skip
        try:
            if request.POST.get("action") == "import":
                services.link_venue(link_request, request.user)
            else:
                context.update(preview=services.preview(link_request), chosen=form.chosen_provider)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if request.POST.get("action") == "import":
                messages.success(
                    request,
                    f"Le lieu est synchronisé avec {form.chosen_provider.name} : l'import est lancé, ses offres "
                    "apparaissent au fil de l'eau.",
                )
                return redirect("pro:venue-sync", pk=venue.pk)
    return render(request, "pro/providers/sync.html", context)


def _euros(cents: int | None) -> str:
    if cents is None:
        return ""
    return f"{cents // 100},{cents % 100:02d}"


@login_required
@require_POST
def link_parameters(request, pk: int):
    link = _link(request, pk)
    form = ProviderParametersForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("pro:venue-sync", pk=link.venue_id)
    outcome = call_service(
        request, services.link_update, link.pk, request.user, price_cents=form.cleaned_data["price"],
        quantity=form.cleaned_data["quantity"], is_duo=form.cleaned_data["is_duo"],
    )  # fmt: skip
    if outcome.ok:
        text = "Les paramètres ont été enregistrés : ils s'appliquent à la prochaine synchronisation."
        messages.success(request, text if outcome.value else "Aucune modification.")
    return redirect("pro:venue-sync", pk=link.venue_id)


@login_required
@require_POST
def link_active(request, pk: int):
    link = _link(request, pk)
    active = request.POST.get("active") == "1"
    if call_service(request, services.link_set_active, link.pk, request.user, active).ok:
        messages.success(request, "La synchronisation a repris." if active else "La synchronisation est en pause.")
    return redirect("pro:venue-sync", pk=link.venue_id)


@login_required
@require_POST
def link_sync_now(request, pk: int):
    link = _link(request, pk)
    if call_service(request, services.request_sync, link.pk).ok:
        messages.success(request, "La synchronisation est lancée.")
    return redirect("pro:venue-sync", pk=link.venue_id)


@login_required
def link_delete(request, pk: int):
    """A confirmation page, then the unlink (the imported offers stay)."""
    link = _link(request, pk)
    if request.method == "POST":
        if call_service(request, services.link_delete, link.pk, request.user).ok:
            messages.success(request, f"Le lieu n'est plus synchronisé avec {link.provider.name}.")
        return redirect("pro:venue-sync", pk=link.venue_id)
    return render(
        request,
        "pro/providers/unlink.html",
        {"link": link, "venue": link.venue, "offerer": link.venue.offerer, "title": "Arrêter la synchronisation"},
    )


@login_required
def run_detail(request, pk: int):
    run = selectors.run_of(request.user, pk)
    if run is None:
        raise Http404
    page = Paginator(selectors.problems_of(run), PROBLEMS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "pro/providers/run.html",
        {"run": run, "venue": run.venue, "offerer": run.venue.offerer, "page": page, "title": "Synchronisation",
         "is_cinema": run.provider.kind == ProviderKind.CINEMA},
    )  # fmt: skip
