"""Attachment requests: users asking to join an existing structure."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from passculture.backoffice.ages import request_age
from passculture.backoffice.decorators import staff_required
from passculture.backoffice.views.common import paginate
from passculture.offerers import services
from passculture.offerers.selectors import attachment_requests as pending_attachment_requests
from passculture.offerers.selectors import memberships_for_staff
from passculture.web.redirects import safe_next
from passculture.web.services import call_service


@staff_required
def attachment_requests(request):
    page = paginate(request, pending_attachment_requests())
    rows = [(membership, request_age(membership.created_at)) for membership in page.object_list]
    return render(
        request,
        "backoffice/memberships/attachment_requests.html",
        {"title": "Demandes de rattachement", "page": page, "rows": rows},
    )


def _decide(request, pk: int, service, success: str):
    membership = get_object_or_404(memberships_for_staff(), pk=pk)
    if call_service(request, service, membership.pk, request.user).ok:
        messages.success(request, success.format(email=membership.user.email, name=membership.offerer.name))
    return redirect(safe_next(request, reverse("backoffice:attachment-requests")))


@staff_required
@require_POST
def membership_validate(request, pk: int):
    return _decide(
        request,
        pk,
        services.membership_validate,
        "Le rattachement de {email} à la structure {name} a été validé : un email lui a été envoyé.",
    )


@staff_required
@require_POST
def membership_reject(request, pk: int):
    return _decide(
        request,
        pk,
        services.membership_reject,
        "La demande de rattachement de {email} à la structure {name} a été refusée : un email lui a été envoyé.",
    )
