"""Step 3 of the wizard, also reached from the offer page (docs/domain/offers.md): the dates of an event, the stock
of a thing, recurring dates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from passculture.core.dates import format_datetime
from passculture.core.errors import DomainError
from passculture.offers import rules as offer_rules
from passculture.offers import selectors, services
from passculture.offers.models import Stock
from passculture.pro.forms.offers.fields import utc_to_local
from passculture.pro.forms.offers.stocks import RecurrenceForm, StockForm
from passculture.pro.views.offers import decorate, live_stocks, offer_or_404, stepper


def _stock_or_404(user, pk: int) -> Stock:
    return get_object_or_404(selectors.stocks_of(user).select_related("offer__venue__offerer"), pk=pk)


# --- Step 3: dates and stocks -----------------------------------------------------------------------------------


def _stock_initial(stock: Stock, tz_name: str) -> dict:
    day, moment = utc_to_local(stock.beginning_datetime, tz_name)
    limit_day, limit_time = utc_to_local(stock.booking_limit_datetime, tz_name)
    price_euros = f"{stock.price_cents // 100},{stock.price_cents % 100:02d}"
    return {
        "beginning_date": day,
        "beginning_time": moment,
        "price": price_euros,
        "quantity": "" if stock.quantity is None else str(stock.quantity),
        "booking_limit_date": limit_day,
        "booking_limit_time": limit_time,
    }


def _render_stocks(request, offer, *, add_form=None, recurrence_form=None):
    decorate(offer)
    tz_name = offer.venue.timezone
    stocks = live_stocks(offer)
    edit_form = None
    if offer.is_event:
        add_form = add_form or StockForm(is_event=True, tz_name=tz_name)
        recurrence_form = recurrence_form or RecurrenceForm(prefix="recurrence", tz_name=tz_name)
    elif stocks and add_form is None:
        edit_form = StockForm(is_event=False, tz_name=tz_name, initial=_stock_initial(stocks[0], tz_name))
    elif add_form is None:
        add_form = StockForm(is_event=False, tz_name=tz_name)
    now = timezone.now()
    return render(
        request,
        "pro/offers/stocks.html",
        {
            "offer": offer,
            "venue": offer.venue,
            "stocks": stocks,
            "remaining": offer_rules.remaining_places(stocks, now),
            "add_form": add_form,
            "recurrence_form": recurrence_form,
            "edit_form": edit_form,
            "edit_stock": stocks[0] if edit_form is not None else None,
            "stepper": stepper(3, offer.is_event) if offer.is_draft else None,
            "title": ("Dates et prix" if offer.is_event else "Stock et prix") + f" — {offer.name}",
        },
    )


@login_required
@require_GET
def offer_stocks(request, pk: int):
    return _render_stocks(request, offer_or_404(request.user, pk))


@login_required
@require_POST
def stock_create(request, pk: int):
    offer = offer_or_404(request.user, pk)
    form = StockForm(request.POST, is_event=offer.is_event, tz_name=offer.venue.timezone)
    if form.is_valid():
        try:
            stock = services.stock_create(offer, request.user, **form.service_values())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if offer.is_event:
                when = format_datetime(stock.beginning_datetime, offer.venue.timezone)
                messages.success(request, f"La date du {when} a été ajoutée.")
            else:
                messages.success(request, "Le stock a été enregistré.")
            return redirect("pro:offer-stocks", pk=offer.pk)
    return _render_stocks(request, offer, add_form=form)


@login_required
@require_POST
def stock_recurrence(request, pk: int):
    offer = offer_or_404(request.user, pk)
    form = RecurrenceForm(request.POST, prefix="recurrence", tz_name=offer.venue.timezone)
    if form.is_valid():
        try:
            stocks = services.stocks_create_recurrence(offer, request.user, **form.service_values())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            count = len(stocks)
            messages.success(request, f"{count} date{'s' if count > 1 else ''} ajoutée{'s' if count > 1 else ''}.")
            return redirect("pro:offer-stocks", pk=offer.pk)
    return _render_stocks(request, offer, recurrence_form=form)


@login_required
def stock_edit(request, pk: int):
    stock = _stock_or_404(request.user, pk)
    offer = offer_or_404(request.user, stock.offer_id)
    decorate(offer)
    tz_name = offer.venue.timezone
    form = StockForm(
        request.POST or None, is_event=offer.is_event, tz_name=tz_name, initial=_stock_initial(stock, tz_name)
    )
    if stock.id_at_provider and offer.is_event:  # the provider owns the date
        for name in ("beginning_date", "beginning_time"):
            form.fields[name].disabled = True
        form.fields["beginning_date"].help_text = f"La date vient de {offer.provider_label}."
    if request.method == "POST" and form.is_valid():
        try:
            updated = services.stock_update(stock.pk, request.user, **form.service_values())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            text = "La date a été modifiée." if offer.is_event else "Le stock a été modifié."
            if updated.beginning_datetime != stock.beginning_datetime and updated.booked_quantity:
                text += " Les bénéficiaires qui ont réservé sont prévenus de la nouvelle date par e-mail."
            messages.success(request, text)
            return redirect("pro:offer-stocks", pk=offer.pk)
    return render(
        request,
        "pro/offers/stock_form.html",
        {
            "form": form,
            "offer": offer,
            "stock": stock,
            "venue": offer.venue,
            "title": "Modifier la date" if offer.is_event else "Modifier le stock",
        },
    )


@login_required
def stock_delete(request, pk: int):
    """A confirmation page, then the deletion (which cancels the bookings and notifies the beneficiaries)."""
    stock = _stock_or_404(request.user, pk)
    offer = offer_or_404(request.user, stock.offer_id)
    decorate(offer)
    if request.method == "POST":
        try:
            cancelled = services.stock_delete(stock.pk, request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if offer.is_event:
                when = format_datetime(stock.beginning_datetime, offer.venue.timezone)
                text = f"La date du {when} a été supprimée."
            else:
                text = "Le stock a été supprimé."
            if cancelled:
                text += (
                    f" {cancelled} réservation{'s' if cancelled > 1 else ''} "
                    f"annulée{'s' if cancelled > 1 else ''} : les bénéficiaires sont prévenus."
                )
            messages.success(request, text)
        return redirect("pro:offer-stocks", pk=offer.pk)
    return render(
        request,
        "pro/offers/stock_delete.html",
        {
            "offer": offer,
            "stock": stock,
            "venue": offer.venue,
            "title": "Supprimer cette date" if offer.is_event else "Supprimer ce stock",
        },
    )
