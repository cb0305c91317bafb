"""Offers (docs/domain/offers.md): the offer creation wizard, step by step and field by field."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from passculture.offerers.models import OffererStatus
from passculture.offers import errors
from passculture.offers.models import Offer, OfferValidation, OfferValidationRule, Product
from tests.factories import EventOfferFactory, OfferFactory
from tests.html import count
from tests.html import unescaped as text
from tests.pro.helpers import details_data, details_url

CREATE = reverse("pro:offer-create")
TYPE_FIELDS = reverse("pro:offer-type-fields")
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def digital_venue(offerer):
    return offerer.venues.get(is_virtual=True)


def image_file(width=800, height=600, image_format="JPEG", name="affiche.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


# --- Step 1: venue and type -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_step_one_shows_the_stepper_the_categories_and_the_guide_warning(pro_client):
    response = pro_client.get(CREATE)
    page = text(response)
    assert count(response, ".fr-stepper") == 1
    assert "Étape 1 sur 4" in page
    assert "Livre" in page and "Musique live (concerts, festivals)" in page
    assert "Technique" not in page  # staff-only category
    assert "il ne peut pas être modifié une fois l'offre validée" in page


@pytest.mark.django_db
def test_the_subcategory_select_is_refreshed_for_the_chosen_category(pro_client):
    response = pro_client.get(TYPE_FIELDS, {"category": "LIVRE"}, headers=HTMX)
    fragment = text(response)
    assert response.status_code == 200
    assert "<html" not in fragment
    assert '<select name="subcategory"' in fragment
    assert "Livre papier" in fragment and "Livre numérique, e-book" in fragment
    assert "Concert" not in fragment


@pytest.mark.django_db
def test_staff_only_subcategories_are_not_offered_to_pros(pro_client):
    fragment = text(pro_client.get(TYPE_FIELDS, {"category": "JEU"}, headers=HTMX))
    assert "Jeu vidéo sur support physique" in fragment
    assert "Concours, jeu-concours" not in fragment


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("category", "subcategory", "physical_offered", "digital_offered"),
    [
        ("LIVRE", "LIVRE_NUMERIQUE", False, True),  # online only
        ("MUSIQUE_LIVE", "CONCERT", True, False),  # offline only
        ("MUSEE", "CARTE_MUSEE", True, True),  # online or offline: the pro chooses
    ],
)
def test_the_venues_offered_follow_the_subcategory(
    pro_client, venue, digital_venue, category, subcategory, physical_offered, digital_offered
):
    fragment = text(
        pro_client.get(TYPE_FIELDS, {"category": category, "subcategory": subcategory, "part": "venue"}, headers=HTMX)
    )
    assert "<html" not in fragment
    assert 'id="venue-field"' in fragment
    assert (f'value="{venue.pk}"' in fragment) is physical_offered
    assert (f'value="{digital_venue.pk}"' in fragment) is digital_offered


@pytest.mark.django_db
def test_an_online_only_type_is_forced_into_the_digital_venue(pro_client, venue, digital_venue):
    response = pro_client.post(CREATE, {"category": "LIVRE", "subcategory": "LIVRE_NUMERIQUE", "venue": venue.pk})
    assert response.status_code == 302
    assert response.url == details_url(digital_venue, "LIVRE_NUMERIQUE")


@pytest.mark.django_db
def test_an_offline_only_type_refuses_the_digital_venue(pro_client, digital_venue):
    response = pro_client.post(
        CREATE, {"category": "MUSIQUE_LIVE", "subcategory": "CONCERT", "venue": digital_venue.pk}
    )
    assert response.status_code == 200
    assert "Ce type d'offre se déroule sur place : choisissez un lieu physique." in text(response)


@pytest.mark.django_db
def test_step_one_goes_to_the_details_of_the_chosen_type(pro_client, venue):
    response = pro_client.post(CREATE, {"category": "MUSIQUE_LIVE", "subcategory": "CONCERT", "venue": venue.pk})
    assert response.status_code == 302
    assert response.url == details_url(venue, "CONCERT")


STEP_ONE_ERRORS = [
    ({"category": ""}, "Veuillez choisir une catégorie."),
    ({"category": "NOPE"}, "Choisissez une catégorie dans la liste."),
    ({"subcategory": ""}, "Veuillez choisir le type d'offre."),
    ({"subcategory": "LIVRE_PAPIER"}, "Choisissez un type d'offre de la catégorie dans la liste."),
    ({"subcategory": "JEU_CONCOURS", "category": "JEU"}, "Choisissez un type d'offre de la catégorie"),
    ({"venue": ""}, "Veuillez choisir le lieu de l'offre."),
    ({"venue": "999999"}, "Choisissez un de vos lieux dans la liste."),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "message"), STEP_ONE_ERRORS)
def test_step_one_errors(pro_client, venue, overrides, message):
    data = {"category": "MUSIQUE_LIVE", "subcategory": "CONCERT", "venue": venue.pk, **overrides}
    response = pro_client.post(CREATE, data)
    assert response.status_code == 200
    assert message in text(response)


@pytest.mark.django_db
def test_another_structures_venue_cannot_be_used(pro_client):
    from tests.factories import VenueFactory

    other = VenueFactory()
    response = pro_client.post(CREATE, {"category": "MUSIQUE_LIVE", "subcategory": "CONCERT", "venue": other.pk})
    assert "Choisissez un de vos lieux dans la liste." in text(response)
    assert pro_client.get(details_url(other, "CONCERT")).status_code == 404


@pytest.mark.django_db
def test_an_unknown_type_in_the_details_url_is_not_found(pro_client, venue):
    assert pro_client.get(details_url(venue, "NOPE")).status_code == 404


# --- Step 2: details --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_concert_is_created_as_a_draft_with_duo_and_its_conditional_fields(pro_client, pro, venue):
    response = pro_client.post(details_url(venue, "CONCERT"), details_data())
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("pro:offer-stocks", args=[offer.pk])
    assert offer.validation == OfferValidation.DRAFT
    assert offer.venue == venue
    assert offer.is_duo and not offer.is_national
    assert offer.extra_data == {
        "music_type": "JAZZ_BLUES",
        "music_sub_type": "JAZZ_BLUES_JAZZ",
        "performer": "Quartet Bleu",
    }
    assert offer.duration_minutes == 90
    assert offer.notification_email == venue.booking_email  # defaults to the venue's


@pytest.mark.django_db
def test_the_details_page_shows_duo_and_national_with_the_guides_explanations(pro_client, venue):
    page = text(pro_client.get(details_url(venue, "CONCERT")))
    assert "Étape 2 sur 4" in page
    assert 'name="is_duo"' in page
    assert "Pensez à activer l'option Duo pour permettre au jeune d'être accompagné" in page
    assert "À cocher uniquement pour les offres disponibles sur tout le territoire" in page
    assert "Pathé/Gaumont, ebooks, magazines" in page
    assert 'maxlength="90"' in page and 'id="name-counter"' in page
    assert f'value="{venue.booking_email}"' in page


@pytest.mark.django_db
def test_duo_is_not_offered_for_a_type_without_duo(pro_client, venue):
    page = text(pro_client.get(details_url(venue, "LIVRE_PAPIER")))
    assert 'name="is_duo"' not in page


@pytest.mark.django_db
def test_a_digital_offer_has_a_url_and_is_always_national(pro_client, digital_venue):
    page = text(pro_client.get(details_url(digital_venue, "LIVRE_NUMERIQUE")))
    assert 'name="url"' in page
    assert "Une offre numérique est toujours disponible sur tout le territoire." in page
    national = page[page.index('name="is_national"') - 200 : page.index('name="is_national"') + 200]
    assert "disabled" in national and "checked" in national
    response = pro_client.post(
        details_url(digital_venue, "LIVRE_NUMERIQUE"),
        {"name": "Le Petit Prince (ebook)", "ean": "9782070612758", "url": "https://librairie.example/ebook"},
    )
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.is_national and offer.is_digital
    assert offer.url == "https://librairie.example/ebook"


@pytest.mark.django_db
def test_a_physical_offer_has_no_url_field(pro_client, venue):
    assert 'name="url"' not in text(pro_client.get(details_url(venue, "CONCERT")))


BOOK = "LIVRE_PAPIER"
CONCERT = "CONCERT"
SHOW = "SPECTACLE_REPRESENTATION"
FILM = "SEANCE_CINE"
EBOOK = "LIVRE_NUMERIQUE"
GAME_EVENT = "EVENEMENT_JEU"

# (subcategory, digital venue?, overrides, message): every field of step 2 has its French error.
DETAIL_ERRORS = [
    (CONCERT, False, {"name": ""}, "Veuillez renseigner le titre de l'offre."),
    (CONCERT, False, {"name": "x" * 91}, "Le titre ne doit pas dépasser 90 caractères (il en compte 91)."),
    (CONCERT, False, {"music_type": ""}, "Le champ « Genre musical » est obligatoire pour ce type d'offre."),
    (CONCERT, False, {"music_type": "POLKA"}, "Choisissez un type dans la liste."),
    (CONCERT, False, {"music_sub_type": "ROCK_PUNK"}, "Choisissez un sous-type dans la liste."),
    (CONCERT, False, {"duration": "une heure"}, "La durée est un nombre entier de minutes (ex. 90)."),
    (CONCERT, False, {"duration": "0"}, "La durée est un nombre entier de minutes (ex. 90)."),
    (CONCERT, False, {"performer": "x" * 256}, "Ce champ ne doit pas dépasser 255 caractères."),
    (CONCERT, False, {"booking_email": "pas-un-email"}, "Adresse email invalide (ex. reservations@structure.fr)."),
    (CONCERT, False, {"description": "x" * 10_001}, "La description ne doit pas dépasser 10000 caractères."),
    (CONCERT, False, {"withdrawal_details": "x" * 5_001}, "Les modalités de retrait ne doivent pas dépasser 5000"),
    (CONCERT, False, {"image_credit": "x" * 256}, "Le crédit ne doit pas dépasser 255 caractères."),
    (SHOW, False, {"music_type": None, "show_type": ""}, "Le champ « Type de spectacle » est obligatoire"),
    (BOOK, False, {"music_type": None, "ean": ""}, "Le champ « EAN-13 (ISBN pour les livres) » est obligatoire"),
    (BOOK, False, {"music_type": None, "ean": "9782070612759"}, errors.InvalidEan.message),
    (BOOK, False, {"music_type": None, "ean": "978207061275"}, errors.InvalidEan.message),
    (BOOK, False, {"music_type": None, "ean": "9" * 40}, errors.InvalidEan.message),
    (FILM, False, {"music_type": None, "visa": "12-B"}, errors.InvalidVisa.message),
    (EBOOK, True, {"music_type": None, "ean": "9782070612758", "url": ""}, "Une offre numérique doit indiquer"),
    (
        EBOOK,
        True,
        {"ean": "9782070612758", "url": "pas une adresse"},
        "Adresse invalide (ex. https://www.exemple.fr/offre).",
    ),
    (GAME_EVENT, False, {"music_type": None, "is_duo": "on"}, errors.DuoNotAllowed.message),
    (BOOK, False, {"ean": "9782070612758", "is_duo": "on"}, errors.DuoNotAllowed.message),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("subcategory", "digital", "overrides", "message"), DETAIL_ERRORS)
def test_step_two_errors(pro_client, venue, digital_venue, subcategory, digital, overrides, message):
    target = digital_venue if digital else venue
    response = pro_client.post(details_url(target, subcategory), details_data(**overrides))
    page = text(response)
    assert response.status_code == 200, page[:500]
    assert message in page
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_a_school_book_product_is_refused_with_its_reason(pro_client, venue):
    Product.objects.create(
        ean="9782070612758", name="Manuel de maths", subcategory_id=BOOK, is_eligible=False,
        ineligibility_reason="school_book",
    )  # fmt: skip
    response = pro_client.post(details_url(venue, BOOK), {"name": "Manuel", "ean": "9782070612758"})
    assert "Les livres scolaires et parascolaires ne sont pas éligibles au pass Culture." in text(response)
    assert "school_book" not in text(response)
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_a_special_screening_is_refused_with_the_reason(pro_client, venue):
    response = pro_client.post(details_url(venue, "SEANCE_CINE"), {"name": "Avatar 3D"})
    assert response.status_code == 200
    assert "Les séances spéciales (3D, IMAX, Dolby…) ne sont pas éligibles au pass Culture" in text(response)
    assert not Offer.objects.exists()


# --- Image ------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_image_with_its_credit_is_saved(pro_client, venue):
    data = details_data(image_credit="Photo : A. Martin")
    data["image"] = image_file()
    response = pro_client.post(details_url(venue, CONCERT), data)
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.image.name.endswith(".jpg")
    assert offer.image_credit == "Photo : A. Martin"


def _gif() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 800)).save(buffer, format="GIF")
    return SimpleUploadedFile("affiche.gif", buffer.getvalue(), content_type="image/gif")


def _too_big() -> SimpleUploadedFile:
    return SimpleUploadedFile("enorme.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024), content_type="image/png")


IMAGE_ERRORS = [
    (lambda: image_file(300, 800), "L'image doit mesurer au moins 400 × 400 pixels (celle-ci mesure 300 × 800)."),
    (_gif, "Format d'image non accepté : choisissez un fichier JPEG ou PNG."),
    (lambda: SimpleUploadedFile("faux.jpg", b"pas une image", content_type="image/jpeg"), "Format d'image non"),
    (_too_big, "L'image ne doit pas dépasser 5 Mo : choisissez un fichier plus léger."),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("make_file", "message"), IMAGE_ERRORS)
def test_image_errors(pro_client, venue, make_file, message):
    data = details_data(image_credit="Photo : A. Martin")
    data["image"] = make_file()
    response = pro_client.post(details_url(venue, CONCERT), data)
    assert response.status_code == 200
    assert message in text(response)
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_an_image_needs_its_credit(pro_client, venue):
    data = details_data()
    data["image"] = image_file(image_format="PNG", name="affiche.png")
    response = pro_client.post(details_url(venue, CONCERT), data)
    assert "Indiquez le crédit de l'image (photographe ou source)." in text(response)


# --- htmx: EAN lookup and sub-types -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["978-2-07-061275-8", "2-07-061275-9"])  # an EAN, or the book's ISBN-10
def test_a_known_ean_prefills_title_and_author(pro_client, typed):
    Product.objects.create(ean="9782070612758", name="Le Petit Prince", author="Antoine de Saint-Exupéry",
                           subcategory_id=BOOK)  # fmt: skip
    response = pro_client.get(reverse("pro:offer-product"), {"ean": typed, "subcategory": BOOK}, headers=HTMX)
    fragment = text(response)
    assert response.status_code == 200
    assert "<html" not in fragment
    assert "Trouvé dans le catalogue" in fragment
    assert 'hx-swap-oob="true"' in fragment
    assert 'id="id_name"' in fragment and 'value="Le Petit Prince"' in fragment
    assert 'id="id_author"' in fragment and 'value="Antoine de Saint-Exupéry"' in fragment


@pytest.mark.django_db
@pytest.mark.parametrize("ean", ["9782070612765", "", "123", "\x00", "9" * 200])
def test_an_unknown_or_partial_ean_prefills_nothing(pro_client, ean):
    fragment = text(pro_client.get(reverse("pro:offer-product"), {"ean": ean, "subcategory": BOOK}, headers=HTMX))
    assert "hx-swap-oob" not in fragment


@pytest.mark.django_db
def test_the_show_sub_type_select_follows_the_show_type(pro_client):
    response = pro_client.get(reverse("pro:offer-sub-types"), {"show_type": "THEATRE"}, headers=HTMX)
    fragment = text(response)
    assert "<html" not in fragment
    assert 'id="show_sub_type-group"' in fragment and 'name="show_sub_type"' in fragment
    assert "Théâtre classique" in fragment and "Ballet" not in fragment
    music = text(pro_client.get(reverse("pro:offer-sub-types"), {"music_type": "ROCK"}, headers=HTMX))
    assert 'name="music_sub_type"' in music and "Metal" in music


# --- Steps 3 and 4: a whole creation, then publication -----------------------------------------------------------


def _future_day(days=30) -> datetime.date:
    return (timezone.localtime() + datetime.timedelta(days=days)).date()


@pytest.mark.django_db
def test_the_whole_wizard_for_an_event(pro_client, pro, venue, django_capture_on_commit_callbacks):
    OfferFactory(venue=venue)  # not the structure's first offer: no review for that
    OfferValidationRule.objects.filter(kind="NEW_OFFERER").update(is_active=False)
    pro_client.post(details_url(venue, CONCERT), details_data())
    offer = Offer.objects.get(name="Concert de jazz")
    stocks_page = text(pro_client.get(reverse("pro:offer-stocks", args=[offer.pk])))
    assert "Étape 3 sur 4" in stocks_page and "Aucune date pour l'instant." in stocks_page
    day = _future_day()
    response = pro_client.post(
        reverse("pro:stock-create", args=[offer.pk]),
        {"beginning_date": day.isoformat(), "beginning_time": "20:30", "price": "12,50", "quantity": "100"},
    )
    assert response.status_code == 302
    summary = text(pro_client.get(reverse("pro:offer-summary", args=[offer.pk])))
    assert "Étape 4 sur 4" in summary and "Publier l'offre" in summary
    assert "12,50" in summary and f"{day:%d/%m/%Y} à 20:30" in summary
    response = pro_client.post(reverse("pro:offer-publish", args=[offer.pk]), follow=True)
    offer.refresh_from_db()
    assert offer.validation == OfferValidation.APPROVED
    page = text(response)
    assert "Votre offre est publiée. Elle est visible des jeunes sur le pass Culture." in page


@pytest.mark.django_db
def test_publishing_without_stock_is_refused(pro_client, venue):
    offer = OfferFactory(venue=venue, validation=OfferValidation.DRAFT)
    response = pro_client.post(reverse("pro:offer-publish", args=[offer.pk]), follow=True)
    assert "Ajoutez au moins un stock avant de publier l'offre." in text(response)
    offer.refresh_from_db()
    assert offer.validation == OfferValidation.DRAFT


@pytest.mark.django_db
def test_a_first_offer_goes_to_review_and_the_pro_is_told_why(pro_client, venue):
    offer = EventOfferFactory(venue=venue, validation=OfferValidation.DRAFT)
    pro_client.post(
        reverse("pro:stock-create", args=[offer.pk]),
        {"beginning_date": _future_day().isoformat(), "beginning_time": "20:00", "price": "0"},
    )
    page = text(pro_client.post(reverse("pro:offer-publish", args=[offer.pk]), follow=True))
    offer.refresh_from_db()
    assert offer.validation == OfferValidation.PENDING
    assert "Votre offre est en cours d'instruction par l'équipe du pass Culture" in page
    assert "Gratuit" in page


@pytest.mark.django_db
def test_the_offer_of_a_structure_awaiting_validation_waits_for_it(pro_client, offerer, venue):
    OfferFactory(venue=venue)
    OfferValidationRule.objects.filter(kind="NEW_OFFERER").update(is_active=False)
    offerer.status = OffererStatus.PENDING
    offerer.save()
    offer = EventOfferFactory(venue=venue, validation=OfferValidation.DRAFT)
    pro_client.post(
        reverse("pro:stock-create", args=[offer.pk]),
        {"beginning_date": _future_day().isoformat(), "beginning_time": "20:00", "price": "5"},
    )
    page = text(pro_client.post(reverse("pro:offer-publish", args=[offer.pk]), follow=True))
    assert "Elle sera visible des jeunes dès la validation de votre structure." in page


# --- No input produces a server error ---------------------------------------------------------------------------

GARBAGE = ["<script>", "é" * 300, "0" * 50, "\x00", "-1", "9" * 30, "2026-13-45", "１２"]


@pytest.mark.django_db
@pytest.mark.parametrize("garbage", GARBAGE)
def test_no_input_of_the_wizard_produces_a_server_error(pro_client, venue, digital_venue, garbage):
    for field in ["category", "subcategory", "venue"]:
        data = {"category": "MUSIQUE_LIVE", "subcategory": "CONCERT", "venue": venue.pk, field: garbage}
        assert pro_client.post(CREATE, data).status_code in (200, 302), field
    assert (
        pro_client.get(
            TYPE_FIELDS, {"category": garbage, "subcategory": garbage, "venue": garbage}, headers=HTMX
        ).status_code
        == 200
    )
    for field in details_data(ean="", show_type="", visa="", url="", author=""):
        for subcategory, target in [
            (CONCERT, venue),
            (BOOK, venue),
            (SHOW, venue),
            (FILM, venue),
            (EBOOK, digital_venue),
        ]:
            response = pro_client.post(details_url(target, subcategory), details_data(**{field: garbage}))
            assert response.status_code in (200, 302), (field, subcategory)
    for params in [{"ean": garbage}, {"ean": garbage, "subcategory": garbage}]:
        assert pro_client.get(reverse("pro:offer-product"), params, headers=HTMX).status_code == 200
    for params in [{"show_type": garbage}, {"music_type": garbage}, {}]:
        assert pro_client.get(reverse("pro:offer-sub-types"), params, headers=HTMX).status_code == 200


def test_every_conditional_field_has_an_input():
    from passculture.offers.categories import ExtraField
    from passculture.pro.forms.offers.extra_fields import EXTRA_FIELDS_ORDER

    assert sorted(EXTRA_FIELDS_ORDER) == sorted(ExtraField)


def test_extra_field_builds_the_input_of_each_conditional_field():
    from django import forms

    from passculture.offers.categories import SUBCATEGORIES, ExtraField
    from passculture.pro.forms.offers.extra_fields import extra_field

    for extra in ExtraField:
        subcategory = next(subcategory for subcategory in SUBCATEGORIES if extra in subcategory.fields)
        field = extra_field(extra, subcategory, {"show_type": "THEATRE", "music_type": "ROCK"})
        assert isinstance(field, forms.Field) and field.label == extra.label, extra
        assert field.required == (extra in subcategory.required_fields), extra


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "params", "fragment_id"),
    [
        ("pro:offer-type-fields", {"category": "LIVRE"}, 'id="type-fields"'),
        ("pro:offer-sub-types", {"show_type": "THEATRE"}, 'id="show_sub_type-group"'),
        ("pro:offer-product", {"ean": "9782070612758", "subcategory": BOOK}, "EAN inconnu du catalogue"),
    ],
)
def test_a_wizard_fragment_answers_htmx_only_and_sends_a_browser_back_to_the_wizard(
    pro_client, name, params, fragment_id
):
    fragment = text(pro_client.get(reverse(name), params, headers=HTMX))
    assert "<html" not in fragment and fragment_id in fragment
    response = pro_client.get(reverse(name), params)
    assert response.status_code == 302 and response.url.startswith(CREATE)
    if name == "pro:offer-type-fields":
        assert text(pro_client.get(response.url)).count('<option value="LIVRE" selected>') == 1
