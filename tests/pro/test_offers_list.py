"""docs/domain/offers.md#statuses: the pro's offers list: filters, counts, pagination, bulk activation, duplication."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from passculture.offers.models import Offer, OfferValidation
from tests.factories import EventOfferFactory, EventStockFactory, OfferFactory, StockFactory, VenueFactory
from tests.html import unescaped as text

URL = reverse("pro:offers")


@pytest.mark.django_db
def test_an_empty_list_invites_to_create_the_first_offer(pro_client, venue):
    page = text(pro_client.get(URL))
    assert "Vous n'avez pas encore d'offre" in page
    assert "Créer ma première offre" in page and reverse("pro:offer-create") in page


@pytest.mark.django_db
def test_each_row_shows_name_type_venue_status_dates_and_remaining_places(pro_client, venue):
    concert = EventOfferFactory(venue=venue, name="Jazz au sous-sol")
    EventStockFactory(offer=concert, quantity=100, booked_quantity=30)
    EventStockFactory(offer=concert, quantity=50, booked_quantity=0)
    book = OfferFactory(venue=venue, name="Le Petit Prince", validation=OfferValidation.DRAFT)
    StockFactory(offer=book, quantity=None)
    page = text(pro_client.get(URL))
    assert "Jazz au sous-sol" in page and "Concert" in page and venue.name in page
    assert "Publiée" in page and "2 dates" in page and ">120<" in page
    assert "Le Petit Prince" in page and "Livre papier" in page and "Brouillon" in page
    assert "1 stock" in page and "Illimité" in page
    assert "2 offres" in page
    assert "Publiée (1)" in page and "Brouillon (1)" in page and "Refusée (0)" in page


@pytest.mark.django_db
def test_only_the_pros_own_offers_are_listed(pro_client, venue):
    OfferFactory(venue=venue, name="La mienne")
    OfferFactory(name="Celle des autres")  # another structure
    page = text(pro_client.get(URL))
    assert "La mienne" in page and "Celle des autres" not in page


@pytest.mark.django_db
def test_filters(pro_client, offerer, venue):
    other_venue = VenueFactory(offerer=offerer, name="Salle B")
    EventStockFactory(offer=EventOfferFactory(venue=venue, name="Concert d'été"))
    OfferFactory(venue=other_venue, name="Roman noir", extra_data={"ean": "9782070360024"})
    inactive = OfferFactory(venue=venue, name="Vieux roman", is_active=False)
    StockFactory(offer=inactive)

    def names(**params):
        page = text(pro_client.get(URL, params))
        return {name for name in ["Concert d'été", "Roman noir", "Vieux roman"] if name in page}

    assert names(q="roman") == {"Roman noir", "Vieux roman"}
    assert names(q="ETE") == {"Concert d'été"}  # case and accents ignored
    assert names(q="978-2-07-036002-4") == {"Roman noir"}
    assert names(q="2-07-036002-4") == {"Roman noir"}  # the book's ISBN-10
    assert names(venue=other_venue.pk) == {"Roman noir"}
    assert names(category="MUSIQUE_LIVE") == {"Concert d'été"}
    assert names(status="INACTIVE") == {"Vieux roman"}
    in_a_month = (timezone.localtime() + datetime.timedelta(days=30)).date()
    assert names(period_start=in_a_month.isoformat(), period_end=in_a_month.isoformat()) == {"Concert d'été"}
    page = text(pro_client.get(URL, {"q": "introuvable"}))
    assert "Aucune offre ne correspond à ces filtres." in page


@pytest.mark.django_db
def test_the_period_is_read_on_the_clock_of_each_venue(pro_client, venue):
    """1 December 01:00 in Réunion is 30 November 22:00 in Paris: it belongs to December for that venue."""
    reunion = VenueFactory(offerer=venue.offerer, name="Salle de Saint-Denis", timezone="Indian/Reunion")
    late = datetime.datetime(2099, 12, 1, 1, 0, tzinfo=ZoneInfo("Indian/Reunion"))
    EventStockFactory(offer=EventOfferFactory(venue=reunion, name="Maloya"), beginning_datetime=late)
    paris_evening = datetime.datetime(2099, 11, 30, 22, 30, tzinfo=ZoneInfo("Europe/Paris"))
    EventStockFactory(offer=EventOfferFactory(venue=venue, name="Jazz"), beginning_datetime=paris_evening)

    def names(start, end):
        page = text(pro_client.get(URL, {"period_start": start, "period_end": end}))
        return {name for name in ["Maloya", "Jazz"] if name in page}

    assert names("2099-12-01", "2099-12-01") == {"Maloya"}
    assert names("2099-11-30", "2099-11-30") == {"Jazz"}
    assert names("2099-11-30", "") == {"Maloya", "Jazz"}
    assert names("", "2099-11-30") == {"Jazz"}


@pytest.mark.django_db
def test_pagination_keeps_the_filters(pro_client, venue):
    for n in range(25):
        OfferFactory(venue=venue, name=f"Livre {n:02d}")
    first = text(pro_client.get(URL, {"q": "Livre"}))
    assert first.count('name="offers"') == 20
    assert "q=Livre&page=2" in first
    second = text(pro_client.get(URL, {"q": "Livre", "page": 2}))
    assert second.count('name="offers"') == 5


def _offers_with_stocks(venue, count):
    for _ in range(count):
        EventStockFactory(offer=EventOfferFactory(venue=venue))
        StockFactory(offer=OfferFactory(venue=venue))


@pytest.mark.django_db
def test_the_query_count_stays_flat_whatever_the_number_of_offers(pro_client, venue):
    _offers_with_stocks(venue, 3)  # 6 offers
    with CaptureQueriesContext(connection) as few:
        assert pro_client.get(URL).status_code == 200
    _offers_with_stocks(venue, 20)  # 46 offers, 3 pages
    with CaptureQueriesContext(connection) as many:
        assert pro_client.get(URL).status_code == 200
    assert len(many) == len(few), [query["sql"] for query in many]


@pytest.mark.django_db
def test_bulk_deactivate_then_activate(pro_client, venue):
    mine = [OfferFactory(venue=venue), OfferFactory(venue=venue)]
    others = OfferFactory()
    ids = [str(offer.pk) for offer in mine] + [str(others.pk)]
    response = pro_client.post(reverse("pro:offers-bulk"), {"offers": ids, "action": "deactivate", "next": URL})
    assert response.status_code == 302 and response.url == URL
    assert [offer.is_active for offer in Offer.objects.filter(pk__in=[o.pk for o in mine])] == [False, False]
    others.refresh_from_db()
    assert others.is_active  # another structure's offer is left alone
    assert "2 offres désactivées." in text(pro_client.get(URL))
    pro_client.post(reverse("pro:offers-bulk"), {"offers": ids[:1], "action": "activate"})
    mine[0].refresh_from_db()
    assert mine[0].is_active
    assert "1 offre activée." in text(pro_client.get(URL))


@pytest.mark.django_db
def test_bulk_needs_a_selection_and_an_action(pro_client, venue):
    offer = OfferFactory(venue=venue)
    response = pro_client.post(reverse("pro:offers-bulk"), {"action": "deactivate"}, follow=True)
    assert "Cochez au moins une offre." in text(response)
    response = pro_client.post(reverse("pro:offers-bulk"), {"offers": [offer.pk], "action": "delete"}, follow=True)
    assert "Choisissez une action : activer ou désactiver." in text(response)
    offer.refresh_from_db()
    assert offer.is_active


@pytest.mark.django_db
def test_bulk_on_another_structures_offers_only_is_not_found(pro_client, venue):
    others = OfferFactory()
    response = pro_client.post(reverse("pro:offers-bulk"), {"offers": [others.pk], "action": "deactivate"})
    assert response.status_code == 404
    others.refresh_from_db()
    assert others.is_active


@pytest.mark.django_db
def test_bulk_ignores_an_outside_next_url(pro_client, venue):
    offer = OfferFactory(venue=venue)
    data = {"offers": [offer.pk], "action": "deactivate", "next": "https://evil.example/"}
    assert pro_client.post(reverse("pro:offers-bulk"), data).url == URL


@pytest.mark.django_db
def test_duplicate_makes_a_draft_without_the_stocks(pro_client, venue):
    offer = EventOfferFactory(venue=venue, name="Jazz", description="Quartet")
    EventStockFactory(offer=offer)
    response = pro_client.post(reverse("pro:offer-duplicate", args=[offer.pk]))
    copy = Offer.objects.exclude(pk=offer.pk).get()
    assert response.status_code == 302
    assert response.url == reverse("pro:offer-edit", args=[copy.pk])
    assert (copy.name, copy.description, copy.subcategory_id, copy.is_duo) == ("Jazz", "Quartet", "CONCERT", True)
    assert copy.validation == OfferValidation.DRAFT
    assert not copy.stocks.exists()
    assert "a été dupliquée" in text(pro_client.get(response.url))


@pytest.mark.django_db
def test_a_rejected_offer_is_not_duplicated(pro_client, venue):
    offer = EventOfferFactory(venue=venue, name="Jazz", validation=OfferValidation.REJECTED, is_active=False)
    response = pro_client.post(reverse("pro:offer-duplicate", args=[offer.pk]), follow=True)
    assert "Cette offre a été refusée par l'équipe du pass Culture : elle ne peut pas être dupliquée." in text(response)
    assert Offer.objects.count() == 1


@pytest.mark.django_db
def test_duplicating_another_structures_offer_is_not_found(pro_client):
    offer = OfferFactory()
    assert pro_client.post(reverse("pro:offer-duplicate", args=[offer.pk])).status_code == 404
    assert Offer.objects.count() == 1


@pytest.mark.django_db
def test_the_list_is_in_the_navigation_and_on_the_home_page(pro_client, venue):
    home = text(pro_client.get(reverse("pro:home")))
    assert f'href="{URL}"' in home and "Voir mes offres" in home
    assert f'href="{reverse("pro:offer-create")}"' in home


GARBAGE = ["<script>", "é" * 300, "0" * 50, "\x00", "-1", "9" * 30, "2026-13-45", "１２"]


@pytest.mark.django_db
@pytest.mark.parametrize("garbage", GARBAGE)
def test_no_filter_or_bulk_input_produces_a_server_error(pro_client, venue, garbage):
    offer = OfferFactory(venue=venue)
    for field in ["q", "venue", "category", "status", "period_start", "period_end", "page"]:
        assert pro_client.get(URL, {field: garbage}).status_code == 200, field
    for data in [{"offers": [garbage], "action": "activate"}, {"offers": [offer.pk], "action": garbage}]:
        assert pro_client.post(reverse("pro:offers-bulk"), data).status_code in (302, 404)
