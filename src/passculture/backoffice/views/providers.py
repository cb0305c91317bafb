"""Catalogue imports for the staff: providers, venue links, sync runs across venues with their problems."""

from django.http import Http404
from django.shortcuts import render

from passculture.backoffice.decorators import staff_required
from passculture.backoffice.views.common import paginate, query_string
from passculture.providers import selectors
from passculture.providers.models import SyncStatus


@staff_required
def provider_list(request):
    return render(request, "backoffice/providers/providers.html",
                  {"title": "Fournisseurs", "providers": selectors.all_providers()})  # fmt: skip


@staff_required
def link_list(request):
    provider, active = request.GET.get("fournisseur", ""), request.GET.get("actif", "")
    page = paginate(request, selectors.links_for_staff(provider_code=provider, active=active))
    return render(
        request,
        "backoffice/providers/links.html",
        {
            "title": "Lieux synchronisés", "page": page, "providers": selectors.all_providers(),
            "provider": provider, "active": active, "query_string": query_string(fournisseur=provider, actif=active),
        },
    )  # fmt: skip


@staff_required
def run_list(request):
    provider, status = request.GET.get("fournisseur", ""), request.GET.get("statut", "")
    with_problems = request.GET.get("problemes") == "1"
    runs = selectors.runs_for_staff(provider_code=provider, with_problems=with_problems, status=status)
    return render(
        request,
        "backoffice/providers/runs.html",
        {
            "title": "Synchronisations", "page": paginate(request, runs), "providers": selectors.all_providers(),
            "provider": provider, "status": status, "statuses": SyncStatus.choices, "with_problems": with_problems,
            "query_string": query_string(fournisseur=provider, statut=status, problemes="1" if with_problems else ""),
        },
    )  # fmt: skip


@staff_required
def run_detail(request, pk: int):
    run = selectors.run_for_staff(pk)
    if run is None:
        raise Http404
    page = paginate(request, selectors.problems_of(run), per_page=50)
    return render(request, "backoffice/providers/run.html", {"title": "Synchronisation", "run": run, "page": page})
