"""Bank details to review: the queue, one account with its documents, history and links, and the staff's decisions
(docs/domain/finance.md#review)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from passculture.backoffice.decorators import staff_required
from passculture.backoffice.forms.bank_accounts import (
    AcceptBankAccountForm,
    BankAccountFilterForm,
    CloseBankAccountForm,
    CorrectionsBankAccountForm,
    RefuseBankAccountForm,
)
from passculture.backoffice.views.common import call_decision, paginate, query_string
from passculture.core.audit import audit_trail
from passculture.finance import rules
from passculture.finance.models import BankAccount
from passculture.finance.selectors import bank_accounts as bank_selectors
from passculture.finance.services import bank_accounts
from passculture.web.files import private_file_response


@staff_required
def bank_account_queue(request):
    form = BankAccountFilterForm(request.GET or None)
    status, query = (form.cleaned_data["statut"], form.cleaned_data["q"].strip()) if form.is_valid() else ("", "")
    accounts = bank_selectors.accounts_for_staff("" if status == "*" else status, query)
    if not status:
        accounts = accounts.filter(status__in=rules.TO_REVIEW)
    page = paginate(request, accounts)
    return render(
        request,
        "backoffice/bank_accounts/queue.html",
        {
            "title": "Coordonnées bancaires",
            "form": form,
            "page": page,
            "summary": bank_selectors.review_summary(),
            "query_string": query_string(statut=status, q=query),
        },
    )


ACTIONS = {
    # name: (form class, service, success message)
    "accept": (AcceptBankAccountForm, bank_accounts.bank_account_accept, "Le compte « {label} » a été validé."),
    "ask_corrections": (
        CorrectionsBankAccountForm,
        bank_accounts.bank_account_ask_corrections,
        "Les corrections demandées ont été envoyées à la structure.",
    ),
    "refuse": (RefuseBankAccountForm, bank_accounts.bank_account_refuse, "Le compte « {label} » a été refusé."),
    "close": (
        CloseBankAccountForm,
        bank_accounts.bank_account_close,
        "Le dossier « {label} » a été classé sans suite.",
    ),
}


# The URL's word for each decision.
SLUGS = {"valider": "accept", "corrections": "ask_corrections", "refuser": "refuse", "classer": "close"}


def _render_detail(request, account: BankAccount, forms: dict | None = None, status: int = 200):
    action_forms = {name: form_class(prefix=name) for name, (form_class, _s, _m) in ACTIONS.items()}
    action_forms.update(forms or {})
    return render(
        request,
        "backoffice/bank_accounts/detail.html",
        {
            "title": f"Compte bancaire {account.label}",
            "account": account,
            "details_valid": rules.details_valid(account.iban, account.bic),
            "documents": account.documents.all(),
            "history": bank_selectors.history(account),
            "links": bank_selectors.links_with_pricing_points(account),
            "trail": audit_trail(account)[:100],
            "actions": rules.review_actions(account.status) if account.source == "UPLOAD" else set(),
            "forms": action_forms,
        },
        status=status,
    )


def _account(pk: int) -> BankAccount:
    try:
        return bank_selectors.account_for_staff(pk)
    except BankAccount.DoesNotExist:
        raise Http404 from None


@staff_required
def bank_account_detail(request, pk: int):
    return _render_detail(request, _account(pk))


@staff_required
@require_POST
def bank_account_decide(request, pk: int, action: str):
    if action not in SLUGS:
        raise Http404
    action = SLUGS[action]
    account = _account(pk)
    form_class, service, success = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if not form.is_valid():
        messages.error(request, "L'action n'a pas été effectuée : corrigez le formulaire ci-dessous.")
        return _render_detail(request, account, {action: form}, status=400)
    outcome = call_decision(request, form, service, account.pk, request.user, form.cleaned_data["comment"])
    if form.errors:
        return _render_detail(request, account, {action: form}, status=400)
    if outcome.ok:
        messages.success(request, success.format(label=account.label))
    return redirect("backoffice:bank-account-detail", pk=account.pk)


@staff_required
def bank_document(request, pk: int):
    document = get_object_or_404(bank_selectors.documents_for_staff(), pk=pk)
    return private_file_response(document.file, filename=document.original_name, content_type=document.content_type)
