from django.db.models import Count, Min, Q
from django.shortcuts import render

from passculture.backoffice.ages import late_before, request_age
from passculture.backoffice.decorators import staff_required
from passculture.backoffice.views.offers import pending_offers
from passculture.beneficiaries.selectors import profiles_to_verify
from passculture.offerers.models import OffererStatus
from passculture.offerers.selectors import attachment_requests, offerers_to_validate


@staff_required
def home(request):
    queue = (
        offerers_to_validate()
        .order_by()
        .aggregate(
            total=Count("pk"),
            new=Count("pk", filter=Q(status=OffererStatus.NEW)),
            pending=Count("pk", filter=Q(status=OffererStatus.PENDING)),
            late=Count("pk", filter=Q(created_at__lt=late_before())),
            sirene_to_check=Count("pk", filter=Q(sirene_check_pending=True)),
            oldest=Min("created_at"),
        )
    )
    attachments = attachment_requests().order_by().aggregate(total=Count("pk"), oldest=Min("created_at"))
    offers = pending_offers().order_by().aggregate(total=Count("pk"), oldest=Min("submitted_at"))
    beneficiaries = profiles_to_verify().order_by().aggregate(total=Count("pk"), oldest=Min("created_at"))
    return render(
        request,
        "backoffice/home.html",
        {
            "title": "Back office",
            "queue": queue,
            "queue_oldest_age": request_age(queue["oldest"]) if queue["oldest"] else None,
            "attachments": attachments,
            "attachments_oldest_age": request_age(attachments["oldest"]) if attachments["oldest"] else None,
            "offers": offers,
            "offers_oldest_age": request_age(offers["oldest"]) if offers["oldest"] else None,
            "beneficiaries": beneficiaries,
            "beneficiaries_oldest_age": request_age(beneficiaries["oldest"]) if beneficiaries["oldest"] else None,
        },
    )
