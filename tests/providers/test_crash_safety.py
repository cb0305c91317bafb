"""A sync killed half way and run again: nothing duplicated, nothing lost (PostgreSQL, real commits)."""

import datetime

import pytest
import respx
from django.db import connection

from passculture.connectors.stocks import StockProviderConfig
from passculture.connectors.stocks.fake import DEMO_SIRET, FakeStocksClient
from passculture.offers.models import Offer, Product, Stock
from passculture.offers.services import imports
from passculture.providers import services
from passculture.providers.models import Provider, SyncRun, SyncStatus, VenueProvider
from tests.factories.offerers import VenueFactory
from tests.providers.stock_server import StockServer, ean

CONFIG = StockProviderConfig(base_url="https://stocks.example.net", name="Titelive (Dialogue)")

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ITEMS = 2500  # three pages of 1,000
LAST_GOOD = datetime.datetime(2026, 12, 1, 3, 0, tzinfo=datetime.UTC)
SINCE = {"limit": "1000", "modifiedSince": "2026-12-01T03:00:00Z"}


class Killed(Exception):
    pass


def test_a_sync_killed_in_the_middle_of_a_page_is_resumed_after_its_last_whole_page(monkeypatch):
    Product.objects.bulk_create(
        Product(ean=ean(n), name=f"Livre {n}", subcategory_id="LIVRE_PAPIER", price_cents=1000) for n in range(ITEMS)
    )
    venue = VenueFactory(siret=DEMO_SIRET)
    link = VenueProvider.objects.create(
        venue=venue, provider=Provider.objects.get(code="titelive_stocks"), venue_id_at_provider=DEMO_SIRET,
        last_sync_at=LAST_GOOD,
    )  # fmt: skip
    real_write, calls = imports.ImportRun._write, []

    def write_then_die(self, new_offers, changed_offers, new_stocks, changed_stocks):
        calls.append(1)
        if len(calls) == 2:  # the second page: its offers are inserted, then the process dies before its stocks
            real_write(self, new_offers, changed_offers, [], changed_stocks)
            raise Killed
        real_write(self, new_offers, changed_offers, new_stocks, changed_stocks)

    with respx.mock(assert_all_mocked=True) as router:
        server = StockServer(router, monkeypatch, DEMO_SIRET, [
            {"ref": ean(n), "available": 2, "price": 9.5} for n in range(ITEMS)
        ])  # fmt: skip
        monkeypatch.setattr(imports.ImportRun, "_write", write_then_die)
        with pytest.raises(Killed):
            services.sync_link(link.pk)
        assert Offer.objects.count() == Stock.objects.count() == 1000  # the first page, whole; the second, nothing
        killed = SyncRun.objects.get()
        assert (killed.status, killed.cursor) == (SyncStatus.RUNNING, ean(999))  # committed with the first page
        # The pages it asked for: the first two, then what the connector's thread had fetched ahead (at most the
        # next ones, in order; how far it got before the kill is a race).
        pages = [SINCE, {**SINCE, "after": ean(999)}, {**SINCE, "after": ean(1999)}, {**SINCE, "after": ean(2499)}]
        taken = server.taken()
        assert taken[:2] == pages[:2]
        assert taken == pages[: len(taken)]
        monkeypatch.setattr(imports.ImportRun, "_write", real_write)
        SyncRun.objects.update(started_at=killed.started_at - services.STALE_RUN)  # the killed run is stale
        killed.refresh_from_db()

        report = services.sync_link(link.pk)

        # The pages before the cursor are not fetched again; the page being written when killed is, whole.
        assert server.taken() == [{**SINCE, "after": ean(999)}, {**SINCE, "after": ean(1999)},
                                  {**SINCE, "after": ean(2499)}]  # fmt: skip
    assert (report.created, report.unchanged) == (ITEMS - 1000, 0)
    assert Offer.objects.count() == Stock.objects.count() == ITEMS
    assert Offer.objects.values("id_at_provider").distinct().count() == ITEMS
    assert set(Stock.objects.values_list("quantity", flat=True)) == {2}
    killed.refresh_from_db()
    resumed = SyncRun.objects.exclude(pk=killed.pk).get()
    assert (killed.status, killed.message) == (SyncStatus.FAILED, "Interrompue : reprise.")
    assert (resumed.status, resumed.resumed_from, resumed.modified_since) == (SyncStatus.SUCCESS, killed, LAST_GOOD)
    assert (resumed.created, resumed.unchanged, resumed.cursor) == (ITEMS - 1000, 0, ean(ITEMS - 1))
    link.refresh_from_db()
    assert link.last_sync_at == killed.started_at


def test_a_run_killed_before_its_first_page_was_written_starts_again_at_the_first_page(monkeypatch):
    Product.objects.bulk_create(
        Product(ean=ean(n), name=f"Livre {n}", subcategory_id="LIVRE_PAPIER", price_cents=1000) for n in range(3)
    )
    link = VenueProvider.objects.create(
        venue=VenueFactory(siret=DEMO_SIRET), provider=Provider.objects.get(code="titelive_stocks"),
        venue_id_at_provider=DEMO_SIRET, last_sync_at=LAST_GOOD,
    )  # fmt: skip
    real_write = imports.ImportRun._write

    def die(self, *args):
        raise Killed

    with respx.mock(assert_all_mocked=True) as router:
        server = StockServer(router, monkeypatch, DEMO_SIRET, [{"ref": ean(n), "available": 1} for n in range(3)])
        monkeypatch.setattr(imports.ImportRun, "_write", die)
        with pytest.raises(Killed):
            services.sync_link(link.pk)
        monkeypatch.setattr(imports.ImportRun, "_write", real_write)
        SyncRun.objects.update(started_at=SyncRun.objects.get().started_at - services.STALE_RUN)
        server.taken()

        services.sync_link(link.pk)

        assert server.taken() == [SINCE, {**SINCE, "after": ean(2)}]
    assert Offer.objects.count() == Stock.objects.count() == 3
    assert SyncRun.objects.get(status=SyncStatus.SUCCESS).resumed_from is None


def test_a_batch_commits_without_waiting_for_the_disk_the_run_end_durably(monkeypatch):
    """A database crash may lose the last batches, whole with their counts (the next run redoes them); the end of
    the run, which moves last_sync_at, is committed normally and makes every batch before it durable."""
    Product.objects.create(ean=ean(1), name="Livre 1", subcategory_id="LIVRE_PAPIER", price_cents=1000)
    stock = [{"ref": ean(1), "available": 2, "price": 9.5}]
    monkeypatch.setattr(services, "stocks_client", lambda provider: FakeStocksClient(CONFIG, {DEMO_SIRET: stock}))
    link = VenueProvider.objects.create(
        venue=VenueFactory(siret=DEMO_SIRET), provider=Provider.objects.get(code="titelive_stocks"),
        venue_id_at_provider=DEMO_SIRET,
    )  # fmt: skip
    real_add, real_finish, seen = imports.ImportRun.add, imports.ImportRun.finish, []

    def setting() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    def add(self, lines):
        seen.append(("batch", setting()))
        return real_add(self, lines)

    def finish(self):
        seen.append(("end", setting()))
        return real_finish(self)

    monkeypatch.setattr(imports.ImportRun, "add", add)
    monkeypatch.setattr(imports.ImportRun, "finish", finish)

    assert services.sync_link(link.pk).created == 1
    assert seen == [("batch", "off"), ("end", "on")]
    assert setting() == "on"
