"""The pro home page and the structure (offerer) pages: members, attachment requests, invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from passculture.core.errors import DomainError
from passculture.finance.selectors import bank_accounts as bank_selectors
from passculture.finance.selectors import pricing as pricing_selectors
from passculture.offerers import selectors, services
from passculture.pro.forms.offerers import InvitationForm
from passculture.web.services import add_domain_error


@login_required
def home(request):
    offerers = list(selectors.offerers_of(request.user).prefetch_related("venues"))
    for offerer in offerers:
        offerer.bank_missing = bank_selectors.offerer_needs_bank_details(offerer)
        # the scale gauge of each pricing point (docs/domain/finance.md#scale)
        offerer.scales, offerer.scales_waiting = pricing_selectors.offerer_scales(offerer.venues.all())
    return render(
        request,
        "pro/offerers/home.html",
        {
            "offerers": offerers,
            "pending_memberships": selectors.pending_memberships_of(request.user),
            "title": "Accueil",
        },
    )


def _offerer_page(request, offerer, invitation_form):
    return render(
        request,
        "pro/offerers/detail.html",
        {
            "offerer": offerer,
            "venues": offerer.venues.all(),
            "members": selectors.validated_members(offerer),
            "pending": selectors.pending_memberships_for(offerer),
            "invitations": offerer.invitations.filter(accepted_at__isnull=True).order_by("-created_at"),
            "invitation_form": invitation_form,
            "bank": bank_selectors.bank_details(offerer),
            "title": offerer.name,
        },
    )


@login_required
def offerer_detail(request, pk: int):
    offerer = get_object_or_404(selectors.offerers_of(request.user), pk=pk)
    return _offerer_page(request, offerer, InvitationForm())


@login_required
@require_POST
def invite(request, pk: int):
    offerer = get_object_or_404(selectors.offerers_of(request.user), pk=pk)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_create(offerer, request.user, form.cleaned_data["email"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Une invitation a été envoyée à {form.cleaned_data['email']}.")
            return redirect("pro:offerer-detail", pk=offerer.pk)
    return _offerer_page(request, offerer, form)


@login_required
@require_POST
def decide_membership(request, pk: int, decision: str):
    if decision not in {"accepter", "refuser"}:
        raise Http404
    membership = get_object_or_404(selectors.memberships_of_offerers_of(request.user), pk=pk)
    try:
        if decision == "accepter":
            services.membership_validate(membership.pk, request.user)
            messages.success(request, f"{membership.user.full_name} a rejoint la structure.")
        else:
            services.membership_reject(membership.pk, request.user)
            messages.info(request, f"La demande de {membership.user.full_name} a été refusée.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("pro:offerer-detail", pk=membership.offerer_id)
