"""Démarches simplifiées dossiers (docs/domain/finance.md#dms-updates): the dossiers kept without a structure (their
SIRET named none), where the poll of each procedure stands, and the staff's actions on them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from passculture.backoffice.decorators import staff_required
from passculture.backoffice.views.common import paginate, query_string
from passculture.finance.selectors import bank_accounts as bank_selectors
from passculture.finance.services import dms as dms_services
from passculture.web.redirects import safe_next
from passculture.web.services import call_service

SHOW_CHOICES = (("sans-structure", "Sans structure"), ("tous", "Tous les dossiers"))


@staff_required
def dms_dossiers(request):
    show = request.GET.get("afficher", "sans-structure")
    if show not in dict(SHOW_CHOICES):
        show = "sans-structure"
    page = paginate(request, bank_selectors.dms_accounts_for_staff(orphans_only=show == "sans-structure"))
    return render(
        request,
        "backoffice/dms/dossiers.html",
        {
            "title": "Dossiers Démarches simplifiées",
            "page": page,
            "show": show,
            "show_choices": SHOW_CHOICES,
            "sync_states": bank_selectors.dms_sync_states(),
            "query_string": query_string(afficher=show),
        },
    )


def _back(request):
    return redirect(safe_next(request, reverse("backoffice:dms-dossiers")))


def _dms_account(pk: int):
    account = bank_selectors.dms_accounts_for_staff().filter(pk=pk).first()
    if account is None:
        raise Http404("Aucun dossier Démarches simplifiées ne porte ce numéro.")
    return account


@staff_required
@require_POST
def dms_dossier_refresh(request, pk: int):
    account = _dms_account(pk)
    outcome = call_service(
        request, dms_services.dms_dossier_sync, account.dms_procedure_id, account.dms_dossier_id, request.user
    )
    if outcome.ok:
        done = "mis à jour" if outcome.value.changed else "déjà à jour"
        messages.success(request, f"Dossier {account.dms_dossier_id} relu sur Démarches simplifiées : {done}.")
    return _back(request)


@staff_required
@require_POST
def dms_account_attach(request, pk: int):
    account = _dms_account(pk)
    outcome = call_service(request, dms_services.dms_account_attach, account.pk, request.user)
    if outcome.ok:
        messages.success(
            request, f"Dossier {account.dms_dossier_id} rattaché à la structure « {outcome.value.offerer.name} »."
        )
    return _back(request)


@staff_required
@require_POST
def dms_sync(request):
    results = dms_services.dms_poll_all(request.user)
    for result in results:
        summary = (
            f"Démarche {result.procedure_id} : {result.read} dossier(s) lu(s), {result.applied} mis à jour, "
            f"{result.unchanged} déjà à jour."
        )
        if result.error:
            messages.error(request, f"{summary} {result.error}")
        else:
            messages.success(request, summary)
    if not results:
        messages.info(request, "Aucune démarche suivie : renseignez DMS_PROCEDURE_IDS.")
    return _back(request)
