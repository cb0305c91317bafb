"""Young people's bookings: booking from the offer page, "Mes réservations", countermark + QR code, cancelling."""

import datetime
from dataclasses import dataclass

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from passculture.beneficiary.forms.bookings import MAX_ID, BookingForm
from passculture.beneficiary.views.account import beneficiary_profile, beneficiary_required, not_a_beneficiary
from passculture.bookings import errors as booking_errors
from passculture.bookings import rules as booking_rules
from passculture.bookings import selectors as booking_selectors
from passculture.bookings import services as booking_services
from passculture.bookings.models import Booking, BookingStatus, CancellationReason
from passculture.core.dates import format_datetime
from passculture.core.errors import DomainError
from passculture.core.money import format_cents
from passculture.offers import rules as offer_rules
from passculture.offers.models import Offer
from passculture.offers.search import catalogue_offer, catalogue_stocks

# What a young person reads of a cancellation (the model's labels are written for staff and pros).
CANCELLED_LABELS = {
    CancellationReason.BENEFICIARY: "Annulée par vous",
    CancellationReason.OFFERER: "Annulée par la structure",
    CancellationReason.EXPIRED: "Annulée : non retirée à temps",
    CancellationReason.FRAUD: "Annulée",
    CancellationReason.BACKOFFICE: "Annulée par le pass Culture",
}


def qr_code_svg(token: str) -> SafeString:
    """The countermark's QR code (``PASSCULTURE:v3;TOKEN:<token>``) as inline SVG, with a text alternative."""
    label = escape(f"QR code de la contremarque {token}")
    qr = segno.make(booking_rules.qr_code_data(token), error="m")
    svg = qr.svg_inline(scale=4, border=4, dark="#000", light="#fff", omitsize=True, svgclass="pc-qr-code")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return mark_safe(svg)  # noqa: S308 -- segno's own markup; the only text in it is escaped above


@dataclass(frozen=True)
class BookingItem:
    """One booking as "Mes réservations" shows it: dates in the venue's time zone, amounts formatted."""

    booking: Booking
    starts_at: str
    cancellation_limit: str
    expires_at: str
    total: str
    status_label: str
    can_cancel: bool
    never_cancellable: bool  # booked less than the cancellation delay before the event
    cancellation_delay_hours: int
    qr_svg: SafeString | None

    @property
    def offer(self):
        return self.booking.offer

    @property
    def venue(self):
        return self.booking.offer.venue


def _status_label(booking: Booking, can_cancel: bool) -> str:
    if booking.status == BookingStatus.CONFIRMED:
        return "Réservée (annulable)" if can_cancel else "Réservée (confirmée)"
    if booking.status == BookingStatus.CANCELLED:
        return CANCELLED_LABELS.get(booking.cancellation_reason, "Annulée")
    return "Validée"  # USED, REIMBURSED: the countermark was checked at the venue


def booking_item(booking: Booking, now: datetime.datetime, *, with_qr: bool = True) -> BookingItem:
    tz = booking.offer.venue.timezone
    confirmed = booking.status == BookingStatus.CONFIRMED
    can_cancel = booking_rules.allows(booking, booking_rules.Transition.CANCEL_BY_BENEFICIARY, now)
    return BookingItem(
        booking=booking,
        starts_at=format_datetime(booking.stock.beginning_datetime, tz),
        cancellation_limit=format_datetime(booking.cancellation_limit_datetime, tz),
        expires_at=format_datetime(booking.expiration_datetime, tz),
        total=format_cents(booking.total_cents, free_label="Gratuit"),
        status_label=_status_label(booking, can_cancel),
        can_cancel=can_cancel,
        never_cancellable=booking_rules.is_never_cancellable(booking.created_at, booking.cancellation_limit_datetime),
        cancellation_delay_hours=booking_selectors.cancellation_delay(booking.created_at)
        // datetime.timedelta(hours=1),
        qr_svg=qr_code_svg(booking.token) if confirmed and with_qr else None,
    )


def _own_booking(request, booking_id: int) -> Booking:
    """The caller's booking; another user's is "not found", never "forbidden"."""
    if booking_id > MAX_ID:
        raise Http404
    return get_object_or_404(booking_selectors.bookings_of_beneficiary(request.user), pk=booking_id)


# --- Booking from the offer page --------------------------------------------------------------------------------------


def _offer_is_shown(offer_id: int, now: datetime.datetime) -> bool:
    """Whether the offer page still displays (the catalogue's rule: visible with at least one bookable stock)."""
    if offer_id > MAX_ID:
        return False
    try:
        offer = catalogue_offer(offer_id, now)
    except Offer.DoesNotExist:
        return False
    return any(offer_rules.is_stock_bookable(stock, now) for stock in catalogue_stocks(offer))


def _refused(request, offer_id: int, message: str):
    """Back to the offer page with the refusal on top; if the page is gone (last place taken), a page that says so."""
    messages.error(request, message)
    if _offer_is_shown(offer_id, timezone.now()):
        return redirect(reverse("beneficiary:offer", args=[offer_id]) + "#reserver")
    return render(request, "beneficiary/bookings/refused.html", {"title": "Réservation impossible"})


@require_POST
def book(request, offer_id: int):
    offer_url = reverse("beneficiary:offer", args=[offer_id])
    if not request.user.is_authenticated:
        messages.info(request, "Connectez-vous avec votre compte pass Culture pour réserver.")
        return redirect_to_login(offer_url, reverse("beneficiary:login"))
    if beneficiary_profile(request.user) is None:
        return not_a_beneficiary(request)
    form = BookingForm(request.POST)
    if not form.is_valid():
        first_error = next(iter(form.errors.values()))[0]
        return _refused(request, offer_id, first_error)
    stock_id, quantity = form.cleaned_data["stock"], form.cleaned_data["quantity"]
    if offer_id > MAX_ID or not booking_selectors.stock_of_offer_exists(stock_id, offer_id):
        return _refused(request, offer_id, booking_errors.StockNotBookable.message)
    try:
        booking = booking_services.booking_create(request.user, stock_id, quantity)
    except DomainError as error:
        return _refused(request, offer_id, error.message)
    messages.success(
        request,
        f"Votre réservation est confirmée. Présentez votre contremarque {booking.token} au lieu "
        "(un email de confirmation vous a été envoyé).",
    )
    return redirect("beneficiary:booking-detail", booking_id=booking.pk)


# --- Mes réservations -----------------------------------------------------------------------------------------------


@beneficiary_required
def bookings(request):
    now = timezone.now()
    ongoing_bookings, ended_bookings = booking_selectors.beneficiary_bookings_split(request.user, now)
    ongoing = [booking_item(booking, now) for booking in ongoing_bookings]
    ended = [booking_item(booking, now) for booking in ended_bookings]
    return render(
        request,
        "beneficiary/bookings/list.html",
        {"ongoing": ongoing, "ended": ended, "title": "Mes réservations"},
    )


@beneficiary_required
def booking_detail(request, booking_id: int):
    item = booking_item(_own_booking(request, booking_id), timezone.now())
    return render(
        request,
        "beneficiary/bookings/detail.html",
        {"item": item, "title": f"Réservation {item.booking.token}"},
    )


@require_http_methods(["GET", "POST"])
@beneficiary_required
def booking_cancel(request, booking_id: int):
    """GET: "are you sure?"; POST: cancel (the service decides whether it is still allowed)."""
    booking = _own_booking(request, booking_id)
    if request.method == "POST":
        try:
            cancelled = booking_services.booking_cancel_by_beneficiary(request.user, booking.pk)
        except Booking.DoesNotExist:
            raise Http404 from None
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("beneficiary:booking-detail", booking_id=booking.pk)
        if cancelled.total_cents:
            refund = format_cents(cancelled.total_cents)
            messages.success(request, f"Votre réservation est annulée : {refund} ont été recrédités.")
        else:
            messages.success(request, "Votre réservation est annulée.")
        return redirect("beneficiary:bookings")
    item = booking_item(booking, timezone.now(), with_qr=False)
    return render(
        request,
        "beneficiary/bookings/cancel.html",
        {"item": item, "title": "Annuler ma réservation"},
    )
