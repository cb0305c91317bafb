"""The public catalogue pages: search form, result cards, offer page, and what never shows."""

import datetime

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passculture.beneficiaries.models import BeneficiaryProfile
from passculture.beneficiary.templatetags.catalogue import distance
from passculture.connectors.geocoding.fake import UNAVAILABLE_ADDRESS
from passculture.offerers.models import OffererStatus
from passculture.offers.categories import CATEGORIES
from passculture.offers.models import OfferValidation
from tests.factories import (
    BookFactory,
    EbookFactory,
    EventOfferFactory,
    OffererFactory,
    StockFactory,
    UserFactory,
    VenueFactory,
    in_days,
)
from tests.html import count, links, parse, visible_text

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("beneficiary:catalogue")


def offer_url(offer) -> str:
    return reverse("beneficiary:offer", args=[offer.pk])


@pytest.fixture
def paris():
    return VenueFactory(
        in_paris=True, public_name="Le Petit Bain", city="Paris", postal_code="75013", street="7 Port de la Gare"
    )


@pytest.fixture
def lyon():
    return VenueFactory(in_lyon=True, public_name="Salle Molière", city="Lyon", postal_code="69001")


class TestSearchPage:
    def test_is_public_and_lists_the_catalogue(self, client, paris):
        offer = EventOfferFactory(
            venue=paris, name="Concert de jazz", is_duo=True, with_stock=True, stock__price_cents=1250
        )
        response = client.get(CATALOGUE)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Catalogue des offres" in html
        assert "Concert de jazz" in html and offer_url(offer) in html
        assert "Le Petit Bain" in html and "Paris" in html
        assert "Dès 12,50\u00a0€" in html
        assert "Duo" in html
        assert "1 offre" in html

    def test_the_header_names_the_young_peoples_service_not_the_pro_portal(self, client):
        document = parse(client.get(CATALOGUE))
        header = document.select_one("header[role=banner]")
        assert header.select_one("p.fr-header__service-title").text == "pass Culture"
        assert "Pro" not in header.text
        assert "Accueil — Catalogue pass Culture" in [a.get("title") for a in header.select("a")]
        footer = document.select_one("footer.fr-footer")
        assert "Pro" not in footer.text and "Le pass Culture permet aux jeunes" in footer.text
        home = (CATALOGUE, "Retour au catalogue — pass Culture")
        assert home in [(a.get("href"), a.get("title")) for a in footer.select("a")]

    def test_a_free_offer_says_gratuit(self, client, paris):
        BookFactory(venue=paris, with_stock=True, stock__price_cents=0)
        assert "Gratuit" in client.get(CATALOGUE).content.decode()

    def test_search_by_text_and_category(self, client, paris):
        EventOfferFactory(venue=paris, name="Concert de jazz", with_stock=True)
        BookFactory(venue=paris, name="Le Petit Prince", with_stock=True)
        html = client.get(CATALOGUE, {"text": "jazz"}).content.decode()
        assert "Concert de jazz" in html and "Le Petit Prince" not in html
        html = client.get(CATALOGUE, {"category": "LIVRE"}).content.decode()
        assert "Le Petit Prince" in html and "Concert de jazz" not in html

    def test_search_by_postal_code_or_city_keeps_national_offers(self, client, paris, lyon):
        EventOfferFactory(venue=paris, name="Concert à Paris", with_stock=True)
        EventOfferFactory(venue=lyon, name="Concert à Lyon", with_stock=True)
        EbookFactory(offerer=OffererFactory(), name="Livre numérique", with_stock=True)
        for place in ["69001", "Lyon"]:
            response = client.get(CATALOGUE, {"place": place, "radius": "20", "sort": "distance"})
            html = response.content.decode()
            assert "Concert à Lyon" in html and "Livre numérique" in html
            assert "Concert à Paris" not in html
            assert "autour de Lyon" in html
            assert html.index("Concert à Lyon") < html.index("Livre numérique")
        # The Lyon venue's distance from the place searched is shown on its card, as the page formats it.
        [lyon_item] = [item for item in response.context["results"].items if item.offer.name == "Concert à Lyon"]
        assert lyon_item.distance_km is not None
        assert f"à {distance(lyon_item.distance_km)}" in html

    def test_a_young_person_first_sees_what_is_near_home(self, client, paris, lyon):
        EventOfferFactory(venue=paris, name="Concert à Paris", with_stock=True)
        EventOfferFactory(venue=lyon, name="Concert à Lyon", with_stock=True)
        EbookFactory(offerer=OffererFactory(), name="Livre numérique", with_stock=True)
        young = UserFactory()
        BeneficiaryProfile.objects.create(user=young, birth_date=datetime.date(2008, 1, 1), postal_code="69001")
        client.force_login(young)
        for params in [{}, {"text": "concert"}]:
            response = client.get(CATALOGUE, params)
            html = response.content.decode()
            assert "Concert à Lyon" in html and "Concert à Paris" not in html
            assert "autour de Lyon" in html and 'value="69001"' in html
            assert '<option value="20" selected>20 km</option>' in html  # the radius searched is the one shown
        html = client.get(CATALOGUE, {"text": "", "place": ""}).content.decode()
        assert "Concert à Lyon" in html and "Concert à Paris" in html and "Livre numérique" in html
        assert "autour de" not in html

    def test_a_visitor_without_an_address_searches_all_france(self, client, paris, lyon):
        EventOfferFactory(venue=paris, name="Concert à Paris", with_stock=True)
        EventOfferFactory(venue=lyon, name="Concert à Lyon", with_stock=True)
        client.force_login(UserFactory())
        html = client.get(CATALOGUE).content.decode()
        assert "Concert à Lyon" in html and "Concert à Paris" in html

    def test_an_unknown_place_is_explained(self, client, paris):
        EventOfferFactory(venue=paris, with_stock=True)
        response = client.get(CATALOGUE, {"place": "00000"})
        assert response.status_code == 200
        assert "Nous ne trouvons pas ce lieu" in response.content.decode()

    def test_an_unavailable_geocoder_is_explained(self, client):
        response = client.get(CATALOGUE, {"place": UNAVAILABLE_ADDRESS})
        assert "momentanément indisponible" in response.content.decode()

    @pytest.mark.parametrize(
        "params",
        [
            {"category": "NOPE"},
            {"radius": "7"},
            {"sort": "popularity"},
            {"page": "abc"},
            {"page": "-3"},
            {"page": "99999999999999999999"},
            {"text": "x" * 500},
            {"place": "\x00"},
            {"text": "' OR 1=1 --"},
            {"text": "!!! & | <>"},
        ],
    )
    def test_bad_input_never_fails(self, client, paris, params):
        EventOfferFactory(venue=paris, with_stock=True)
        assert client.get(CATALOGUE, params).status_code == 200

    def test_the_categories_are_those_pros_publish_in(self, client):
        html = client.get(CATALOGUE).content.decode()
        assert '<option value="CINEMA">Cinéma</option>' in html
        assert 'value="TECHNIQUE"' not in html

    def test_invalid_choices_get_a_french_message(self, client):
        html = client.get(CATALOGUE, {"category": "NOPE"}).content.decode()
        assert "Choisissez une catégorie de la liste." in html

    def test_empty_state(self, client, paris):
        EventOfferFactory(venue=paris, name="Concert", with_stock=True)
        html = client.get(CATALOGUE, {"text": "introuvablissime"}).content.decode()
        assert "Aucune offre ne correspond à votre recherche" in html

    def test_pagination_keeps_the_filters(self, client, paris):
        for n in range(25):
            EventOfferFactory(venue=paris, name=f"Concert {n}", with_stock=True)
        response = client.get(CATALOGUE, {"text": "Concert"})
        assert "25 offres" in visible_text(response)
        assert "?text=Concert&page=2" in links(response)
        second = client.get(CATALOGUE, {"text": "Concert", "page": "2"})
        assert count(second, ".fr-card") == 5

    def test_a_capped_total_says_more_than(self, client, paris, monkeypatch):
        from passculture.offers.search import orm as search

        monkeypatch.setattr(search, "MAX_COUNTED", 3)
        for n in range(5):
            EventOfferFactory(venue=paris, name=f"Concert {n}", with_stock=True)
        assert "Plus de 3 offres" in client.get(CATALOGUE, {"text": "Concert"}).content.decode()

    def test_the_next_date_is_shown_in_the_time_zone_of_the_venue(self, client):
        reunion = VenueFactory(in_reunion=True, timezone="Indian/Reunion", city="Saint-Denis")
        EventOfferFactory(
            venue=reunion,
            name="Concert à Saint-Denis",
            with_stock=True,
            stock__beginning_datetime=_utc(2030, 3, 14, 16, 30),
        )
        html = client.get(CATALOGUE).content.decode()
        assert "14/03/2030 à 20:30" in html  # 16:30 UTC is 20:30 in Réunion (UTC+4)

    def test_the_number_of_queries_stays_flat(self, client, paris):
        def queries(offers: int) -> int:
            for n in range(offers):
                EventOfferFactory(venue=paris, name=f"Concert {n}", with_stock=True)
            with CaptureQueriesContext(connection) as captured:
                client.get(CATALOGUE, {"text": "Concert"})
            return len(captured)

        assert queries(2) == queries(20) <= 6

    def test_the_navigation_links_to_the_catalogue(self, client):
        assert CATALOGUE in links(client.get(CATALOGUE), "a.fr-nav__link")


def _utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)


class TestOfferPage:
    def test_shows_the_offer_its_venue_and_its_dates(self, client, paris):
        offer = EventOfferFactory(
            venue=paris,
            name="Concert de jazz",
            description="Un quartet venu de la Nouvelle-Orléans.",
            is_duo=True,
            extra_data={"music_type": "JAZZ", "performer": "Les Amis du Swing"},
            withdrawal_details="Billets à retirer au guichet.",
            motor_disability_compliant=True,
            with_stock=True,
            stock__price_cents=1500,
            stock__beginning_datetime=_utc(2030, 6, 21, 18, 0),
            stock__quantity=50,
            stock__booked_quantity=8,
        )
        StockFactory(offer=offer, price_cents=1000, beginning_datetime=_utc(2030, 6, 22, 18, 0), unlimited=True)
        StockFactory(
            offer=offer, price_cents=1000, beginning_datetime=_utc(2030, 6, 23, 18, 0), quantity=5, booked_quantity=5
        )
        StockFactory(offer=offer, price_cents=100, beginning_datetime=in_days(-1))  # past: not listed
        response = client.get(offer_url(offer))
        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1>Concert de jazz</h1>" in html
        assert "Concert" in html  # the type, as young people see it
        assert "Un quartet venu de la Nouvelle-Orléans." in html
        assert "Les Amis du Swing" in html and "Interprète" in html
        assert "Dès 10,00\u00a0€" in html
        assert "21/06/2030 à 20:00" in html  # Paris summer time
        assert "42" in html  # remaining places
        assert "Illimité" in html
        assert "Complet" in html
        assert "1,00" not in html
        assert "Offre Duo" in html
        assert "Billets à retirer au guichet." in html
        assert "Handicap moteur" in html
        assert "7 Port de la Gare, 75013 Paris" in html
        assert any(href.startswith("https://www.openstreetmap.org/?mlat=48.85660&mlon=2.35220") for href in links(html))

    def test_a_digital_offer_has_no_address(self, client):
        offer = EbookFactory(offerer=OffererFactory(), with_stock=True)
        html = client.get(offer_url(offer)).content.decode()
        assert "Offre numérique" in html and "openstreetmap" not in html

    def test_dates_are_in_the_time_zone_of_the_venue(self, client):
        reunion = VenueFactory(in_reunion=True, timezone="Indian/Reunion")
        offer = EventOfferFactory(venue=reunion, with_stock=True, stock__beginning_datetime=_utc(2030, 3, 14, 16, 30))
        html = client.get(offer_url(offer)).content.decode()
        assert "14/03/2030 à 20:30" in html and "Indian/Reunion" in html

    @pytest.mark.parametrize(
        "fields",
        [
            {"validation": OfferValidation.REJECTED},
            {"validation": OfferValidation.PENDING},
            {"is_active": False},
            {"stock__quantity": 2, "stock__booked_quantity": 2},
            {"stock__past": True},
            {"stock__is_soft_deleted": True},
            {"with_stock": False},
        ],
    )
    def test_an_offer_that_is_not_visible_is_not_found(self, client, paris, fields):
        offer = EventOfferFactory(venue=paris, **{"with_stock": True, **fields})
        assert client.get(offer_url(offer)).status_code == 404

    def test_an_offer_of_a_structure_awaiting_validation_is_not_found(self, client):
        venue = VenueFactory(in_paris=True, offerer=OffererFactory(status=OffererStatus.NEW))
        offer = EventOfferFactory(venue=venue, with_stock=True)
        assert client.get(offer_url(offer)).status_code == 404
        assert offer.name not in client.get(CATALOGUE).content.decode()

    def test_an_unknown_offer_is_not_found(self, client, db):
        assert client.get(reverse("beneficiary:offer", args=[987654])).status_code == 404


class TestOfferImages:
    """Young people choose with their eyes: every offer shows its image (with its credit), or the neutral picture of
    its category."""

    @pytest.fixture(autouse=True)
    def _media(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path / "media"

    @pytest.fixture
    def pictured(self, paris):
        offer = EventOfferFactory(venue=paris, name="Concert illustré", image_credit="Photo A. Martin")
        offer.image.save("affiche.jpg", ContentFile(b"jpeg"), save=True)
        StockFactory(offer=offer)
        return offer

    @staticmethod
    def images(page) -> list:
        return [img for img in parse(page).select("img") if "pc-offer-image" in img.classes]

    def test_each_result_shows_the_offer_image_or_its_category_picture(self, client, paris, pictured):
        StockFactory(offer=BookFactory(venue=paris, name="Roman sans image"))
        page = client.get(CATALOGUE)
        by_src = {img.get("src"): img for img in self.images(page)}
        assert set(by_src) == {pictured.image.url, "/static/beneficiary/placeholders/LIVRE.svg"}
        for img in by_src.values():
            assert img.get("loading") == "lazy" and img.get("width") and img.get("height")
            assert img.get("alt") == ""  # the card's title names the offer just below
        assert "© Photo A. Martin" in visible_text(page)

    def test_the_offer_page_shows_the_image_and_its_credit(self, client, pictured):
        page = client.get(offer_url(pictured))
        [img] = self.images(page)
        assert img.get("src") == pictured.image.url
        assert img.get("width") and img.get("height") and img.get("loading") == "lazy"
        assert "© Photo A. Martin" in visible_text(page)

    def test_an_offer_without_image_shows_the_picture_of_its_category(self, client, paris):
        offer = EventOfferFactory(venue=paris, name="Concert sans image")
        StockFactory(offer=offer)
        [img] = self.images(client.get(offer_url(offer)))
        assert img.get("src") == f"/static/beneficiary/placeholders/{offer.subcategory.category_id}.svg"
        assert img.get("alt") == ""

    def test_every_category_has_its_picture(self):
        missing = [c.id for c in CATEGORIES if not finders.find(f"beneficiary/placeholders/{c.id}.svg")]
        assert missing == []
