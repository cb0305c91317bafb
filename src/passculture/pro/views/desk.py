"""The Guichet (docs/domain/bookings.md#guichet): check a countermark, then validate it, or invalidate a validated one.

The pro must check the countermark *and* the beneficiary's ID, and validate before handing over the goods or the
start of the event. Every attempt is throttled (per user and per IP address) and audited by the services (checks,
validations, invalidations, throttled attempts). A countermark that is unknown, or another structure's,
is "not found" (HTTP 404 with the service's message); a throttled attempt is a 429.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from passculture.bookings import errors, rules, services
from passculture.bookings.models import Booking
from passculture.core.errors import DomainError
from passculture.offerers.selectors import offerers_of
from passculture.pro.forms.desk import CountermarkForm
from passculture.web.client import client_ip

# --- Helpers -----------------------------------------------------------------------------------------------------


def _offerer_ids(user) -> list[int]:
    return list(offerers_of(user).values_list("pk", flat=True))


def _throttled(request, action: str, token: str) -> errors.TooManyAttempts | None:
    """Count the attempt; when over the limit, the error to show (the service audits it)."""
    try:
        services.desk_attempt_register(request.user, client_ip(request), action, token)
    except errors.TooManyAttempts as error:
        return error
    return None


def _birth_date(booking: Booking):
    try:
        return booking.user.beneficiary.birth_date
    except ObjectDoesNotExist:
        return None


def _details(booking: Booking | None) -> dict | None:
    """What the desk shows of a booking (docs/domain/bookings.md#guichet)."""
    if booking is None:
        return None
    return {
        "booking": booking,
        "offer": booking.offer,
        "venue": booking.offer.venue,
        "stock": booking.stock,
        "beneficiary_name": booking.user.full_name,
        "birth_date": _birth_date(booking),
        "status_label": rules.display_status_label(booking, timezone.now()),
        "can_invalidate": rules.allows(booking, rules.Transition.UNUSE, timezone.now()),
    }


def _page(request, form, *, booking=None, error=None, can_validate=False, status=200):
    if error is not None and form.is_bound and not isinstance(error, errors.TooManyAttempts):
        # A refusal of the countermark typed is that field's error: marked invalid and described by the message, a
        # screen reader says it when the pro is back in the field (RGAA 11.10). Throttling is the page's.
        form.add_error("token", error.message)
        error = None
    offerers = list(offerers_of(request.user).only("pk", "name"))
    return render(
        request,
        "pro/desk/desk.html",
        {
            "form": form,
            "details": _details(booking),
            "error": error,
            "can_validate": can_validate,
            "offerers": offerers,
            "title": "Guichet",
        },
        status=status,
    )


def _status_for(error: DomainError) -> int:
    if isinstance(error, errors.UnknownToken):
        return 404
    if isinstance(error, errors.TooManyAttempts):
        return 429
    return 200


# --- Views -------------------------------------------------------------------------------------------------------


@login_required
def desk(request):
    """GET: the form. POST: check a countermark and show its booking, with the action it allows."""
    if request.method != "POST":
        return _page(request, CountermarkForm())
    form = CountermarkForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    token = form.cleaned_data["token"]
    error = _throttled(request, "booking.check_refused", token)
    if error:
        return _page(request, form, error=error, status=429)
    try:
        booking = services.booking_check_countermark(token, _offerer_ids(request.user), request.user)
    except DomainError as refusal:
        return _page(request, form, booking=refusal.subject, error=refusal, status=_status_for(refusal))
    return _page(request, form, booking=booking, can_validate=True)


@login_required
@require_POST
def desk_validate(request):
    """ "Valider la contremarque": the booking becomes USED (the service audits the attempt, accepted or refused)."""
    form = CountermarkForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    token = form.cleaned_data["token"]
    error = _throttled(request, "booking.use_refused", token)
    if error:
        return _page(request, form, error=error, status=429)
    try:
        booking = services.booking_validate_countermark(token, _offerer_ids(request.user), request.user)
    except DomainError as refusal:
        return _page(request, form, booking=refusal.subject, error=refusal, status=_status_for(refusal))
    places = "2 places (Duo)" if booking.quantity == 2 else "1 place"
    messages.success(
        request,
        f"Contremarque {booking.token} validée : « {booking.offer.name} », {places} pour {booking.user.full_name}. "
        "Vous pouvez remettre le bien ou laisser entrer le bénéficiaire.",
    )
    return redirect("pro:desk")


@login_required
@require_POST
def desk_invalidate(request):
    """ "Invalider": a validated, not yet reimbursed booking goes back to "not validated"."""
    form = CountermarkForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    token = form.cleaned_data["token"]
    error = _throttled(request, "booking.unuse_refused", token)
    if error:
        return _page(request, form, error=error, status=429)
    try:
        booking = services.booking_invalidate_countermark(token, _offerer_ids(request.user), request.user)
    except DomainError as refusal:
        return _page(request, form, booking=refusal.subject, error=refusal, status=_status_for(refusal))
    messages.success(
        request,
        f"La validation de la contremarque {booking.token} a été annulée : elle pourra être validée de nouveau.",
    )
    return redirect("pro:desk")
