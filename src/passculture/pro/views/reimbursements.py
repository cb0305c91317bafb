"""Suivi des remboursements (docs/domain/finance.md#reimbursements-page): the transfers of the pro's structures with
their justificatifs, filters, a chart per fortnight, and the details CSV."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from passculture.bookings.exports import csv_lines
from passculture.core.dates import localtime_in
from passculture.finance import exports
from passculture.finance.selectors import payments as payment_selectors
from passculture.pro.forms.reimbursements import ReimbursementFilterForm
from passculture.web.files import private_file_response

PAGE_SIZE = 20


def _filtered(request):
    form = ReimbursementFilterForm(request.GET or None, accounts=payment_selectors.reimbursed_accounts_of(request.user))
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {
            "since": form.cleaned_data["since"],
            "until": form.cleaned_data["until"],
            "account_id": form.cleaned_data["account"],
        }
    return form, payment_selectors.transfers_of(request.user, **filters)


@login_required
@require_GET
def reimbursement_list(request):
    form, transfers = _filtered(request)
    page = Paginator(transfers, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "pro/reimbursements/list.html",
        {
            "form": form,
            "page_obj": page,
            "fortnights": payment_selectors.fortnights(transfers),
            "query_string": params.urlencode(),
            "is_filtered": form.is_bound,
            "title": "Suivi des remboursements",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_GET
def justificatif_download(request, pk: int):
    transfer = payment_selectors.transfer_of(request.user, pk)
    if not transfer.justificatif:  # numbered, its PDF still being rendered
        raise Http404("Justificatif en préparation")
    return private_file_response(
        transfer.justificatif,
        filename=f"justificatif-{transfer.justificatif_number}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_GET
def reimbursement_details_csv(request):
    """The details of the filtered transfers, one line per booking (``;``, UTF-8 with BOM)."""
    _form, transfers = _filtered(request)
    rows = exports.detail_rows(payment_selectors.details_of(transfers))
    response = StreamingHttpResponse(csv_lines(exports.DETAIL_COLUMNS, rows), content_type="text/csv; charset=utf-8")
    filename = f"remboursements-pass-culture-{localtime_in(timezone.now(), None):%Y%m%d-%H%M}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
