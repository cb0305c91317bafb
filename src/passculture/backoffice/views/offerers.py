"""The activation queue and the review of one structure (docs/domain/offerers.md#activation)."""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from passculture.backoffice.ages import request_age
from passculture.backoffice.decorators import staff_required
from passculture.backoffice.forms.offerers import (
    CloseOffererForm,
    HoldOffererForm,
    QueueFilterForm,
    RejectOffererForm,
    ValidateOffererForm,
)
from passculture.backoffice.views.common import call_decision, paginate, query_string
from passculture.core.audit import audit_trail
from passculture.core.identifiers import format_siren
from passculture.offerers import rules, services
from passculture.offerers.models import Offerer
from passculture.offerers.selectors import (
    offerers_to_validate,
    pending_memberships_for,
    register_record,
    status_changes_of,
    validated_members,
)

AUDIT_TRAIL_LENGTH = 100

# --- The queue -------------------------------------------------------------------------------------------


@staff_required
def offerer_queue(request):
    form = QueueFilterForm(request.GET or None)
    status = form.cleaned_data["statut"] if form.is_valid() else ""
    offerers = offerers_to_validate()
    if status:
        offerers = offerers.filter(status=status)
    page = paginate(request, offerers)
    rows = [(offerer, request_age(offerer.created_at)) for offerer in page.object_list]
    return render(
        request,
        "backoffice/offerers/queue.html",
        {
            "title": "Structures à valider",
            "form": form,
            "status": status,
            "status_label": dict(QueueFilterForm.base_fields["statut"].choices).get(status, ""),
            "page": page,
            "rows": rows,
            "query_string": query_string(statut=status),
        },
    )


# --- The register, live ----------------------------------------------------------------------------------

SIRENE_ERROR_MESSAGES = {
    "not_found": "Ce numéro est inconnu du répertoire Sirene de l'INSEE.",
    "not_diffusible": (
        "Cette structure n'est pas diffusible : le répertoire Sirene ne publie pas ses données. "
        "Vérifiez-les sur un justificatif (Kbis, avis de situation Sirene)."
    ),
    "rate_limited": "Le répertoire Sirene reçoit trop de demandes : rechargez la page dans une minute.",
    "unavailable": (
        "Le répertoire Sirene de l'INSEE est indisponible pour le moment : "
        "rechargez la page plus tard ou vérifiez la structure à la main."
    ),
    "invalid": "Le numéro enregistré n'est pas un SIREN ou un SIRET valide.",
}


@dataclass(frozen=True)
class SireneNotice:
    code: str
    message: str


def _notice(code: str | None) -> SireneNotice | None:
    if code is None:
        return None
    return SireneNotice(
        code=code, message=SIRENE_ERROR_MESSAGES.get(code, "Le répertoire Sirene a renvoyé une erreur.")
    )


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    declared: str
    stored: str
    live: str | None  # None: the register could not tell

    @property
    def differs(self) -> bool:
        def norm(value):
            return " ".join((value or "").split()).casefold()

        known = [norm(v) for v in (self.declared, self.stored, self.live) if v]
        return len(set(known)) > 1


@dataclass(frozen=True)
class SireneComparison:
    rows: list[ComparisonRow]
    siren_info: object | None  # the register's answers (``RegisterRecord``), shown as they are
    siret_info: object | None
    siren_notice: SireneNotice | None
    siret_notice: SireneNotice | None


def _compare_with_register(offerer: Offerer, declared_name: str) -> SireneComparison:
    """What we stored beside what the register says now; register errors become notices, never a crash."""
    record = register_record(offerer.siren)
    siren_info, address = record.siren_info, record.address

    def live(value):
        return value if siren_info is not None else None

    rows = [
        ComparisonRow("Nom", declared_name, offerer.name, live(siren_info and siren_info.name)),
        ComparisonRow(
            "SIREN",
            format_siren(offerer.siren),
            format_siren(offerer.siren),
            live(siren_info and format_siren(siren_info.siren)),
        ),
        ComparisonRow(
            "Catégorie juridique",
            "",
            offerer.legal_category_code,
            live(siren_info and siren_info.legal_category_code),
        ),
        ComparisonRow("Code APE", "", offerer.ape_code, live(siren_info and siren_info.ape_code)),
        ComparisonRow("Adresse", "", offerer.street, live(address.street if address else "")),
        ComparisonRow("Code postal", "", offerer.postal_code, live(address.postal_code if address else "")),
        ComparisonRow("Ville", "", offerer.city, live(address.city if address else "")),
    ]
    return SireneComparison(
        rows, siren_info, record.siret_info, _notice(record.siren_error), _notice(record.siret_error)
    )


# --- The review page -------------------------------------------------------------------------------------


def _render_detail(request, offerer: Offerer, forms: dict | None = None, status: int = 200):
    trail = list(audit_trail(offerer)[:AUDIT_TRAIL_LENGTH])
    action_forms = {
        "validate": ValidateOffererForm(prefix="validate"),
        "hold": HoldOffererForm(prefix="hold"),
        "reject": RejectOffererForm(prefix="reject"),
        "close": CloseOffererForm(prefix="close"),
        **(forms or {}),
    }
    return render(
        request,
        "backoffice/offerers/detail.html",
        {
            "title": f"Structure {offerer.name}",
            "offerer": offerer,
            "age": request_age(offerer.created_at),
            "sirene": _compare_with_register(offerer, offerer.declared_name),
            "members": validated_members(offerer),
            "pending_memberships": pending_memberships_for(offerer),
            "venues": offerer.venues.all(),
            "status_changes": status_changes_of(offerer),
            "trail": trail,
            "actions": rules.offerer_actions(offerer.status),
            "forms": action_forms,
        },
        status=status,
    )


@staff_required
def offerer_detail(request, pk: int):
    return _render_detail(request, get_object_or_404(Offerer, pk=pk))


# --- Decisions -------------------------------------------------------------------------------------------

ACTIONS = {
    # name: (form class, service, success message)
    "validate": (
        ValidateOffererForm,
        services.offerer_validate,
        "La structure {name} a été validée : un email d'activation a été envoyé.",
    ),
    "hold": (
        HoldOffererForm,
        services.offerer_put_on_hold,
        "La structure {name} a été mise en attente : votre demande d'informations lui a été envoyée.",
    ),
    "reject": (
        RejectOffererForm,
        services.offerer_reject,
        "La structure {name} a été rejetée : le motif lui a été envoyé par email.",
    ),
    "close": (
        CloseOffererForm,
        services.offerer_close,
        "La structure {name} a été fermée.",
    ),
}


def _decide(request, pk: int, action: str):
    offerer = get_object_or_404(Offerer, pk=pk)
    form_class, service, success = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if not form.is_valid():
        messages.error(request, "L'action n'a pas été effectuée : corrigez le formulaire ci-dessous.")
        return _render_detail(request, offerer, {action: form}, status=400)
    if action == "close" and not form.cleaned_data["confirmed"]:
        return render(
            request,
            "backoffice/offerers/close_confirm.html",
            {"title": f"Fermer la structure {offerer.name}", "offerer": offerer, "form": form},
        )
    outcome = call_decision(request, form, service, offerer.pk, request.user, form.cleaned_data["comment"])
    if form.errors:
        return _render_detail(request, offerer, {action: form}, status=400)
    if outcome.ok:
        messages.success(request, success.format(name=outcome.value.name))
    return redirect(reverse("backoffice:offerer-detail", args=[offerer.pk]))


@staff_required
@require_POST
def offerer_validate(request, pk: int):
    return _decide(request, pk, "validate")


@staff_required
@require_POST
def offerer_hold(request, pk: int):
    return _decide(request, pk, "hold")


@staff_required
@require_POST
def offerer_reject(request, pk: int):
    return _decide(request, pk, "reject")


@staff_required
@require_POST
def offerer_close(request, pk: int):
    return _decide(request, pk, "close")
