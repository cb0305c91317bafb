"""Informations bancaires: a structure's bank accounts, the venues each pays, the embedded application and its
documents (docs/domain/finance.md#bank-details)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from passculture.finance import rules
from passculture.finance.models import BankAccountStatus
from passculture.finance.selectors import bank_accounts as bank_selectors
from passculture.finance.services import bank_accounts
from passculture.offerers.selectors import offerers_of, venues_of
from passculture.pro.forms.bank_details import BankAccountForm, LinkVenuesForm
from passculture.web.files import private_file_response
from passculture.web.services import call_service


@login_required
def bank_details_home(request):
    """``/remboursements/informations-bancaires/``: the page of the user's first structure (the page lists the
    others)."""
    offerer = offerers_of(request.user).first()
    if offerer is None:
        return render(request, "pro/bank_details/none.html", {"title": "Informations bancaires"})
    return _page(request, offerer)


def _upload(file) -> bank_accounts.Upload | None:
    """What the service checks of an uploaded file: its name, its size, and its bytes (only the first ones when it
    is already too large)."""
    if file is None:
        return None
    too_large = file.size > rules.MAX_DOCUMENT_BYTES
    content = file.read(16) if too_large else file.read()
    return bank_accounts.Upload(file.name, content, size=file.size)


def _page(request, offerer, *, form=None, status=200):
    details = bank_selectors.bank_details(offerer)
    unpaid_ids = {venue.pk for venue in details.venues_unpaid}
    if form is None and not settings.DMS_APPLICATION_URL:
        form = BankAccountForm(
            venues=[item.venue for item in details.venues],
            initial={"venues": [str(pk) for pk in unpaid_ids if not _is_linked(details, pk)]},
        )
    return render(
        request,
        "pro/bank_details/page.html",
        {
            "offerer": offerer,
            "offerers": offerers_of(request.user),
            "details": details,
            "form": form,
            "dms_url": settings.DMS_APPLICATION_URL,
            "title": "Informations bancaires",
        },
        status=status,
    )


def _is_linked(details, venue_pk: int) -> bool:
    return any(item.venue.pk == venue_pk and item.account is not None for item in details.venues)


@login_required
def bank_details(request, pk: int):
    offerer = get_object_or_404(offerers_of(request.user), pk=pk)
    return _page(request, offerer)


@login_required
@require_POST
def bank_account_create(request, pk: int):
    offerer = get_object_or_404(offerers_of(request.user), pk=pk)
    if settings.DMS_APPLICATION_URL:
        raise Http404  # the application goes through Démarches simplifiées
    venues = [item.venue for item in bank_selectors.bank_details(offerer).venues]
    form = BankAccountForm(request.POST, request.FILES, venues=venues)
    if form.is_valid():
        data = form.cleaned_data
        outcome = call_service(
            form,
            bank_accounts.bank_account_submit,
            offerer,
            request.user,
            label=data["label"],
            iban=data["iban"],
            bic=data["bic"],
            identity=_upload(data["identity"]),
            rib=_upload(data["rib"]),
            venue_ids=[int(pk) for pk in data.get("venues", [])],
        )
        if outcome.ok:
            messages.success(
                request,
                f"Votre dossier « {outcome.value.label} » a été envoyé : l'équipe du pass Culture le valide dans un "
                "délai d'une semaine à 10 jours. Vous pouvez publier vos offres sans attendre.",
            )
            return redirect("pro:bank-details", pk=offerer.pk)
    return _page(request, offerer, form=form, status=400)


@login_required
def bank_account_correct(request, pk: int):
    """The pro answers the staff's request for corrections."""
    account = get_object_or_404(bank_selectors.bank_accounts_of(request.user), pk=pk)
    if account.status != BankAccountStatus.WITH_PENDING_CORRECTIONS:
        messages.info(request, "Ce dossier n'attend pas de correction.")
        return redirect("pro:bank-details", pk=account.offerer_id)
    initial = {"label": account.label, "iban": account.iban, "bic": account.bic}
    form = BankAccountForm(request.POST or None, request.FILES or None, initial=initial, documents_required=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = call_service(
            form,
            bank_accounts.bank_account_resubmit,
            account.pk,
            request.user,
            label=data["label"],
            iban=data["iban"],
            bic=data["bic"],
            identity=_upload(data["identity"]),
            rib=_upload(data["rib"]),
        )
        if outcome.ok:
            messages.success(request, "Votre dossier corrigé a été envoyé à l'équipe du pass Culture.")
            return redirect("pro:bank-details", pk=account.offerer_id)
    return render(
        request,
        "pro/bank_details/correct.html",
        {
            "account": account,
            "offerer": account.offerer,
            "form": form,
            "request_comment": bank_selectors.history(account).filter(to_status=account.status).first(),
            "title": f"Corriger le dossier « {account.label} »",
        },
        status=400 if form.errors else 200,
    )


@login_required
def bank_account_link(request, pk: int):
    """Choose the venues an account pays: each chosen venue leaves the account that paid it."""
    account = get_object_or_404(bank_selectors.bank_accounts_of(request.user), pk=pk)
    details = bank_selectors.bank_details(account.offerer)
    if account.status in rules.CLOSED:
        messages.error(
            request, f"Ce compte bancaire est « {account.get_status_display()} » : il ne peut pas rembourser de lieu."
        )
        return redirect("pro:bank-details", pk=account.offerer_id)
    paid_here = [str(item.venue.pk) for item in details.venues if item.account and item.account.pk == account.pk]
    form = LinkVenuesForm(
        request.POST or None, venues=[item.venue for item in details.venues], initial={"venues": paid_here}
    )
    if request.method == "POST" and form.is_valid():
        chosen = [int(pk) for pk in form.cleaned_data["venues"]]
        outcome = call_service(form, bank_accounts.link_venues, account.pk, chosen, request.user)
        if outcome.ok:
            names = ", ".join(link.venue.display_name for link in outcome.value)
            if names:
                messages.success(request, f"Ces lieux sont désormais remboursés sur « {account.label} » : {names}.")
            else:
                messages.info(request, "Aucun changement : ces lieux étaient déjà remboursés sur ce compte.")
            return redirect("pro:bank-details", pk=account.offerer_id)
    return render(
        request,
        "pro/bank_details/link.html",
        {
            "account": account,
            "offerer": account.offerer,
            "details": details,
            "form": form,
            "title": f"Lieux remboursés sur « {account.label} »",
        },
        status=400 if form.errors else 200,
    )


@login_required
def venue_unlink(request, pk: int):
    """Confirmation page, then the venue is paid by no account from now on."""
    venue = get_object_or_404(venues_of(request.user), pk=pk)
    link = bank_selectors.link_in_force(venue)
    if link is None:
        messages.info(request, f"Le lieu « {venue.display_name} » n'est rattaché à aucun compte bancaire.")
        return redirect("pro:bank-details", pk=venue.offerer_id)
    if request.method == "POST":
        outcome = call_service(request, bank_accounts.unlink_venue, venue.pk, request.user)
        if outcome.ok:
            messages.success(
                request, f"Le lieu « {venue.display_name} » n'est plus remboursé sur « {link.bank_account.label} »."
            )
        return redirect("pro:bank-details", pk=venue.offerer_id)
    return render(
        request,
        "pro/bank_details/unlink.html",
        {"venue": venue, "link": link, "offerer": venue.offerer, "title": f"Détacher {venue.display_name}"},
    )


@login_required
def document_download(request, pk: int):
    """A supporting document, to the members of its structure only."""
    document = get_object_or_404(bank_selectors.documents_of(request.user), pk=pk)
    return private_file_response(document.file, filename=document.original_name, content_type=document.content_type)
