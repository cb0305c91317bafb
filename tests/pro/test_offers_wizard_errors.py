"""docs/domain/offers.md, bad input: the French error each field of the offer wizard shows under it (nothing saved), the
accessibility defaults taken from the venue, publication while the structure awaits validation, and the booking
limit of a date that is moved."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from passculture.core.models import AuditLogEntry
from passculture.offerers.models import OffererStatus
from passculture.offers.models import Offer, OfferValidation, OfferValidationRule, Stock
from passculture.offers.selectors import visible_offers
from tests.factories import EventOfferFactory, EventStockFactory, OfferFactory, VenueFactory
from tests.html import element, field_errors
from tests.html import unescaped as text
from tests.pro.helpers import date_data, details_data, details_url, future_day, next_weekday, recurrence_data

PARIS = ZoneInfo("Europe/Paris")
ACCESSIBILITY = [
    "audio_disability_compliant",
    "mental_disability_compliant",
    "motor_disability_compliant",
    "visual_disability_compliant",
]


@pytest.fixture
def concert(venue):
    return EventOfferFactory(venue=venue)


def is_checked(page, name: str) -> bool:
    return element(page, f"input[type=checkbox][name={name}]").has("checked")


def paris(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


# --- Step 2: the fields no other test sends wrong, each with its French error under it ---------------------------

BOOK = "LIVRE_PAPIER"
CONCERT = "CONCERT"
SHOW = "SPECTACLE_REPRESENTATION"
FILM = "SEANCE_CINE"
TALK = "CONFERENCE"
EBOOK = "LIVRE_NUMERIQUE"
TOO_LONG_TEXT = "Ce champ ne doit pas dépasser 255 caractères."
VISA_TOO_LONG = "Le visa d'exploitation compte 20 chiffres au maximum (ex. 149341)."
NOT_A_SUB_TYPE = "Choisissez un sous-type dans la liste."
A_BOOK = {"music_type": None, "ean": "9782070612758", "is_duo": None}
A_SHOW = {"music_type": None, "show_type": "THEATRE"}
LONG_URL = "https://www.exemple.fr/" + "a" * 478  # 501 characters

# (subcategory, digital venue?, overrides, field, message)
DETAIL_ERRORS = [
    (CONCERT, False, {"duration": "100001"}, "duration", "Durée trop longue : indiquez-la en minutes (ex. 90)."),
    (CONCERT, False, {"duration": "-5"}, "duration", "La durée est un nombre entier de minutes (ex. 90)."),
    (EBOOK, True, {**A_BOOK, "url": LONG_URL}, "url", "L'adresse ne doit pas dépasser 500 caractères."),
    (FILM, False, {"music_type": None, "visa": "1" * 21}, "visa", VISA_TOO_LONG),
    (SHOW, False, {**A_SHOW, "show_type": "POLKA"}, "show_type", "Choisissez un type dans la liste."),
    (SHOW, False, {**A_SHOW, "show_sub_type": "DANSE_BALLET"}, "show_sub_type", NOT_A_SUB_TYPE),
    (SHOW, False, {**A_SHOW, "show_sub_type": "NOPE"}, "show_sub_type", NOT_A_SUB_TYPE),
    (BOOK, False, {**A_BOOK, "author": "x" * 256}, "author", TOO_LONG_TEXT),
    (SHOW, False, {**A_SHOW, "stage_director": "x" * 256}, "stage_director", TOO_LONG_TEXT),
    (TALK, False, {"music_type": None, "speaker": "x" * 256}, "speaker", TOO_LONG_TEXT),
    (FILM, False, {"music_type": None, "stage_director": "x" * 256}, "stage_director", TOO_LONG_TEXT),
    (
        CONCERT,
        False,
        {"booking_email": "a" * 250 + "@b.fr"},
        "booking_email",
        "Assurez-vous que cette valeur comporte au plus 254 caractères (actuellement 255).",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("subcategory", "digital", "overrides", "field", "message"), DETAIL_ERRORS)
def test_each_field_of_step_two_shows_its_french_error(
    pro_client, offerer, venue, subcategory, digital, overrides, field, message
):
    target = offerer.venues.get(is_virtual=True) if digital else venue
    response = pro_client.post(details_url(target, subcategory), details_data(**overrides))
    assert response.status_code == 200
    assert field_errors(response, field) == [message]
    assert not Offer.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("subcategory", "overrides", "saved"),
    [
        (FILM, {"music_type": None, "visa": "1" * 20}, {"visa": "1" * 20}),
        (SHOW, {**A_SHOW, "show_sub_type": "THEATRE_CLASSIQUE"}, {**A_SHOW, "show_sub_type": "THEATRE_CLASSIQUE"}),
        (CONCERT, {"duration": "100000"}, {"duration_minutes": 100_000}),
    ],
)
def test_values_at_the_limits_are_accepted(pro_client, venue, subcategory, overrides, saved):
    """The other side of the errors above: the limits are where the messages say."""
    response = pro_client.post(details_url(venue, subcategory), details_data(**overrides))
    assert response.status_code == 302
    offer = Offer.objects.get()
    values = {**offer.extra_data, "duration_minutes": offer.duration_minutes}
    assert {key: values.get(key) for key in saved} == saved


@pytest.mark.django_db
def test_an_empty_image_file_is_refused(pro_client, venue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    data = details_data(image_credit="Photo : A. Martin")
    data["image"] = SimpleUploadedFile("affiche.jpg", b"", content_type="image/jpeg")
    response = pro_client.post(details_url(venue, CONCERT), data)
    assert response.status_code == 200
    assert field_errors(response, "image") == ["Le fichier envoyé est vide."]
    assert field_errors(response, "image_credit") == []
    assert not Offer.objects.exists()


# --- The edit page's type -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("posted", ["NOPE", "JEU_CONCOURS", "<script>"])
def test_the_edit_page_refuses_a_type_outside_the_list(pro_client, venue, posted):
    """An unknown type, or a staff-only one (contests), is not in the pro's list."""
    offer = EventOfferFactory(venue=venue, validation=OfferValidation.DRAFT, name="Jazz")
    response = pro_client.post(
        reverse("pro:offer-edit", args=[offer.pk]),
        {"subcategory_id": posted, "name": "Autre titre", "music_type": "JAZZ_BLUES", "is_duo": "on"},
    )
    assert response.status_code == 200
    assert field_errors(response, "subcategory_id") == ["Choisissez un type d'offre dans la liste."]
    offer.refresh_from_db()
    assert (offer.subcategory_id, offer.name) == (CONCERT, "Jazz")


@pytest.mark.django_db
def test_a_drafts_own_staff_only_type_is_not_taken_for_a_forged_one(pro_client, venue):
    """An imported draft of a staff-only type shows its type selected; saving it meets the service's rule (a staff-only
    type is the team's), in French, not « not in the list »."""
    offer = EventOfferFactory(
        venue=venue, validation=OfferValidation.DRAFT, subcategory_id="JEU_CONCOURS", is_duo=False
    )
    page = text(pro_client.get(reverse("pro:offer-edit", args=[offer.pk])))
    assert '<option value="JEU_CONCOURS" selected>' in page
    response = pro_client.post(
        reverse("pro:offer-edit", args=[offer.pk]), {"subcategory_id": "JEU_CONCOURS", "name": "Grand jeu"}
    )
    assert response.status_code == 200
    assert field_errors(response, "subcategory_id") == []
    assert "Le type d’offre « Concours, jeu-concours » est réservé à l’équipe du pass Culture." in text(response)
    offer.refresh_from_db()
    assert offer.name != "Grand jeu"


# --- Accessibility: the venue's by default, the offer's once changed --------------------------------------------


@pytest.mark.django_db
def test_accessibility_defaults_to_the_venues_and_is_saved_on_the_offer_when_changed(pro_client, offerer):
    venue = VenueFactory(offerer=offerer, audio_disability_compliant=True, motor_disability_compliant=True)
    page = text(pro_client.get(details_url(venue, CONCERT)))
    assert "Accessibilité de l'offre" in page
    assert [is_checked(page, name) for name in ACCESSIBILITY] == [True, False, True, False]
    # The pro unchecks « Handicap auditif » and checks « Handicap visuel ».
    data = details_data(motor_disability_compliant="on", visual_disability_compliant="on")
    response = pro_client.post(details_url(venue, CONCERT), data)
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert [getattr(offer, name) for name in ACCESSIBILITY] == [False, False, True, True]
    venue.refresh_from_db()
    assert [getattr(venue, name) for name in ACCESSIBILITY] == [True, False, True, False]  # the venue's unchanged


@pytest.mark.django_db
def test_the_edit_page_shows_the_offers_accessibility_not_the_venues(pro_client, offerer):
    venue = VenueFactory(offerer=offerer, audio_disability_compliant=True)
    offer = EventOfferFactory(venue=venue, mental_disability_compliant=True)
    page = text(pro_client.get(reverse("pro:offer-edit", args=[offer.pk])))
    assert [is_checked(page, name) for name in ACCESSIBILITY] == [False, True, False, False]
    response = pro_client.post(
        reverse("pro:offer-edit", args=[offer.pk]),
        {"name": offer.name, "music_type": "JAZZ_BLUES", "is_duo": "on", "visual_disability_compliant": "on"},
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert [getattr(offer, name) for name in ACCESSIBILITY] == [False, False, False, True]
    entry = AuditLogEntry.objects.get(action="offer.updated")
    assert set(entry.data) == {"mental_disability_compliant", "visual_disability_compliant"}


# --- Publication while the structure awaits validation ----------------------------------------------------------


@pytest.mark.django_db
def test_an_offer_published_before_its_structure_is_validated_is_approved_but_stays_hidden(pro_client, offerer, venue):
    OfferFactory(venue=venue)  # not the structure's first offer: no review for that
    OfferValidationRule.objects.filter(kind="NEW_OFFERER").update(is_active=False)
    offerer.status = OffererStatus.PENDING
    offerer.save()
    offer = EventOfferFactory(venue=venue, validation=OfferValidation.DRAFT)
    pro_client.post(reverse("pro:stock-create", args=[offer.pk]), date_data(price="5"))
    page = text(pro_client.post(reverse("pro:offer-publish", args=[offer.pk]), follow=True))
    assert "Votre offre est publiée. Elle sera visible des jeunes dès la validation de votre structure." in page
    assert "Elle est visible des jeunes sur le pass Culture." not in page
    offer.refresh_from_db()
    assert offer.validation == OfferValidation.APPROVED and offer.is_active
    assert not visible_offers().filter(pk=offer.pk).exists()
    offerer.status = OffererStatus.VALIDATED  # the structure is validated: nothing else is needed
    offerer.save()
    assert visible_offers().filter(pk=offer.pk).exists()


# --- Step 3: dates, several dates, the stock of a thing ----------------------------------------------------------

OUT_OF_RANGE = "Date invalide : indiquez une date entre 2000 et 2099."
TOO_MANY_PLACES = "La quantité ne peut pas dépasser 1 000 000."
NOT_STORABLE_QUANTITY = "Quantité trop élevée : laissez vide pour « Illimité »."
BAD_HOUR = "Heure invalide (hh:mm)."
LIMIT_AT_TEN = {"booking_limit_time": "10:00"}
DATE_ERRORS = [
    ({**LIMIT_AT_TEN, "booking_limit_date": "2027-02-31"}, "booking_limit_date", "Date invalide (jj/mm/aaaa)."),
    ({**LIMIT_AT_TEN, "booking_limit_date": "1999-12-31"}, "booking_limit_date", OUT_OF_RANGE),
    ({"booking_limit_date": future_day(10).isoformat(), "booking_limit_time": "25:00"}, "booking_limit_time", BAD_HOUR),
    ({"beginning_date": "2100-01-01"}, "beginning_date", OUT_OF_RANGE),
    ({"price": "150000"}, "price", "Le prix ne peut pas dépasser 100 000 €."),
    ({"quantity": "1000001"}, "quantity", TOO_MANY_PLACES),
]


HOURS = "booking_limit_hours_before"
NOT_HOURS = "Indiquez un nombre entier d'heures (ex. 2)."
RECURRENCE_ERRORS = [
    ({HOURS: "deux"}, HOURS, NOT_HOURS),
    ({HOURS: "2,5"}, HOURS, NOT_HOURS),
    ({HOURS: "8761"}, HOURS, "8760 heures au maximum."),
    ({"times": "14:00, " * 80}, "times", "Trop d'horaires : 500 caractères au maximum."),
    ({"quantity": "9" * 15}, "quantity", NOT_STORABLE_QUANTITY),
    ({"quantity": "1000001"}, "quantity", TOO_MANY_PLACES),
    ({"price": "9" * 15}, "price", "Montant trop élevé."),
    ({"first_day": "1999-12-31"}, "first_day", OUT_OF_RANGE),
]


@pytest.mark.django_db
def test_8760_hours_is_the_earliest_booking_limit_of_several_dates(pro_client, concert):
    # Dates more than a year ahead, so that a limit 8760 hours before each is still to come.
    monday = next_weekday(0, after_days=380)
    period = {"first_day": monday.isoformat(), "last_day": (monday + datetime.timedelta(days=13)).isoformat()}
    response = pro_client.post(
        reverse("pro:stock-recurrence", args=[concert.pk]),
        recurrence_data(booking_limit_hours_before="8760", **period),
    )
    assert response.status_code == 302
    stock = Stock.objects.order_by("beginning_datetime").first()
    assert stock.beginning_datetime - stock.booking_limit_datetime == datetime.timedelta(hours=8760)


THING_ERRORS = [
    ({"booking_limit_date": "1999-12-31"}, "booking_limit_date", OUT_OF_RANGE),
    ({"booking_limit_date": "2100-01-01"}, "booking_limit_date", OUT_OF_RANGE),
    ({"quantity": "9" * 15}, "quantity", NOT_STORABLE_QUANTITY),
    ({"quantity": "1000001"}, "quantity", TOO_MANY_PLACES),
    ({"price": ""}, "price", "Veuillez indiquer le prix (0 pour une offre gratuite)."),
]


STOCK_ERRORS = [
    *(("date", *case) for case in DATE_ERRORS),
    *(("recurrence", *case) for case in RECURRENCE_ERRORS),
    *(("thing", *case) for case in THING_ERRORS),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("form", "overrides", "field", "message"), STOCK_ERRORS)
def test_each_field_of_the_stock_forms_shows_its_french_error(pro_client, venue, form, overrides, field, message):
    """One date of an event, several dates at once, the stock of a thing."""
    if form == "thing":
        offer = OfferFactory(venue=venue)
        url, data = "pro:stock-create", {"price": "10", "quantity": "5", "booking_limit_date": "", **overrides}
    elif form == "date":
        offer = EventOfferFactory(venue=venue)
        url, data = "pro:stock-create", date_data(**overrides)
    else:
        offer = EventOfferFactory(venue=venue)
        url, data, field = "pro:stock-recurrence", recurrence_data(**overrides), f"recurrence-{field}"
    response = pro_client.post(reverse(url, args=[offer.pk]), data)
    assert response.status_code == 200
    assert field_errors(response, field) == [message]
    assert not Stock.objects.exists()


# --- Moving a date: its booking limit follows unless the pro chose another one ------------------------------------

OLD_DAY = future_day(30)
NEW_DAY = future_day(45)
EARLIER_DAY = future_day(20)


def _moved(day: datetime.date, time: str, limit_day: datetime.date | None, limit_time: str) -> dict:
    return date_data(
        beginning_date=day.isoformat(),
        beginning_time=time,
        booking_limit_date=limit_day.isoformat() if limit_day else "",
        booking_limit_time=limit_time,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("posted", "expected_limit"),
    [
        # Later, the pre-filled limit (the old start) left as it was: it follows the new start.
        (_moved(NEW_DAY, "21:00", OLD_DAY, "20:00"), paris(NEW_DAY, 21)),
        # Later, the limit emptied: the new start.
        (_moved(NEW_DAY, "21:00", None, ""), paris(NEW_DAY, 21)),
        # Earlier, the limit left at the old start (now after the start): it follows instead of being refused.
        (_moved(EARLIER_DAY, "18:30", OLD_DAY, "20:00"), paris(EARLIER_DAY, 18, 30)),
        # Only the hour changes: the limit follows too.
        (_moved(OLD_DAY, "22:15", OLD_DAY, "20:00"), paris(OLD_DAY, 22, 15)),
        # Later, with a limit the pro typed: it is kept.
        (_moved(NEW_DAY, "21:00", NEW_DAY, "12:00"), paris(NEW_DAY, 12)),
        # The start unchanged, the limit left as it was: nothing moves.
        (_moved(OLD_DAY, "20:00", OLD_DAY, "20:00"), paris(OLD_DAY, 20)),
    ],
)
def test_the_booking_limit_of_a_moved_date_follows_its_start(pro_client, concert, posted, expected_limit):
    start = paris(OLD_DAY, 20)
    stock = EventStockFactory(offer=concert, beginning_datetime=start, booking_limit_datetime=start)
    form_page = text(pro_client.get(reverse("pro:stock-edit", args=[stock.pk])))
    limit_input = re.search(r'<input type="date" name="booking_limit_date"[^>]*>', form_page).group(0)
    assert f'value="{OLD_DAY.isoformat()}"' in limit_input  # pre-filled with the old start
    response = pro_client.post(reverse("pro:stock-edit", args=[stock.pk]), posted)
    assert response.status_code == 302, field_errors(response, "booking_limit_date")
    stock.refresh_from_db()
    assert stock.booking_limit_datetime == expected_limit
    assert stock.booking_limit_datetime <= stock.beginning_datetime


@pytest.mark.django_db
def test_a_limit_chosen_before_the_move_is_kept(pro_client, concert):
    start, limit = paris(OLD_DAY, 20), paris(OLD_DAY - datetime.timedelta(days=1), 18)
    stock = EventStockFactory(offer=concert, beginning_datetime=start, booking_limit_datetime=limit)
    response = pro_client.post(
        reverse("pro:stock-edit", args=[stock.pk]), _moved(NEW_DAY, "21:00", limit.date(), "18:00")
    )
    assert response.status_code == 302
    stock.refresh_from_db()
    assert (stock.beginning_datetime, stock.booking_limit_datetime) == (paris(NEW_DAY, 21), limit)


@pytest.mark.django_db
def test_a_limit_after_the_moved_start_is_still_refused(pro_client, concert):
    start = paris(OLD_DAY, 20)
    stock = EventStockFactory(offer=concert, beginning_datetime=start, booking_limit_datetime=start)
    response = pro_client.post(
        reverse("pro:stock-edit", args=[stock.pk]), _moved(EARLIER_DAY, "18:30", NEW_DAY, "10:00")
    )
    assert response.status_code == 200
    assert field_errors(response, "booking_limit_date") == [
        "La date limite de réservation doit précéder le début de l'événement."
    ]
    stock.refresh_from_db()
    assert (stock.beginning_datetime, stock.booking_limit_datetime) == (start, start)
