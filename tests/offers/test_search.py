"""The catalogue search: what beneficiaries find, in which order, and never anything they could not book."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passculture.offerers.models import OffererStatus
from passculture.offers import rules
from passculture.offers.categories import UnknownCategory
from passculture.offers.models import OfferValidation, Stock
from passculture.offers.search import orm as search
from passculture.offers.search import postgresql as sql_search
from passculture.offers.search import search_catalogue
from tests.factories import (
    LYON,
    PARIS,
    BookFactory,
    EbookFactory,
    EventOfferFactory,
    OffererFactory,
    OfferFactory,
    StockFactory,
    VenueFactory,
    in_days,
)

pytestmark = pytest.mark.django_db


def found(**kwargs) -> list[str]:
    return [item.offer.name for item in search_catalogue(page_size=100, **kwargs).items]


@pytest.fixture
def paris():
    return VenueFactory(in_paris=True, public_name="Le Petit Bain")


@pytest.fixture
def lyon():
    return VenueFactory(in_lyon=True, public_name="Salle Molière", city="Lyon", postal_code="69001")


class TestText:
    def test_matches_the_name_the_description_the_author_the_performer_and_the_ean(self, paris):
        BookFactory(
            venue=paris,
            name="Vingt mille lieues sous les mers",
            extra_data={"ean": "9782253006329", "author": "Jules Verne"},
            with_stock=True,
        )
        EventOfferFactory(
            venue=paris,
            name="Soirée rock",
            extra_data={"music_type": "ROCK", "performer": "Les Négresses Vertes"},
            with_stock=True,
        )
        EventOfferFactory(
            venue=paris, name="Soirée jazz", description="Un quartet venu de la Nouvelle-Orléans", with_stock=True
        )
        assert found(text="lieues") == ["Vingt mille lieues sous les mers"]
        assert found(text="Verne") == ["Vingt mille lieues sous les mers"]
        assert found(text="9782253006329") == ["Vingt mille lieues sous les mers"]
        assert found(text="Négresses") == ["Soirée rock"]
        assert found(text="quartet") == ["Soirée jazz"]
        assert found(text="opéra") == []

    def test_matches_the_public_name_of_the_venue(self, paris, lyon):
        EventOfferFactory(venue=paris, name="Concert A", with_stock=True)
        EventOfferFactory(venue=lyon, name="Concert B", with_stock=True)
        assert found(text="Molière") == ["Concert B"]

    def test_is_case_insensitive(self, paris):
        EventOfferFactory(venue=paris, name="Festival Lumière", with_stock=True)
        assert found(text="FESTIVAL") == ["Festival Lumière"]

    @pytest.mark.parametrize(
        ("typed", "expected"),
        [
            ("theatre", ["Le Misanthrope"]),
            ("THÉÂTRE", ["Le Misanthrope"]),
            ("moliere", ["Le Misanthrope"]),
            ("Molière", ["Le Misanthrope"]),
            ("etranger", ["L'Étranger"]),
            ("étranger", ["L'Étranger"]),
            ("Étranger", ["L'Étranger"]),
            ("ETRANGER", ["L'Étranger"]),
            ("camus etranger", ["L'Étranger"]),
            ("restauree", ["Les Enfants du paradis, version restaurée"]),
            ("Restaurée", ["Les Enfants du paradis, version restaurée"]),
            ("coeur", ["Cœur de pirate en concert"]),
            ("CŒUR", ["Cœur de pirate en concert"]),
            ("negresses", ["Cœur de pirate en concert"]),
            ("opera", []),
        ],
    )
    def test_the_same_typed_words_find_the_same_offers_on_every_database(self, paris, typed, expected):
        """The README promises a search that ignores case and accents: on the embedded SQLite as on PostgreSQL."""
        BookFactory(venue=paris, name="L'Étranger", extra_data={"author": "Albert Camus"}, with_stock=True)
        EventOfferFactory(
            venue=paris,
            name="Le Misanthrope",
            description="La comédie de Molière au théâtre",
            subcategory_id="SPECTACLE_REPRESENTATION",
            with_stock=True,
        )
        EventOfferFactory(venue=paris, name="Les Enfants du paradis, version restaurée", with_stock=True)
        EventOfferFactory(
            venue=paris,
            name="Cœur de pirate en concert",
            extra_data={"music_type": "ROCK", "performer": "Les Négresses Vertes"},
            with_stock=True,
        )
        assert found(text=typed) == expected

    @pytest.mark.postgres
    def test_on_postgresql_is_accent_insensitive_and_stemmed(self, paris):
        EventOfferFactory(
            venue=paris, name="Théâtre d'improvisation", subcategory_id="SPECTACLE_REPRESENTATION", with_stock=True
        )
        EventOfferFactory(venue=paris, name="Cœur de pirate en concert", with_stock=True)
        assert found(text="theatre") == ["Théâtre d'improvisation"]
        assert found(text="improvisations") == ["Théâtre d'improvisation"]
        assert found(text="coeur") == ["Cœur de pirate en concert"]

    @pytest.mark.postgres
    @pytest.mark.parametrize(
        ("sql", "table", "index"),
        [
            (
                f"SELECT o.id FROM offers_offer o WHERE {sql_search.OFFER_DOCUMENT_SQL}"
                f" AND {sql_search.OFFER_RELEASED_SQL}",
                "offers_offer",
                "offers_offer_search_idx",
            ),
            (
                f"SELECT o.id FROM offers_offer o WHERE {sql_search.MAIN_FIELDS_SQL}"
                f" AND {sql_search.OFFER_RELEASED_SQL}",
                "offers_offer",
                "offers_offer_main_idx",
            ),
            (
                f"SELECT t.id FROM offerers_venue t WHERE {sql_search.VENUE_DOCUMENT_SQL}",
                "offerers_venue",
                "offerers_venue_search_idx",
            ),
        ],
    )
    def test_on_postgresql_the_text_search_uses_the_gin_indexes(self, paris, sql, table, index):
        """The SQL of offers/search/postgresql.py calls the indexed functions of migration offers/0003 as indexed."""
        EventOfferFactory(venue=paris, name="Festival Lumière", with_stock=True)
        params = {"text": "lumiere"}
        with connection.cursor() as cursor:
            # Tiny tables: take the other indexes out of the planner's way (rolled back with the test).
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname <> %s"
                " AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
                [table, index],
            )
            for (other,) in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{other}"')
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert f"Bitmap Index Scan on {index}" in plan

    def test_words_are_all_required_and_blanks_ignored(self, paris):
        EventOfferFactory(venue=paris, name="Soirée jazz manouche", with_stock=True)
        EventOfferFactory(venue=paris, name="Soirée rock", with_stock=True)
        assert found(text="  jazz   manouche ") == ["Soirée jazz manouche"]
        assert sorted(found(text="")) == ["Soirée jazz manouche", "Soirée rock"]


class TestCategory:
    def test_keeps_the_subcategories_of_the_category(self, paris):
        EventOfferFactory(venue=paris, name="Concert", with_stock=True)
        BookFactory(venue=paris, name="Roman", with_stock=True)
        assert found(category_id="LIVRE") == ["Roman"]
        assert found(category_id="MUSIQUE_LIVE") == ["Concert"]

    def test_an_unknown_category_is_refused(self, db):
        with pytest.raises(UnknownCategory):
            search_catalogue(category_id="NOPE")


class TestPlace:
    def test_keeps_the_venues_within_the_radius_and_always_the_national_offers(self, paris, lyon):
        EventOfferFactory(venue=paris, name="À Paris", with_stock=True)
        EventOfferFactory(venue=lyon, name="À Lyon", with_stock=True)
        EventOfferFactory(venue=lyon, name="Pass national à Lyon", is_national=True, with_stock=True)
        EbookFactory(offerer=OffererFactory(), name="Livre numérique", with_stock=True)
        page = search_catalogue(latitude=PARIS[0], longitude=PARIS[1], radius_km=50)
        by_name = {item.offer.name: item for item in page.items}
        assert set(by_name) == {"À Paris", "Pass national à Lyon", "Livre numérique"}
        assert by_name["À Paris"].distance_km == pytest.approx(0, abs=0.01)
        assert by_name["Pass national à Lyon"].distance_km is None
        assert by_name["Livre numérique"].distance_km is None

    def test_the_distance_is_the_great_circle_distance(self, lyon):
        EventOfferFactory(venue=VenueFactory(in_villeurbanne=True), name="Villeurbanne", with_stock=True)
        page = search_catalogue(latitude=LYON[0], longitude=LYON[1], radius_km=10)
        assert page.items[0].distance_km == pytest.approx(4.35, abs=0.05)
        assert found(latitude=LYON[0], longitude=LYON[1], radius_km=4) == []
        assert found(latitude=LYON[0], longitude=LYON[1], radius_km=5) == ["Villeurbanne"]

    def test_the_default_radius_is_20_km(self, paris):
        EventOfferFactory(venue=VenueFactory(at=(48.8566 + 0.17, 2.3522)), name="À 19 km", with_stock=True)
        EventOfferFactory(venue=VenueFactory(at=(48.8566 + 0.19, 2.3522)), name="À 21 km", with_stock=True)
        page = search_catalogue(latitude=PARIS[0], longitude=PARIS[1])
        assert page.radius_km == 20
        assert [item.offer.name for item in page.items] == ["À 19 km"]

    def test_venues_without_coordinates_are_only_found_without_a_place(self, db):
        EventOfferFactory(venue=VenueFactory(), name="Sans coordonnées", with_stock=True)
        assert found(latitude=PARIS[0], longitude=PARIS[1]) == []
        assert found() == ["Sans coordonnées"]

    def test_overseas(self, db):
        EventOfferFactory(
            venue=VenueFactory(in_reunion=True, timezone="Indian/Reunion"),
            name="Concert à Saint-Denis",
            with_stock=True,
        )
        assert found(latitude=-20.88, longitude=55.45, radius_km=5) == ["Concert à Saint-Denis"]
        assert found(latitude=PARIS[0], longitude=PARIS[1], radius_km=100) == []

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"latitude": 48.0},
            {"latitude": 91.0, "longitude": 0.0},
            {"latitude": 48.0, "longitude": 2.0, "radius_km": 0},
            {"latitude": 48.0, "longitude": 2.0, "radius_km": 501},
            {"sort": "popularity"},
            {"page": 0},
            {"page_size": 101},
        ],
    )
    def test_bad_arguments_are_refused(self, db, kwargs):
        with pytest.raises(ValueError):
            search_catalogue(**kwargs)


class TestVisibility:
    def test_only_bookable_offers_of_validated_structures_appear(self, paris):
        EventOfferFactory(venue=paris, name="Visible", with_stock=True)
        EventOfferFactory(venue=paris, name="Refusée", validation=OfferValidation.REJECTED, with_stock=True)
        EventOfferFactory(venue=paris, name="En instruction", validation=OfferValidation.PENDING, with_stock=True)
        EventOfferFactory(venue=paris, name="Brouillon", validation=OfferValidation.DRAFT, with_stock=True)
        EventOfferFactory(venue=paris, name="Désactivée", is_active=False, with_stock=True)
        EventOfferFactory(venue=paris, name="Sans stock")
        EventOfferFactory(venue=paris, name="Complète", with_stock=True, stock__quantity=3, stock__booked_quantity=3)
        EventOfferFactory(venue=paris, name="Commencée", with_stock=True, stock__beginning_datetime=in_days(-0.1))
        EventOfferFactory(
            venue=paris, name="Limite passée", with_stock=True, stock__booking_limit_datetime=in_days(-0.1)
        )
        EventOfferFactory(venue=paris, name="Stock supprimé", with_stock=True, stock__is_soft_deleted=True)
        pending = VenueFactory(in_paris=True, offerer=OffererFactory(status=OffererStatus.PENDING))
        EventOfferFactory(venue=pending, name="Structure en attente", with_stock=True)
        assert found() == ["Visible"]
        assert found(text="Structure") == []


class TestItems:
    def test_next_date_and_lowest_price_come_from_bookable_stocks_only(self, paris):
        offer = EventOfferFactory(
            venue=paris,
            name="Concert",
            is_duo=True,
            with_stock=True,
            stock__price_cents=2000,
            stock__beginning_datetime=in_days(9),
        )
        StockFactory(offer=offer, price_cents=500, beginning_datetime=in_days(5), quantity=1, booked_quantity=1)
        StockFactory(offer=offer, price_cents=100, beginning_datetime=in_days(3), is_soft_deleted=True)
        StockFactory(offer=offer, price_cents=1500, beginning_datetime=in_days(20))
        (item,) = search_catalogue().items
        assert item.min_price_cents == 1500
        assert item.next_beginning == Stock.objects.get(offer=offer, price_cents=2000).beginning_datetime
        assert item.is_duo is True
        assert item.venue == paris
        assert item.distance_km is None

    def test_a_thing_has_no_date(self, paris):
        BookFactory(venue=paris, with_stock=True, stock__price_cents=0)
        (item,) = search_catalogue().items
        assert item.next_beginning is None
        assert item.min_price_cents == 0


class TestSort:
    def test_by_distance_nearest_first_national_offers_last(self, lyon):
        EventOfferFactory(venue=VenueFactory(in_villeurbanne=True), name="Villeurbanne", with_stock=True)
        EventOfferFactory(venue=lyon, name="Lyon", with_stock=True)
        EbookFactory(offerer=OffererFactory(), name="Numérique", with_stock=True)
        assert found(latitude=LYON[0], longitude=LYON[1], sort="distance") == ["Lyon", "Villeurbanne", "Numérique"]
        # Without a text, relevance near a place is the distance too.
        assert found(latitude=LYON[0], longitude=LYON[1]) == ["Lyon", "Villeurbanne", "Numérique"]

    def test_by_date_soonest_first_things_last(self, paris):
        BookFactory(venue=paris, name="Livre", with_stock=True)
        EventOfferFactory(venue=paris, name="Dans 8 jours", with_stock=True, stock__beginning_datetime=in_days(8))
        EventOfferFactory(venue=paris, name="Dans 2 jours", with_stock=True, stock__beginning_datetime=in_days(2))
        assert found(sort="date") == ["Dans 2 jours", "Dans 8 jours", "Livre"]

    def test_by_price_lowest_first(self, paris):
        EventOfferFactory(venue=paris, name="12 €", with_stock=True, stock__price_cents=1200)
        BookFactory(venue=paris, name="Gratuit", with_stock=True, stock__price_cents=0)
        EventOfferFactory(venue=paris, name="5 €", with_stock=True, stock__price_cents=500)
        assert found(sort="price") == ["Gratuit", "5 €", "12 €"]

    def test_by_distance_without_a_place_is_by_relevance(self, paris):
        EventOfferFactory(venue=paris, name="Ancienne", with_stock=True)
        EventOfferFactory(venue=paris, name="Récente", with_stock=True)
        page = search_catalogue(sort="distance")
        assert page.sort == "relevance"
        assert [item.offer.name for item in page.items] == ["Récente", "Ancienne"]

    def test_by_relevance_a_match_in_the_name_comes_first(self, paris):
        EventOfferFactory(
            venue=paris, name="Soirée", description="Avec un invité surprise : un trompettiste de jazz", with_stock=True
        )
        EventOfferFactory(venue=paris, name="Jazz au parc", with_stock=True)
        EventOfferFactory(venue=paris, name="Autre chose", with_stock=True)
        assert found(text="jazz") == ["Jazz au parc", "Soirée"]


class TestSortNearAPlace:
    def test_by_date_merges_local_and_national_offers(self, lyon):
        EventOfferFactory(venue=lyon, name="Dans 6 jours", with_stock=True, stock__beginning_datetime=in_days(6))
        EventOfferFactory(
            venue=VenueFactory(in_villeurbanne=True),
            name="Dans 3 jours",
            with_stock=True,
            stock__beginning_datetime=in_days(3),
        )
        EventOfferFactory(venue=lyon, name="Dans 1 jour", with_stock=True, stock__beginning_datetime=in_days(1))
        EbookFactory(offerer=OffererFactory(), name="Numérique", with_stock=True)
        place = {"latitude": LYON[0], "longitude": LYON[1], "sort": "date"}
        assert found(**place) == ["Dans 1 jour", "Dans 3 jours", "Dans 6 jours", "Numérique"]

    def test_by_price_merges_local_and_national_offers(self, lyon):
        EventOfferFactory(venue=lyon, name="9 €", with_stock=True, stock__price_cents=900)
        EbookFactory(offerer=OffererFactory(), name="4 €", with_stock=True, stock__price_cents=400)
        EventOfferFactory(
            venue=VenueFactory(in_villeurbanne=True), name="Gratuit", with_stock=True, stock__price_cents=0
        )
        assert found(latitude=LYON[0], longitude=LYON[1], sort="price") == ["Gratuit", "4 €", "9 €"]

    def test_beyond_max_counted_offers_the_sort_applies_to_the_nearest(self, lyon, monkeypatch):
        monkeypatch.setattr(search, "MAX_COUNTED", 2)
        for euros in (5, 6, 7):
            EventOfferFactory(venue=lyon, name=f"{euros} € ici", with_stock=True, stock__price_cents=euros * 100)
        EventOfferFactory(
            venue=VenueFactory(at=(LYON[0] + 0.13, LYON[1])),
            name="1 € à 15 km",
            with_stock=True,
            stock__price_cents=100,
        )
        page = search_catalogue(latitude=LYON[0], longitude=LYON[1], sort="price")
        assert [item.offer.name for item in page.items] == ["5 € ici", "6 € ici", "7 € ici"]
        assert (page.total, page.total_is_capped) == (2, True)
        # Fewer offers than the cap: every one is sorted.
        assert found(latitude=LYON[0], longitude=LYON[1], radius_km=20, sort="price", text="15") == ["1 € à 15 km"]


class TestPagination:
    def test_pages_total_and_next(self, paris):
        for n in range(5):
            EventOfferFactory(venue=paris, name=f"Offre {n}", with_stock=True)
        first = search_catalogue(page_size=2)
        assert [item.offer.name for item in first.items] == ["Offre 4", "Offre 3"]
        assert (first.total, first.has_next, first.has_previous, first.num_pages) == (5, True, False, 3)
        last = search_catalogue(page_size=2, page=3)
        assert [item.offer.name for item in last.items] == ["Offre 0"]
        assert (last.has_next, last.has_previous) == (False, True)
        assert search_catalogue(page_size=2, page=9).items == []

    def test_the_total_is_capped(self, paris, monkeypatch):
        monkeypatch.setattr(search, "MAX_COUNTED", 3)
        for n in range(5):
            EventOfferFactory(venue=paris, name=f"Offre {n}", with_stock=True)
        page = search_catalogue(page_size=2)
        assert (page.total, page.total_is_capped, page.has_next) == (3, True, True)

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"text": "Offre"},
            {"text": "Offre", "sort": "price"},
            {"latitude": PARIS[0], "longitude": PARIS[1]},
            {"text": "Offre", "latitude": PARIS[0], "longitude": PARIS[1], "sort": "date"},
        ],
    )
    def test_the_number_of_queries_is_bounded(self, paris, kwargs):
        def queries(offers: int) -> int:
            for n in range(offers):
                EventOfferFactory(venue=paris, name=f"Offre {n}", with_stock=True)
            with CaptureQueriesContext(connection) as captured:
                page = search_catalogue(page_size=25, **kwargs)
                assert [item.venue.display_name for item in page.items]  # venues come with the offers
            return len(captured)

        # A handful of queries, never one per offer: a few per search, and two per ring around a place at most.
        bound = 8 + 2 * len(search.RING_FRACTIONS)
        assert queries(3) <= bound and queries(30) <= bound


# --- Property: the catalogue never shows an unbookable offer, and shows every bookable one -----------------------

NOW = timezone.now()

STOCK_KINDS = st.sampled_from(["future", "limited", "sold_out", "past_limit", "started", "deleted"])
OFFER_SPECS = st.fixed_dictionaries(
    {
        "validation": st.sampled_from(list(OfferValidation)),
        "is_active": st.booleans(),
        "offerer_status": st.sampled_from(list(OffererStatus)),
        "is_event": st.booleans(),
        "is_national": st.booleans(),
        "stocks": st.lists(STOCK_KINDS, max_size=3),
    }
)


def _stock_fields(kind: str, is_event: bool) -> dict:
    hour = datetime.timedelta(hours=1)
    beginning = NOW + 48 * hour if is_event else None
    fields = {"beginning_datetime": beginning, "price_cents": 700}
    if kind == "limited":
        fields.update(quantity=5, booked_quantity=4)
    elif kind == "sold_out":
        fields.update(quantity=2, booked_quantity=2)
    elif kind == "past_limit":
        fields.update(booking_limit_datetime=NOW - hour)
    elif kind == "started" and is_event:
        fields.update(beginning_datetime=NOW - hour, booking_limit_datetime=NOW - 2 * hour)
    elif kind == "started":
        fields.update(booking_limit_datetime=NOW)  # a thing cannot start; its limit is now, hence past
    elif kind == "deleted":
        fields.update(is_soft_deleted=True)
    return fields


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    specs=st.lists(OFFER_SPECS, min_size=1, max_size=5),
    with_place=st.booleans(),
    sort=st.sampled_from(search.SORTS),
)
def test_the_catalogue_never_shows_an_unbookable_offer(db, specs, with_place, sort):
    with transaction.atomic():  # a savepoint per example, rolled back below
        expected = set()
        for spec in specs:
            venue = VenueFactory(in_paris=True, offerer=OffererFactory(status=spec["offerer_status"]))
            offer = OfferFactory(
                venue=venue,
                subcategory_id="CONCERT" if spec["is_event"] else "LIVRE_PAPIER",
                validation=spec["validation"],
                is_active=spec["is_active"],
                is_national=spec["is_national"],
            )
            stocks = [StockFactory(offer=offer, **_stock_fields(kind, spec["is_event"])) for kind in spec["stocks"]]
            if (
                spec["validation"] == OfferValidation.APPROVED
                and spec["is_active"]
                and spec["offerer_status"] == OffererStatus.VALIDATED
                and any(rules.is_stock_bookable(stock, NOW) for stock in stocks)
            ):
                expected.add(offer.pk)
        place = {"latitude": PARIS[0], "longitude": PARIS[1]} if with_place else {}
        page = search_catalogue(now=NOW, page_size=100, sort=sort, **place)
        shown = {item.offer.pk for item in page.items}
        for item in page.items:
            assert any(rules.is_stock_bookable(stock, NOW) for stock in item.offer.stocks.all())
            assert item.offer.validation == OfferValidation.APPROVED and item.offer.is_active
            assert item.venue.offerer.status == OffererStatus.VALIDATED
        assert shown == expected
        assert page.total == len(expected)
        transaction.set_rollback(True)
