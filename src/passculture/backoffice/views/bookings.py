"""Any booking, whoever made it and wherever: search, the whole story of one booking, and the staff cancellation
(reason BACKOFFICE) that gives the credit back, frees the place, tells both sides (docs/domain/bookings.md)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from passculture.backoffice.decorators import staff_required
from passculture.backoffice.forms.bookings import BookingSearchForm, CancelBookingForm
from passculture.backoffice.views.common import call_decision, paginate, query_string
from passculture.bookings import rules, selectors, services
from passculture.bookings.models import Booking
from passculture.core.audit import audit_trail
from passculture.finance.selectors import pricing as pricing_selectors
from passculture.offers.categories import SUBCATEGORIES_BY_ID, Cap

AUDIT_TRAIL_LENGTH = 100
CANCEL_WARNING = "L'annulation rend le crédit au jeune, libère la place et prévient les deux parties par email."


# --- Search ----------------------------------------------------------------------------------------------


@staff_required
def booking_search(request):
    form = BookingSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {"q": "", "statut": ""}
    q, status = filters["q"].strip(), filters["statut"]
    searched = bool(q or status)
    page = paginate(
        request, selectors.staff_booking_search(q, status) if searched else selectors.staff_bookings().none()
    )
    return render(
        request,
        "backoffice/bookings/search.html",
        {
            "title": f"Réservations « {q} »" if q else "Réservations",
            "form": form,
            "q": q,
            "searched": searched,
            "page": page,
            "query_string": query_string(q=q, statut=status),
        },
    )


# --- One booking -----------------------------------------------------------------------------------------


def _cancellation_comment(trail) -> str:
    """The reason written at the last cancellation (kept in the audit entry, sent to both sides)."""
    for entry in trail:  # newest first
        if entry.action == "booking.cancelled":
            return entry.data.get("comment", "")
    return ""


def _render_detail(request, booking: Booking, cancel_form: CancelBookingForm | None = None, status: int = 200):
    trail = list(audit_trail(booking)[:AUDIT_TRAIL_LENGTH])
    subcategory = SUBCATEGORIES_BY_ID.get(booking.offer.subcategory_id)
    try:
        cap_label = Cap(booking.cap).label
    except ValueError:
        cap_label = booking.cap
    return render(
        request,
        "backoffice/bookings/detail.html",
        {
            "title": f"Réservation {booking.token}",
            "booking": booking,
            "offer": booking.offer,
            "stock": booking.stock,
            "venue": booking.offer.venue,
            "offerer": booking.offer.venue.offerer,
            "beneficiary": booking.user,
            "type_label": subcategory.label if subcategory else booking.offer.subcategory_id,
            "cap_label": cap_label,
            "cancellation_comment": _cancellation_comment(trail),
            "trail": trail,
            "finance_events": pricing_selectors.events_of_booking(booking.pk),
            "pricings": [
                {"pricing": pricing, "why": pricing_selectors.why(pricing)}
                for pricing in pricing_selectors.pricing_history(booking.pk)
            ],
            "can_cancel": rules.allows(booking, rules.Transition.CANCEL_BY_STAFF, timezone.now()),
            "cancel_form": cancel_form or CancelBookingForm(prefix="cancel"),
            "cancel_warning": CANCEL_WARNING,
        },
        status=status,
    )


def _get_booking(pk: int) -> Booking:
    return get_object_or_404(selectors.staff_bookings(), pk=pk)


@staff_required
def booking_detail(request, pk: int):
    return _render_detail(request, _get_booking(pk))


@staff_required
@require_POST
def booking_cancel(request, pk: int):
    booking = _get_booking(pk)
    form = CancelBookingForm(request.POST, prefix="cancel")
    if not form.is_valid():
        messages.error(request, "La réservation n'a pas été annulée : corrigez le formulaire ci-dessous.")
        return _render_detail(request, booking, form, status=400)
    outcome = call_decision(
        request, form, services.booking_cancel_by_staff, booking.pk, request.user, form.cleaned_data["comment"]
    )
    if form.errors:
        return _render_detail(request, booking, form, status=400)
    if outcome.ok:
        messages.success(
            request,
            f"La réservation {booking.token} a été annulée : le crédit est rendu au jeune, la place est libérée "
            "et les deux parties sont prévenues par email.",
        )
    return redirect(reverse("backoffice:booking-detail", args=[booking.pk]))
