"""Young people, their credit (docs/domain/beneficiaries.md): the identity check queue, one young person's page, and the
decisions staff take there (confirm the identity and open the credit, refuse, grant a credit directly)."""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from passculture.accounts.models import User
from passculture.backoffice.ages import request_age
from passculture.backoffice.decorators import staff_required
from passculture.backoffice.forms.beneficiaries import RefuseBeneficiaryForm
from passculture.backoffice.views.common import paginate
from passculture.beneficiaries import selectors, services
from passculture.beneficiaries.models import BeneficiaryProfile, Deposit, EligibilityStatus
from passculture.bookings import selectors as booking_selectors
from passculture.core.audit import audit_trail
from passculture.core.dates import format_date
from passculture.core.money import format_cents
from passculture.core.parameters import get_parameter
from passculture.web.services import call_service

AUDIT_TRAIL_LENGTH = 100
BOOKINGS_LENGTH = 200
CONFIRM_NOTICE = "Confirmer l'identité ouvre le crédit en vigueur aujourd'hui ; le jeune peut réserver aussitôt."
REFUSE_NOTICE = "Le profil passe en « Non éligible » : aucun crédit ne peut plus lui être accordé."


def _eligible_age() -> int:
    return get_parameter("beneficiaries.eligible_age")


# --- The queue -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    profile: BeneficiaryProfile
    years: int  # the young person's age today
    age: object  # backoffice.ages.RequestAge: how long the request has been waiting


@staff_required
def beneficiary_queue(request):
    today = timezone.localdate()
    page = paginate(request, selectors.profiles_to_verify())
    rows = [
        QueueRow(profile, services.age_on(profile.birth_date, today), request_age(profile.created_at))
        for profile in page.object_list
    ]
    return render(
        request,
        "backoffice/beneficiaries/queue.html",
        {
            "title": "Jeunes à vérifier",
            "page": page,
            "rows": rows,
            "eligible_age": _eligible_age(),
            "query_string": "",
        },
    )


# --- One young person ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DepositRow:
    deposit: Deposit
    credit: selectors.DomainsCredit
    is_active: bool  # the deposit in force (an expired one counts as zero)
    is_expired: bool


def _deposit_rows(user: User, now) -> list[DepositRow]:
    deposits = selectors.deposits_of(user)
    active = next((deposit for deposit in deposits if deposit.expires_at > now), None)
    return [
        DepositRow(deposit, selectors.domains_credit(deposit), deposit is active, deposit.expires_at <= now)
        for deposit in deposits
    ]


def _available_actions(profile: BeneficiaryProfile | None, has_active_deposit: bool) -> set[str]:
    """Which buttons to show; the services still refuse any transition they do not allow."""
    if profile is None:
        return set()
    if profile.eligibility == EligibilityStatus.PENDING:
        return {"confirm", "refuse"}
    if profile.eligibility == EligibilityStatus.ELIGIBLE and not has_active_deposit:
        return {"grant"}
    return set()


def _render_detail(request, person: User, refuse_form: RefuseBeneficiaryForm | None = None, status: int = 200):
    now = timezone.now()
    profile = selectors.profile_of(person)
    deposits = _deposit_rows(person, now)
    active = next((row for row in deposits if row.is_active), None)
    eligible_age = _eligible_age()
    years = services.age_on(profile.birth_date, timezone.localdate()) if profile else None
    bookings = booking_selectors.beneficiary_bookings_for_staff(person, BOOKINGS_LENGTH)
    return render(
        request,
        "backoffice/beneficiaries/detail.html",
        {
            "title": f"Jeune {person.full_name or person.email}",
            "person": person,
            "profile": profile,
            "years": years,
            "eligible_age": eligible_age,
            "age_is_eligible": years == eligible_age,
            "request_age": request_age(profile.created_at) if profile else None,
            "deposits": deposits,
            "active": active,
            "bookings": bookings,
            "bookings_limit": BOOKINGS_LENGTH,
            "trail": list(audit_trail(person)[:AUDIT_TRAIL_LENGTH]),
            "actions": _available_actions(profile, active is not None),
            "refuse_form": refuse_form or RefuseBeneficiaryForm(prefix="refuse"),
            "confirm_notice": CONFIRM_NOTICE,
            "refuse_notice": REFUSE_NOTICE,
        },
        status=status,
    )


@staff_required
def beneficiary_detail(request, pk: int):
    return _render_detail(request, get_object_or_404(User, pk=pk))


# --- Decisions -------------------------------------------------------------------------------------------


def _opened(deposit: Deposit) -> str:
    return f"un crédit de {format_cents(deposit.amount_cents)} est ouvert jusqu'au {format_date(deposit.expires_at)}"


def _get_profile(pk: int) -> BeneficiaryProfile:
    return get_object_or_404(selectors.profiles(), user_id=pk)


@staff_required
@require_POST
def beneficiary_confirm(request, pk: int):
    profile = _get_profile(pk)
    name = profile.user.full_name or profile.user.email
    outcome = call_service(request, services.beneficiary_confirm_identity, profile.user_id, request.user)
    if outcome.ok:
        messages.success(request, f"L'identité de {name} est confirmée : {_opened(outcome.value)}.")
    return redirect(reverse("backoffice:beneficiary-detail", args=[profile.user_id]))


@staff_required
@require_POST
def beneficiary_refuse(request, pk: int):
    profile = _get_profile(pk)
    form = RefuseBeneficiaryForm(request.POST, prefix="refuse")
    if not form.is_valid():
        messages.error(request, "Le profil n'a pas été refusé : corrigez le formulaire ci-dessous.")
        return _render_detail(request, profile.user, form, status=400)
    outcome = call_service(
        request, services.beneficiary_refuse, profile.user_id, request.user, form.cleaned_data["reason"].strip()
    )
    if outcome.ok:
        name = profile.user.full_name or profile.user.email
        messages.success(request, f"Le profil de {name} est refusé : aucun crédit ne lui sera ouvert.")
    return redirect(reverse("backoffice:beneficiary-detail", args=[profile.user_id]))


@staff_required
@require_POST
def beneficiary_grant(request, pk: int):
    profile = _get_profile(pk)
    outcome = call_service(request, services.beneficiary_grant_deposit, profile.user_id, request.user)
    if outcome.ok:
        name = profile.user.full_name or profile.user.email
        messages.success(request, f"Crédit accordé à {name} : {_opened(outcome.value)}.")
    return redirect(reverse("backoffice:beneficiary-detail", args=[profile.user_id]))
