"""Form data and URLs shared by the tests of the pro offer pages (the offer wizard, its stocks and its errors)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.factories import valid_siret


def future_day(days=30) -> datetime.date:
    return (timezone.localtime() + datetime.timedelta(days=days)).date()


def date_data(**overrides):
    data = {
        "beginning_date": future_day().isoformat(),
        "beginning_time": "20:30",
        "price": "12,50",
        "quantity": "100",
        "booking_limit_date": "",
        "booking_limit_time": "",
    }
    data.update(overrides)
    return data


def next_weekday(weekday: int, after_days=7) -> datetime.date:
    day = future_day(after_days)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def recurrence_data(**overrides):
    monday = next_weekday(0)
    data = {
        "recurrence-first_day": monday.isoformat(),
        "recurrence-last_day": (monday + datetime.timedelta(days=13)).isoformat(),
        "recurrence-weekdays": ["0", "4"],
        "recurrence-times": "14:00, 20:30",
        "recurrence-price": "8",
        "recurrence-quantity": "50",
        "recurrence-booking_limit_hours_before": "",
    }
    data.update({f"recurrence-{key}": value for key, value in overrides.items()})
    return data


def details_url(venue, subcategory_id):
    return reverse("pro:offer-create-details", args=[venue.pk, subcategory_id])


def details_data(**overrides):
    data = {
        "name": "Concert de jazz",
        "description": "Un quartet au sous-sol.",
        "withdrawal_details": "",
        "booking_email": "",
        "image_credit": "",
        "music_type": "JAZZ_BLUES",
        "music_sub_type": "JAZZ_BLUES_JAZZ",
        "performer": "Quartet Bleu",
        "duration": "90",
        "is_duo": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def venue_data(offerer, **overrides):
    data = {
        "siret": valid_siret(offerer.siren, 42),
        "no_siret_comment": "",
        "name": "Salle Lumière",
        "public_name": "",
        "venue_type": "MOVIE",
        "street": "8 Rue du Cinéma",
        "postal_code": "69002",
        "city": "Lyon",
        "latitude": "",
        "longitude": "",
        "booking_email": "",
    }
    data.update(overrides)
    return data
