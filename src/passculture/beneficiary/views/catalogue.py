"""The beneficiaries' catalogue: public pages, no login (young people browse on their phone)."""

import datetime

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from passculture.beneficiary.forms.catalogue import CatalogueSearchForm
from passculture.bookings import selectors as booking_selectors
from passculture.core.dates import format_datetime
from passculture.offers import categories, rules
from passculture.offers.categories import ExtraField
from passculture.offers.models import Offer
from passculture.offers.search import DEFAULT_RADIUS_KM, catalogue_offer, catalogue_stocks, search_catalogue
from passculture.offers.selectors import Place, locate_place
from passculture.web.services import call_service

MAX_PAGE = 500


def _page_number(request) -> int:
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        return 1
    return min(max(page, 1), MAX_PAGE)


def _locate(form: CatalogueSearchForm) -> Place | None:
    """Coordinates of the place typed (postal code or city); adds the form error when there are none."""
    query = form.cleaned_data["place"]
    if not query:
        return None
    outcome = call_service(form, locate_place, query)
    return outcome.value if outcome.ok else None


def _home_query(request):
    """The search's parameters around the young person's own municipality (their postal code) when the search names
    no place: a logged-in beneficiary first sees what is near home. Clearing the field searches all France."""
    profile = getattr(request.user, "beneficiary", None) if request.user.is_authenticated else None
    if profile is None or not profile.postal_code or "place" in request.GET:
        return request.GET or None
    query = request.GET.copy()
    query["place"] = profile.postal_code
    query.setdefault("radius", str(DEFAULT_RADIUS_KM))  # shown as chosen in the form
    return query


def catalogue(request):
    form = CatalogueSearchForm(_home_query(request))
    results, place = None, None
    if not form.is_bound:
        results = search_catalogue(page=_page_number(request))
    elif form.is_valid():
        place = _locate(form)
        if not form.errors:
            data = form.cleaned_data
            results = search_catalogue(
                text=data["text"],
                category_id=data["category"],
                latitude=place.latitude if place else None,
                longitude=place.longitude if place else None,
                radius_km=data["radius"] if place else None,
                sort=data["sort"],
                page=_page_number(request),
            )
    return render(
        request,
        "beneficiary/catalogue/catalogue.html",
        {"form": form, "results": results, "place": place, "title": "Catalogue des offres"},
    )


def _label_of(choices: list[tuple[str, str]], code) -> str:
    return dict(choices).get(code, code)


def _extra_fields(offer: Offer) -> list[tuple[str, str]]:
    """The conditional fields of the offer's type that are filled in, as (French label, value to show)."""
    data = offer.extra_data or {}
    shown = []
    for extra in ExtraField:
        value = data.get(extra.field_name)
        if value in (None, "") or extra not in offer.subcategory.fields:
            continue
        if extra == ExtraField.SHOW_TYPE:
            value = _label_of(categories.show_type_choices(), value)
        elif extra == ExtraField.SHOW_SUB_TYPE:
            value = _label_of(categories.show_sub_type_choices(data.get("show_type", "")), value)
        elif extra == ExtraField.MUSIC_TYPE:
            value = _label_of(categories.music_type_choices(), value)
        elif extra == ExtraField.MUSIC_SUB_TYPE:
            value = _label_of(categories.music_sub_type_choices(data.get("music_type", "")), value)
        elif extra == ExtraField.DURATION:
            value = _duration(value)
        shown.append((extra.label.replace(" (en minutes)", ""), str(value)))
    if offer.duration_minutes and ExtraField.DURATION.field_name not in data:
        shown.append(("Durée", _duration(offer.duration_minutes)))
    return shown


def _duration(minutes) -> str:
    try:
        hours, rest = divmod(int(minutes), 60)
    except (TypeError, ValueError):
        return str(minutes)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


ACCESSIBILITY = [
    ("audio_disability_compliant", "Handicap auditif"),
    ("mental_disability_compliant", "Handicap psychique ou cognitif"),
    ("motor_disability_compliant", "Handicap moteur"),
    ("visual_disability_compliant", "Handicap visuel"),
]


def offer_detail(request, offer_id: int):
    now = timezone.now()
    try:
        offer = catalogue_offer(offer_id, now)
    except Offer.DoesNotExist:
        raise Http404("Cette offre n'existe pas ou n'est plus proposée.") from None
    stocks = [stock for stock in catalogue_stocks(offer) if not rules.is_stock_expired(stock, now)]
    bookable_prices = [stock.price_cents for stock in stocks if rules.is_stock_bookable(stock, now)]
    if not bookable_prices:  # booked out between the two queries
        raise Http404("Cette offre n'est plus réservable.")
    # When a booking made now could no longer be cancelled ("" when never: an event starting within the delay).
    limits = booking_selectors.cancellation_limits_if_booked(stocks, now)
    cancellable_until = {pk: format_datetime(limit, offer.venue.timezone) for pk, limit in limits.items()}
    return render(
        request,
        "beneficiary/catalogue/offer_detail.html",
        {
            "offer": offer,
            "venue": offer.venue,
            "subcategory": offer.subcategory,
            "stocks": [(stock, rules.is_stock_sold_out(stock), cancellable_until[stock.pk]) for stock in stocks],
            "cancellation_delay_hours": booking_selectors.cancellation_delay(now) // datetime.timedelta(hours=1),
            "min_price_cents": min(bookable_prices),
            "price_varies": len(set(bookable_prices)) > 1,
            "extra_fields": _extra_fields(offer),
            "accessibility": [label for field, label in ACCESSIBILITY if getattr(offer, field)],
            "title": offer.name,
        },
    )
