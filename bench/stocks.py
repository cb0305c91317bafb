"""Benchmark of a bookstore's stock sync: N stock lines served over HTTP, through the real connector and import path.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres uv run python bench/stocks.py [--lines 1000000]

In its own database ``passculture_bench_stocks`` (dropped and recreated on the server of DATABASE_URL): migrations,
then ``--lines`` catalogue products (eligible books, loaded with COPY: setup, not timed) and a venue linked to a stock
software whose base URL is a local HTTP server (a thread of this process) serving the venue's stock in pages of
1,000 items (``limit`` / ``after``, as the protocol says), each item an EAN of the catalogue with a quantity and a
price in euros. Then, timed, with the real ``HttpStocksClient`` (``STOCKS_BACKEND``):

- ``first``: the first sync (every line creates an offer and its stock): lines/s end to end (HTTP, JSON, parsing,
  eligibility checks, database);
- ``import_batches_s``: the time spent in the import path (reads, checks, writes of the batches), of which
  ``db_stage_s`` in its database writes (inserts, staged updates), against ``raw_copy_s``: a raw ``COPY`` of the
  same lines (ean, available, price) into a bare table, in the same run, and against ``indexed_insert_s``: the synced
  offers and stocks inserted again (``INSERT … SELECT``, server-side) into empty copies of their tables with the same
  indexes (the two full-text search indexes of the offers among them), the cost of the indexes alone;
- ``resync``: the same stock served again, unchanged: its time as a fraction of the first (nothing is written);
- ``peak_rss_mb``: the peak resident memory of the process (lines are streamed page by page).

Prints ONE JSON line.
"""

import argparse
import json
import os
import resource
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

DATABASE = "passculture_bench_stocks"
SIRET = "12345678200028"
PAGE = 1000


def ean(number: int) -> str:
    body = f"978{number:09d}"
    total = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(body))
    return body + str(-total % 10)


def log(*message) -> None:
    print(*message, file=sys.stderr, flush=True)


def configure_database() -> None:
    import psycopg

    url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgresql://… (the bench uses its own database on that server).")
    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{DATABASE}"))


class Stock:
    """The venue's stock, sorted by ref (the EAN of line n), computed page by page: nothing held in memory."""

    def __init__(self, lines: int) -> None:
        self.lines = lines

    def page(self, after: str, limit: int) -> bytes:
        start = int(after[3:12]) + 1 if after else 0
        items = [
            {"ref": ean(index), "available": 1 + index % 7, "price": round(5 + (index % 40) * 0.5, 2)}
            for index in range(start, min(start + limit, self.lines))
        ]
        return json.dumps({"stocks": items}).encode()


def serve(stock: Stock) -> str:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            query = parse_qs(urlsplit(self.path).query)
            body = stock.page(query.get("after", [""])[0], int(query.get("limit", [PAGE])[0]))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def load_products(lines: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        columns = "ean, name, subcategory_id, author, performer, publisher, description, price_cents, extra_data, "
        columns += "is_eligible, ineligibility_reason, updated_at, csr_code, clil_code, is_school, support_code"
        with cursor.cursor.copy(f"COPY offers_product ({columns}) FROM STDIN") as copy:
            for n in range(lines):
                copy.write_row((ean(n), f"Livre {n}", "LIVRE_PAPIER", "Auteur", "", "Éditeur", "", 900, "{}", True, "",
                                "2026-01-01T00:00:00Z", "", "", False, "P"))  # fmt: skip
        cursor.execute("ANALYZE offers_product")


def raw_copy(stock: Stock) -> float:
    """A raw COPY of the same lines (ean, available, price) into a bare table: the floor of the database stage."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE UNLOGGED TABLE IF NOT EXISTS bench_raw_stock (ean text, available int, price int)")
        cursor.execute("TRUNCATE bench_raw_stock")
        started = time.perf_counter()
        with cursor.cursor.copy("COPY bench_raw_stock (ean, available, price) FROM STDIN") as copy:
            for index in range(stock.lines):
                copy.write_row((ean(index), 1 + index % 7, 500 + (index % 40) * 50))
        return time.perf_counter() - started


def indexed_insert() -> float:
    """The synced offers and stocks inserted again into empty copies of their tables with the same indexes (the two
    full-text search indexes of the offers included; no foreign keys), server-side: the floor of the database stage
    that the application's own indexes set, which a bare table does not show."""
    from django.db import connection

    with connection.cursor() as cursor:
        started = time.perf_counter()
        for table in ("offers_offer", "offers_stock"):
            cursor.execute(f"CREATE TABLE bench_{table} (LIKE {table} INCLUDING ALL)")
            cursor.execute(f"INSERT INTO bench_{table} SELECT * FROM {table}")
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_offers_offer, bench_offers_stock")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args()
    configure_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passculture.settings")
    os.environ["STOCKS_BACKEND"] = "passculture.connectors.stocks.http.HttpStocksClient"
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)
    from django.core.management import call_command

    from passculture.offerers.models import Offerer, Venue
    from passculture.offers.models import Stock as StockRow
    from passculture.offers.services import imports
    from passculture.providers import services
    from passculture.providers.models import Provider, VenueProvider

    log("migrating…")
    call_command("migrate", verbosity=0)
    log(f"loading {args.lines} products…")
    load_products(args.lines)
    stock = Stock(args.lines)
    url = serve(stock)
    offerer = Offerer.objects.create(siren="123456782", name="Librairie Bench", status="VALIDATED")
    venue = Venue.objects.create(offerer=offerer, siret=SIRET, name="Librairie Bench", city="Lyon",
                                 postal_code="69002", department_code="69")  # fmt: skip
    provider = Provider.objects.get(code="titelive_stocks")
    Provider.objects.filter(pk=provider.pk).update(base_url=url)
    link = VenueProvider.objects.create(venue=venue, provider=provider, venue_id_at_provider=SIRET)

    seconds = {"batch": 0.0, "write": 0.0}
    real_batch, real_write = imports.ImportRun._batch, imports.ImportRun._write

    def timed(name, real):
        def wrapper(self, *args):
            started = time.perf_counter()
            try:
                return real(self, *args)
            finally:
                seconds[name] += time.perf_counter() - started

        return wrapper

    imports.ImportRun._batch = timed("batch", real_batch)
    imports.ImportRun._write = timed("write", real_write)
    log("first sync…")
    started = time.perf_counter()
    first = services.sync_link(link.pk)
    first_s = time.perf_counter() - started
    first_batch, first_write = seconds["batch"], seconds["write"]
    assert first.created == args.lines, first.counts()
    assert StockRow.objects.filter(offer__venue=venue).count() == args.lines
    log("raw copy…")
    raw_s = raw_copy(stock)
    log("indexed insert…")
    indexed_s = indexed_insert()
    log("unchanged re-sync…")
    VenueProvider.objects.filter(pk=link.pk).update(last_sync_at=None)
    seconds.update(batch=0.0, write=0.0)
    started = time.perf_counter()
    again = services.sync_link(link.pk)
    resync_s = time.perf_counter() - started
    assert again.unchanged == args.lines and again.created == again.updated == 0, again.counts()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "bench": "stocks",
                "lines": args.lines,
                "first_s": round(first_s, 2),
                "first_lines_per_s": round(args.lines / first_s),
                "import_batches_s": round(first_batch, 2),
                "db_stage_s": round(first_write, 2),
                "raw_copy_s": round(raw_s, 2),
                "db_stage_vs_raw_copy": round(first_write / raw_s, 1),
                "indexed_insert_s": round(indexed_s, 2),
                "db_stage_vs_indexed_insert": round(first_write / indexed_s, 2),
                "resync_s": round(resync_s, 2),
                "resync_batches_s": round(seconds["batch"], 2),
                "resync_fraction": round(resync_s / first_s, 3),
                "peak_rss_mb": round(peak_mb),
            }
        )
    )


if __name__ == "__main__":
    main()
