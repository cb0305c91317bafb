"""Payment batches (docs/domain/finance.md#batches): the list, running one (after a confirmation), a batch's
transfers and SEPA file, its confirmation once the bank has the file (after a confirmation), all transfers."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from passculture.backoffice.decorators import staff_required
from passculture.backoffice.forms.payments import PaymentBatchForm
from passculture.core.dates import paris_today
from passculture.finance import rules
from passculture.finance.selectors import payments as selectors
from passculture.finance.services import payments
from passculture.web.services import call_service


@staff_required
@require_GET
def batch_list(request):
    page = Paginator(selectors.batches_for_staff(), 20).get_page(request.GET.get("page"))
    form = PaymentBatchForm(initial={"cutoff": rules.last_cutoff_before(paris_today())})
    return render(
        request,
        "backoffice/payments/batches.html",
        {"title": "Lots de virements", "page_obj": page, "form": form, "query_string": ""},
    )


@staff_required
def batch_run(request):
    """A GET asks for the confirmation of the cut-off chosen; the POST builds the batch."""
    form = PaymentBatchForm(request.POST or request.GET or None)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(form, payments.payments_batch, form.cleaned_data["cutoff"], request.user)
        if outcome.ok:
            result = outcome.value
            if result.created:
                messages.success(request, f"{result.batch} : {result.transfers} virement(s) préparé(s).")
            else:
                messages.info(request, f"{result.batch} existait déjà : rien n'a été payé une seconde fois.")
            return redirect("backoffice:payment-batch", result.batch.pk)
    cutoff = form.cleaned_data["cutoff"] if form.is_bound and form.is_valid() else None
    return render(
        request,
        "backoffice/payments/run.html",
        {
            "title": "Lancer un lot de virements",
            "form": form,
            "cutoff": cutoff,
            "fortnight": rules.fortnight_label(cutoff) if cutoff else "",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_required
@require_GET
def batch_detail(request, pk: int):
    batch = selectors.batch_for_staff(pk)
    return render(
        request,
        "backoffice/payments/batch.html",
        {
            "title": str(batch),
            "batch": batch,
            "transfers": selectors.transfers_for_staff(batch),
            "held": selectors.held_count(batch),
            "fortnight": rules.fortnight_label(batch.cutoff),
        },
    )


@staff_required
def batch_confirm(request, pk: int):
    """Confirm that the bank has the SEPA file: a page to confirm, then the POST."""
    batch = selectors.batch_for_staff(pk)
    if request.method == "POST":
        if call_service(request, payments.payments_batch_confirm, batch.pk, request.user).ok:
            messages.success(request, f"{batch} confirmé : les réservations sont remboursées, les justificatifs émis.")
        return redirect("backoffice:payment-batch", batch.pk)
    return render(request, "backoffice/payments/confirm.html", {"title": f"Confirmer {batch}", "batch": batch})


@staff_required
@require_GET
def batch_sepa(request, pk: int):
    batch = selectors.batch_for_staff(pk)
    response = HttpResponse(batch.sepa_xml.encode(), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{batch.message_id}.xml"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required
@require_GET
def transfer_list(request):
    page = Paginator(selectors.transfers_for_staff(), 50).get_page(request.GET.get("page"))
    return render(
        request, "backoffice/payments/transfers.html", {"title": "Virements", "page_obj": page, "query_string": ""}
    )
