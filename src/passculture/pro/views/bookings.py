"""Suivi des réservations (docs/domain/bookings.md#follow-up), its exports, cancelling a booking, the tickets to issue.

Every read goes through ``bookings.selectors`` scoped to the pro's structures: another structure's booking, venue,
offer or date is a 404, also when it appears in a filter of the query string.
"""

import datetime
import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from passculture.bookings import exports, rules, selectors, services
from passculture.core.dates import localtime_in
from passculture.core.errors import DomainError
from passculture.finance.selectors import pricing as pricing_selectors
from passculture.offerers.selectors import venues_of
from passculture.offers.models import Offer
from passculture.pro.forms.bookings import BookingFilterForm, CancelForm
from passculture.web.labels import venue_label
from passculture.web.redirects import safe_next
from passculture.web.services import add_domain_error

PAGE_SIZE = 25
TICKETS_PAGE_SIZE = 25
EXPORT_FORMATS = {"csv", "xlsx"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The tickets page lists dates from a day ago on: an evening's show stays there while it is played.
TICKETS_SINCE = datetime.timedelta(days=1)


# --- Helpers -----------------------------------------------------------------------------------------------------


def _venues(user) -> list:
    return list(venues_of(user).order_by("offerer__name", "is_virtual", "name"))


def _query_id(request, name: str) -> int | None:
    """An id of the query string (a filter); garbage is a 404 like another structure's id."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
        raise Http404
    return int(raw)


def _venue_filter(request, venues) -> int | None:
    venue_id = _query_id(request, "venue")
    if venue_id is not None and venue_id not in {venue.pk for venue in venues}:
        raise Http404
    return venue_id


def _booking_filters(request, venues) -> tuple[BookingFilterForm, dict, Offer | None]:
    _venue_filter(request, venues)
    offer = None
    offer_id = _query_id(request, "offer")
    if offer_id is not None:
        offer = get_object_or_404(selectors.offers_of_venues([venue.pk for venue in venues]), pk=offer_id)
    form = BookingFilterForm(request.GET, venues=venues)
    filters = form.filters()
    filters["offer_id"] = offer.pk if offer else None
    return form, filters, offer


def _lines(bookings, now) -> list[dict]:
    """The lines of the table: one per place, so a duo booking is two lines (docs/domain/bookings.md#follow-up);
    a priced booking shows its reimbursement, the rate and why (docs/domain/finance.md#scale)."""
    lines = []
    bookings = list(bookings)
    ids = [booking.pk for booking in bookings]
    pricings = pricing_selectors.pricings_of_bookings(ids)
    waiting = pricing_selectors.bookings_waiting_for_pricing_point(ids)
    for booking in bookings:
        status = rules.display_status(booking, now)
        pricing = pricings.get(booking.pk)
        for place in range(1, booking.quantity + 1):
            lines.append(
                {
                    "booking": booking,
                    "place": place,
                    "status": status,
                    "status_label": rules.PRO_STATUS_LABELS[status],
                    "beneficiary_name": rules.beneficiary_name(booking.user),
                    "can_cancel": rules.allows(booking, rules.Transition.CANCEL_BY_OFFERER, now),
                    "pricing": pricing,
                    "pricing_why": pricing_selectors.why(pricing) if pricing else "",
                    "waiting_pricing_point": booking.pk in waiting,
                }
            )
    return lines


def _export_response(fmt: str, filename: str, columns: list[str], rows, title: str, csv_chunks=None):
    """CSV streamed in pieces of 64 KiB (``csv_chunks`` when given, else those of ``rows``); XLSX written row by row
    to a temporary file, then sent from it."""
    if fmt == "csv":
        chunks = exports.csv_chunks(columns, rows) if csv_chunks is None else csv_chunks
        response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    file = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it (and the system deletes it)
    exports.write_xlsx(file, columns, rows, title=title)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)


# --- Suivi des réservations --------------------------------------------------------------------------------------


@login_required
@require_GET
def booking_list(request):
    venues = _venues(request.user)
    form, filters, offer = _booking_filters(request, venues)
    now = timezone.now()
    bookings = selectors.pro_booking_list(request.user, now=now, **filters)
    page = Paginator(bookings, PAGE_SIZE).get_page(request.GET.get("page"))
    # The chips count every status of the other filters; the line above the table counts what it lists.
    counts = selectors.booking_counts(
        selectors.pro_booking_list(request.user, now=now, **{**filters, "status": ""}), now
    )
    shown = selectors.booking_counts(bookings, now) if filters["status"] else counts
    params = request.GET.copy()
    params.pop("page", None)
    status_tabs = []
    for code, label in rules.PRO_STATUS_CHOICES:
        tab_params = params.copy()
        tab_params["status"] = code
        status_tabs.append(
            {
                "label": label,
                "count": counts[code],
                "query": tab_params.urlencode(),
                "current": filters["status"] == code,
            }
        )
    all_statuses = params.copy()
    all_statuses.pop("status", None)
    without_offer = params.copy()
    without_offer.pop("offer", None)
    return render(
        request,
        "pro/bookings/list.html",
        {
            "form": form,
            "page": page,
            "lines": _lines(page.object_list, now),
            "offer": offer,
            "counts": counts,
            "shown": shown,
            "status_tabs": status_tabs,
            "all_statuses_query": all_statuses.urlencode(),
            "without_offer_query": without_offer.urlencode(),
            "query_string": params.urlencode(),
            "is_filtered": any(value for value in filters.values()),
            "has_venues": bool(venues),
            "title": "Suivi des réservations",
        },
    )


@login_required
@require_GET
def booking_export(request, fmt: str):
    """The bookings of the page's filters, every page, one line per place (streamed: see ``bookings.exports``)."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    _form, filters, _offer = _booking_filters(request, _venues(request.user))
    now = timezone.now()
    bookings = selectors.pro_booking_list(request.user, now=now, **filters)
    filename = f"reservations-pass-culture-{localtime_in(now, None):%Y%m%d-%H%M}"
    # The CSV has its own writer (the one export that reaches 100,000 lines); both are generators, read lazily.
    rows = exports.booking_rows(bookings, now)
    chunks = exports.booking_csv_chunks(bookings, now)
    return _export_response(fmt, filename, exports.BOOKING_COLUMNS, rows, "Réservations", csv_chunks=chunks)


@login_required
def booking_cancel(request, pk: int):
    """Cancel a booking not used yet, with a reason sent to the beneficiary, after a confirmation step."""
    booking = get_object_or_404(selectors.bookings_of(request.user).select_related(*selectors.BOOKING_RELATED), pk=pk)
    back = safe_next(request, reverse("pro:bookings"))
    if not rules.allows(booking, rules.Transition.CANCEL_BY_OFFERER, timezone.now()):
        messages.error(request, "Seule une réservation qui n'a pas encore été validée peut être annulée.")
        return redirect(back)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_cancel_by_offerer(booking.pk, request.user, form.cleaned_data["comment"].strip())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"La réservation {booking.token} de {booking.user.full_name} a été annulée : "
                "le bénéficiaire est prévenu par email et son crédit lui est rendu.",
            )
            return redirect(back)
    return render(
        request,
        "pro/bookings/cancel.html",
        {
            "booking": booking,
            "venue": booking.offer.venue,
            "status_label": rules.display_status_label(booking, timezone.now()),
            "beneficiary_name": rules.beneficiary_name(booking.user),
            "form": form,
            "back": back,
            "title": f"Annuler la réservation {booking.token}",
        },
    )


# --- Tickets to issue (docs/domain/bookings.md#tickets) ------------------------------------------------------------


def _ticket_stock_or_404(user, pk: int):
    return get_object_or_404(selectors.event_stocks_of(user), pk=pk)


@login_required
@require_GET
def ticket_dates(request):
    """The coming event dates of the pro's structures, with their booked places, to pick one."""
    venues = _venues(request.user)
    venue_id = _venue_filter(request, venues)
    now = timezone.now()
    stocks = selectors.ticket_dates_of(request.user, since=now - TICKETS_SINCE, venue_id=venue_id)
    page = Paginator(stocks, TICKETS_PAGE_SIZE).get_page(request.GET.get("page"))
    several = len({venue.offerer_id for venue in venues}) > 1
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "pro/bookings/ticket_dates.html",
        {
            "page": page,
            "venues": [(venue.pk, venue_label(venue, several)) for venue in venues if not venue.is_virtual],
            "venue_id": venue_id,
            "query_string": params.urlencode(),
            "has_venues": bool(venues),
            "title": "Billets à éditer",
        },
    )


@login_required
@require_GET
def ticket_list(request, pk: int):
    """The printable list of the booked, non-cancelled places of one date: one line per ticket to print."""
    stock = _ticket_stock_or_404(request.user, pk)
    now = timezone.now()
    lines = _lines(selectors.tickets_to_issue(stock), now)
    return render(
        request,
        "pro/bookings/tickets.html",
        {
            "stock": stock,
            "offer": stock.offer,
            "venue": stock.offer.venue,
            "lines": lines,
            "total_cents": sum(line["booking"].unit_price_cents for line in lines),
            "printed_at": now,
            "title": f"Billets à éditer — {stock.offer.name}",
        },
    )


@login_required
@require_GET
def ticket_export(request, pk: int, fmt: str):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    stock = _ticket_stock_or_404(request.user, pk)
    starts = localtime_in(stock.beginning_datetime, stock.offer.venue.timezone)
    filename = f"billets-{stock.offer_id}-{starts:%Y%m%d-%H%M}"
    rows = exports.ticket_rows(selectors.tickets_to_issue(stock))
    return _export_response(fmt, filename, exports.TICKET_COLUMNS, rows, "Billets")
