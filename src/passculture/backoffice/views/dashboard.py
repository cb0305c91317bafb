from django.shortcuts import render

from passculture.backoffice.ages import late_before, request_age
from passculture.backoffice.decorators import staff_required
from passculture.beneficiaries.selectors import profiles_to_verify_summary
from passculture.finance.selectors.bank_accounts import review_summary
from passculture.offerers.selectors import attachment_requests_summary, offerers_to_validate_summary
from passculture.offers.selectors import pending_offers_summary


@staff_required
def home(request):
    queue = offerers_to_validate_summary(late_before())
    attachments = attachment_requests_summary()
    offers = pending_offers_summary()
    beneficiaries = profiles_to_verify_summary()
    return render(
        request,
        "backoffice/dashboard/home.html",
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
            "bank_accounts": review_summary(),
        },
    )
