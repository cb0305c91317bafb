"""Syncs of linked venues and of the book catalogue, against the fakes (providers/services.py)."""

import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from passculture.connectors.allocine.fake import DEMO_THEATER_ID, UNAVAILABLE_THEATER_ID, UNKNOWN_THEATER_ID
from passculture.connectors.stocks import fake as stocks_fake
from passculture.core.models import AuditLogEntry
from passculture.offers import selectors as offer_selectors
from passculture.offers.models import Offer, Product, Stock
from passculture.providers import errors, services
from passculture.providers.models import Provider, SyncProblem, SyncRun, VenueProvider
from tests.factories.offerers import VenueFactory

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
