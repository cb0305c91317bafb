"""A sync killed half way and run again: nothing duplicated, nothing lost (PostgreSQL, real commits)."""

import pytest
from django.db import connection

from passculture.connectors.stocks import StockProviderConfig
from passculture.connectors.stocks.fake import DEMO_SIRET, FakeStocksClient
from passculture.offers.models import Offer, Product, Stock
from passculture.offers.services import imports
from passculture.providers import services
from passculture.providers.models import Provider, SyncRun, VenueProvider
from tests.factories.offerers import VenueFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ITEMS = 2500  # three pages of 1,000
CONFIG = StockProviderConfig(base_url="https://stocks.example.net", name="Titelive (Dialogue)")


def ean(number: int) -> str:
    body = f"978{number:09d}"
    total = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(body))
    return body + str(-total % 10)


class Killed(Exception):
    pass


def test_a_sync_killed_in_the_middle_of_a_page_then_run_again(monkeypatch):
    Product.objects.bulk_create(
        Product(ean=ean(n), name=f"Livre {n}", subcategory_id="LIVRE_PAPIER", price_cents=1000) for n in range(ITEMS)
    )
    stock = [{"ref": ean(n), "available": 2, "price": 9.5} for n in range(ITEMS)]
    monkeypatch.setattr(services, "stocks_client", lambda provider: FakeStocksClient(CONFIG, {DEMO_SIRET: stock}))
    venue = VenueFactory(siret=DEMO_SIRET)
    link = VenueProvider.objects.create(
        venue=venue, provider=Provider.objects.get(code="titelive_stocks"), venue_id_at_provider=DEMO_SIRET
    )
    real_write, calls = imports.ImportRun._write, []

    def write_then_die(self, new_offers, changed_offers, new_stocks, changed_stocks):
        calls.append(1)
        if len(calls) == 2:  # the second page: its offers are inserted, then the process dies before its stocks
            real_write(self, new_offers, changed_offers, [], changed_stocks)
            raise Killed
        real_write(self, new_offers, changed_offers, new_stocks, changed_stocks)

    monkeypatch.setattr(imports.ImportRun, "_write", write_then_die)
    with pytest.raises(Killed):
        services.sync_link(link.pk)
    assert Offer.objects.count() == Stock.objects.count() == 1000  # the first page, whole; the second, nothing
    monkeypatch.setattr(imports.ImportRun, "_write", real_write)
    SyncRun.objects.update(started_at=SyncRun.objects.get().started_at.replace(year=2000))  # the killed run is stale

    report = services.sync_link(link.pk)

    assert (report.created, report.unchanged) == (ITEMS - 1000, 1000)
    assert Offer.objects.count() == Stock.objects.count() == ITEMS
    assert Offer.objects.values("id_at_provider").distinct().count() == ITEMS
    assert set(Stock.objects.values_list("quantity", flat=True)) == {2}


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
