"""Syncs of linked venues and of the book catalogue, against the fakes (providers/services.py)."""

import datetime
import zoneinfo

import factory
import pytest
import respx
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from passculture.connectors.allocine.fake import DEMO_THEATER_ID, UNAVAILABLE_THEATER_ID, UNKNOWN_THEATER_ID
from passculture.connectors.stocks import fake as stocks_fake
from passculture.connectors.stocks.polling import format_modified_since
from passculture.core.models import AuditLogEntry
from passculture.offers import selectors as offer_selectors
from passculture.offers.models import Offer, Product, Stock
from passculture.providers import errors, services
from passculture.providers.models import Provider, SyncProblem, SyncRun, VenueProvider
from tests.factories.offerers import VenueFactory
from tests.factories.offers import ProductFactory
from tests.html import visible_text
from tests.providers.stock_server import StockServer, ean

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    services.sync_catalogue("titelive")


@pytest.fixture
def cinema(db):
    return VenueFactory(name="Cinéma Démo", venue_type="MOVIE")


@pytest.fixture
def bookshop(db):
    return VenueFactory(name="Librairie Démo Lyon", in_lyon=True, timezone="Europe/Paris")


def allocine_request(venue, theater=DEMO_THEATER_ID, price=500, duo=True):
    return services.LinkRequest(venue, Provider.objects.get(code="allocine"), theater, price_cents=price, is_duo=duo)


def stocks_request(venue, siret=stocks_fake.DEMO_SIRET):
    return services.LinkRequest(venue, Provider.objects.get(code="titelive_stocks"), siret)


def test_the_catalogue_sample_becomes_products_and_resumes_after_its_file(catalogue):
    assert Product.objects.filter(ean=stocks_fake.LE_PETIT_PRINCE, is_eligible=True).exists()
    assert not Product.objects.get(ean=stocks_fake.SCHOOL_BOOK).is_eligible
    run = SyncRun.objects.get()
    assert (run.status, run.created > 0) == ("SUCCESS", True)

    again = services.sync_catalogue("titelive")

    assert again.counts()["created"] == 0 and again.unchanged == 0  # the file is not read twice
    assert Provider.objects.get(code="titelive").cursor


def test_a_cinema_links_allocine_and_gets_its_standard_showings(
    cinema, pro, catalogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        link = services.link_venue(allocine_request(cinema), pro)  # the sync runs right after (a task)

    run = SyncRun.objects.get(venue=cinema)
    assert run.status == "SUCCESS" and run.created > 0 and run.refused > 0
    offers = Offer.objects.filter(venue=cinema)
    assert offers and all(o.is_duo and o.validation == "APPROVED" for o in offers)
    assert all(o.name.endswith((" - VF", " - VO")) for o in offers)
    assert set(Stock.objects.filter(offer__venue=cinema).values_list("price_cents", flat=True)) == {500}
    codes = set(SyncProblem.objects.filter(run=run).values_list("code", flat=True))
    assert {"special_screening", "special_event"} <= codes
    link.refresh_from_db()
    assert link.last_sync_at is not None
    assert AuditLogEntry.objects.filter(action="offers.imported", actor_label="Fournisseur Allociné").count() == 1
    assert offers.first() in offer_selectors.visible_offers()


def test_the_demo_showings_with_an_experience_are_refused_as_special_screenings(cinema, pro):
    services.sync_link(services.link_venue(allocine_request(cinema), pro).pk)

    dune = SyncProblem.objects.filter(code="special_screening", item__startswith="Dune")
    # IMAX, DIGITAL + F_3D, and the experiences ["DOLBY_CINEMA"], "E_4DX" (one value) and ["DOLBY_ATMOS"]
    assert dune.count() == 5
    starts = {
        timezone.localtime(start, zoneinfo.ZoneInfo(cinema.timezone)).strftime("%H:%M")
        for start in Stock.objects.filter(offer__name__startswith="Dune").values_list("beginning_datetime", flat=True)
    }
    assert starts == {"20:30", "18:00"}  # the two standard showings only


def test_the_preview_writes_nothing(cinema):
    report = services.preview(allocine_request(cinema))

    assert report.created > 0 and report.refused > 0
    assert not Offer.objects.exists() and not VenueProvider.objects.exists() and not SyncRun.objects.exists()


def test_a_venue_unknown_to_the_provider_is_refused_before_linking(cinema, pro):
    with pytest.raises(errors.ProviderCheckFailed) as refusal:
        services.link_venue(allocine_request(cinema, theater=UNKNOWN_THEATER_ID), pro)
    assert "Allociné ne connaît pas ce cinéma" in refusal.value.message
    assert not VenueProvider.objects.exists()


def test_a_provider_down_gives_a_failed_run_and_nothing_half_imported(cinema, pro):
    link = VenueProvider.objects.create(
        venue=cinema, provider=Provider.objects.get(code="allocine"), venue_id_at_provider=UNAVAILABLE_THEATER_ID,
        price_cents=500,
    )  # fmt: skip

    services.sync_link(link.pk)

    run = SyncRun.objects.get()
    assert run.status == "FAILED" and "indisponible" in run.message.lower()
    assert not Offer.objects.exists()
    link.refresh_from_db()
    assert link.last_sync_at is None


def test_a_bookshop_imports_its_stock_software(bookshop, pro, catalogue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.link_venue(stocks_request(bookshop), pro)

    run = SyncRun.objects.get(venue=bookshop)
    problems = dict(SyncProblem.objects.filter(run=run).values_list("code", "message"))
    assert {"school_book", "unknown_product", "invalid_ean", "negative_available"} <= set(problems)
    eans = set(Offer.objects.filter(venue=bookshop).values_list("product__ean", flat=True))
    assert stocks_fake.LE_PETIT_PRINCE in eans and stocks_fake.SCHOOL_BOOK not in eans
    assert stocks_fake.GERMINAL not in eans  # available 0: not created
    nineteen = Stock.objects.get(offer__venue=bookshop, offer__product__ean=stocks_fake.NINETEEN_EIGHTY_FOUR)
    assert nineteen.price_cents == Product.objects.get(ean=stocks_fake.NINETEEN_EIGHTY_FOUR).price_cents


def test_a_paused_link_is_not_synced(bookshop, pro, catalogue):
    link = services.link_venue(stocks_request(bookshop), pro)  # its first sync waits for the commit: never here
    services.link_set_active(link.pk, pro, False)
    before = SyncRun.objects.count()

    call_command("sync", provider="titelive_stocks", verbosity=0)

    assert SyncRun.objects.count() == before
    with pytest.raises(errors.LinkPaused):
        services.sync_link(link.pk)


def test_the_sync_command_dry_run_changes_nothing(cinema, catalogue):
    VenueProvider.objects.create(
        venue=cinema, provider=Provider.objects.get(code="allocine"), venue_id_at_provider=DEMO_THEATER_ID,
        price_cents=700,
    )  # fmt: skip
    call_command("sync", provider="allocine", dry_run=True, verbosity=0)
    assert not Offer.objects.exists()

    call_command("sync", provider="allocine", verbosity=0)
    assert Offer.objects.filter(venue=cinema).exists()


def test_a_second_link_of_the_same_venue_is_refused(bookshop, pro, catalogue):
    services.link_venue(stocks_request(bookshop), pro)
    with pytest.raises(errors.VenueAlreadyLinked):
        services.link_venue(allocine_request(bookshop), pro)


class TestResumedStockRuns:
    """A stock-software run that failed half way is resumed by the next one: after its cursor, same modifiedSince."""

    LAST_GOOD = datetime.datetime(2026, 12, 1, 3, 0, tzinfo=datetime.UTC)

    @pytest.fixture
    def bookshop(self, offerer):
        return VenueFactory(offerer=offerer, name="Librairie Démo Lyon", in_lyon=True, timezone="Europe/Paris")

    @pytest.fixture
    def server(self, bookshop, monkeypatch):
        ProductFactory.create_batch(5, ean=factory.Iterator([ean(n) for n in range(5)]), price_cents=1000)
        items = [{"ref": ean(n), "available": 3, "price": 9.5} for n in range(5)]
        with respx.mock(assert_all_mocked=True) as router:
            yield StockServer(router, monkeypatch, stocks_fake.DEMO_SIRET, items, page_size=2)

    @pytest.fixture
    def link(self, bookshop, server):
        return VenueProvider.objects.create(
            venue=bookshop, provider=Provider.objects.get(code="titelive_stocks"),
            venue_id_at_provider=stocks_fake.DEMO_SIRET, last_sync_at=self.LAST_GOOD,
        )  # fmt: skip

    def test_a_provider_error_then_the_next_runs_resume_where_the_last_stopped(self, link, server):
        since = {"limit": "2", "modifiedSince": "2026-12-01T03:00:00Z"}
        server.fail_once(ean(1))  # the second page
        services.sync_link(link.pk)

        first = SyncRun.objects.get()
        assert (first.status, first.cursor, first.modified_since) == ("FAILED", ean(1), self.LAST_GOOD)
        assert "indisponible" in first.message.lower()
        assert server.taken() == [since, {**since, "after": ean(1)}]
        assert Offer.objects.count() == 2

        server.fail_once(ean(3))  # the run resuming it fails too, on the third page
        services.sync_link(link.pk)

        second = SyncRun.objects.exclude(pk=first.pk).get()
        assert server.taken() == [{**since, "after": ean(1)}, {**since, "after": ean(3)}]  # not the first page
        assert (second.status, second.cursor, second.resumed_from) == ("FAILED", ean(3), first)
        assert second.modified_since == self.LAST_GOOD

        report = services.sync_link(link.pk)

        third = SyncRun.objects.exclude(pk__in=[first.pk, second.pk]).get()
        assert server.taken() == [{**since, "after": ean(3)}, {**since, "after": ean(4)}]
        assert (third.status, third.resumed_from, third.modified_since) == ("SUCCESS", second, self.LAST_GOOD)
        assert (first.created, second.created, third.created, report.unchanged) == (2, 2, 1, 0)
        assert Offer.objects.count() == Stock.objects.count() == 5
        assert Offer.objects.values("id_at_provider").distinct().count() == 5
        link.refresh_from_db()
        assert link.last_sync_at == first.started_at  # what changed in the pages read by the first run is asked again

        services.sync_link(link.pk)  # a run after a good one starts at the first page

        assert server.taken()[0] == {"limit": "2", "modifiedSince": format_modified_since(first.started_at)}
        assert SyncRun.objects.order_by("-started_at", "-pk").first().resumed_from is None

    def test_a_run_failed_on_its_first_page_is_not_resumed(self, link, server):
        server.fail_once("", 500)
        services.sync_link(link.pk)

        services.sync_link(link.pk)

        assert [request.get("after") for request in server.taken()] == [None, None, ean(1), ean(3), ean(4)]
        assert not SyncRun.objects.filter(resumed_from__isnull=False).exists()

    def test_the_pages_say_the_run_resumed(self, link, server, client, pro, staff):
        server.fail_once(ean(1))
        services.sync_link(link.pk)
        services.sync_link(link.pk)
        first, second = SyncRun.objects.order_by("started_at", "pk")
        when = timezone.localtime(first.started_at, zoneinfo.ZoneInfo(link.venue.timezone)).strftime("%d/%m/%Y")
        resumed = f"Reprise après l'interruption du {when}"

        client.force_login(pro)
        assert resumed in visible_text(client.get(reverse("pro:venue-sync", args=[link.venue.pk])))
        assert resumed in visible_text(client.get(reverse("pro:sync-run", args=[second.pk])))
        assert "Reprise après" not in visible_text(client.get(reverse("pro:sync-run", args=[first.pk])))
        client.force_login(staff)
        assert resumed in visible_text(client.get(reverse("backoffice:sync-runs")))
        assert resumed in visible_text(client.get(reverse("backoffice:sync-run", args=[second.pk])))
