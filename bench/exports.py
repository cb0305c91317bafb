"""Benchmark of the "Suivi des réservations" exports (CSV and XLSX) of 100,000 bookings, streamed by ``serve``.

    uv run python bench/exports.py [--bookings 100000]

In its own database ``passculture_bench_exports`` (dropped and recreated on the PostgreSQL server of DATABASE_URL,
default ``postgresql://postgres@127.0.0.1:5432/postgres``): ``passculture migrate``, ``passculture demo``,
``passculture demo --beneficiaries 2000``, then ``--bookings`` bookings (one place each) of 50 event offers of the
demo structure's cinema, written directly, and a session of ``pro@example.org``. Then:

- baseline, in a Django process on the same database: the rows read only through the ORM (the selector's queryset
  as ``.values()`` in chunks, as the export read it before), then the CSV written without HTTP by the view's own
  generator (``bookings.exports.booking_csv_chunks``): rows per second of each; and the lines the CSV must have,
  counted apart: one per place booked (a Duo booking is two lines, docs/domain/bookings.md);
- ``passculture serve --no-jobs --workers 1`` (one process to watch): ``GET /reservations/export/csv/`` and
  ``/xlsx/`` downloaded by a client that counts the bytes as they arrive and keeps none: rows per second (target
  ≥ 50,000/s for the CSV), time to the first byte, and the web worker's resident memory sampled every 20 ms during
  each download: its peak, and its growth over the worker's memory before the first export (target: flat, the peak
  under 150 MB). The CSV is a ``StreamingHttpResponse``; the XLSX is written row by row (XlsxWriter
  ``constant_memory``) to a temporary file, then sent from it.

Prints ONE JSON line; exits 1 if the CSV has not one line per place booked (over HTTP or in process).
``--bookings 2000`` is a smoke run.
"""

import argparse
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Server, bench_env, emit, load_average, log, recreate_database, run_django, run_passculture

DATABASE = "passculture_bench_exports"
USERS = 2000
OFFERS = 50
TARGET_CSV_ROWS_PER_S = 50_000
TARGET_PEAK_MB = 150

SETUP = """
import datetime
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import Client
from django.utils import timezone
from passculture.beneficiaries.models import Deposit
from passculture.bookings import rules
from passculture.bookings.models import Booking, BookingStatus
from passculture.offerers.models import Offerer, Venue
from passculture.offers.categories import Cap
from passculture.offers.models import Offer, OfferValidation, Stock

N, USERS, OFFERS = {bookings}, {users}, {offers}
offerer = Offerer.objects.get(siren="123456782")
venue = Venue.objects.filter(offerer=offerer, is_virtual=False).order_by("pk").first()
now = timezone.now()
starts = now + datetime.timedelta(days=30)
offers = Offer.objects.bulk_create(
    [
        Offer(venue=venue, subcategory_id="SPECTACLE_REPRESENTATION", name=f"Spectacle exporté n° {{i}}",
              validation=OfferValidation.APPROVED, validated_at=now, is_active=True,
              extra_data={{"show_type": "THEATRE"}})
        for i in range(OFFERS)
    ]
)
stocks = Stock.objects.bulk_create(
    [Stock(offer=offer, price_cents=100, quantity=None, beginning_datetime=starts) for offer in offers]
)
users = list(get_user_model().objects.filter(email__in=[f"jeune{{n}}@example.org" for n in range(1, USERS + 1)]))
deposits = {{d.user_id: d for d in Deposit.objects.filter(user__in=users, expires_at__gt=now)}}
drawn = set()
while len(drawn) < N:
    drawn.add(rules.generate_token())
tokens = iter(drawn)
pairs = [(stock, user) for stock in stocks for user in users][:N]
for start in range(0, len(pairs), 5000):
    Booking.objects.bulk_create(
        [
            Booking(user=user, deposit=deposits[user.pk], stock=stock, offer_id=stock.offer_id, token=next(tokens),
                    quantity=1, unit_price_cents=100, cap=Cap.PHYSICAL, status=BookingStatus.CONFIRMED,
                    cancellation_limit_datetime=now + datetime.timedelta(hours=48))
            for stock, user in pairs[start : start + 5000]
        ]
    )
client = Client()
client.force_login(get_user_model().objects.get(email="pro@example.org"))
RESULT = {{"session": client.cookies[settings.SESSION_COOKIE_NAME].value, "bookings": len(pairs)}}
"""

# The rows read through the ORM (``.values()`` of the export's columns, in chunks: what the export did before it read
# tuples), then the CSV written without HTTP by the view's own generator; and the number of lines the CSV must have,
# counted apart: one per place (a Duo booking is two lines, docs/domain/bookings.md), summed by the database over
# the bookings of the structures pro@example.org is a validated member of.
BASELINE = """
import time
from django.contrib.auth import get_user_model
from django.db.models import Sum
from passculture.bookings import exports, selectors
from passculture.bookings.models import Booking

FIELDS = (
    "offer__venue__public_name", "offer__venue__name", "offer__venue__timezone", "offer__name", "offer__extra_data",
    "user__first_name", "user__last_name", "user__email", "user__phone", "stock__beginning_datetime", "created_at",
    "used_at", "reimbursed_at", "token", "unit_price_cents", "quantity", "status", "cancellation_limit_datetime",
)
pro = get_user_model().objects.get(email="pro@example.org")
places = Booking.objects.filter(
    offer__venue__offerer__memberships__user=pro, offer__venue__offerer__memberships__status="VALIDATED"
).aggregate(places=Sum("quantity"))["places"]
started = time.perf_counter()
read = sum(1 for _ in selectors.pro_booking_list(pro).values(*FIELDS).iterator(chunk_size=exports.CHUNK_SIZE))
read_s = time.perf_counter() - started
started = time.perf_counter()
lines = sum(piece.count("\\n") for piece in exports.booking_csv_chunks(selectors.pro_booking_list(pro)))
csv_s = time.perf_counter() - started
RESULT = {{"places": places, "read_rows": read, "read_rows_per_s": round(read / read_s), "csv_rows": lines - 1,
          "csv_rows_per_s": round((lines - 1) / csv_s)}}
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=100_000)
    parser.add_argument("--conn-max-age", type=int, default=None, help="DATABASE_CONN_MAX_AGE of the server")
    return parser.parse_args()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def web_worker(server: Server) -> int:
    """The pid of the one gunicorn worker: the child of ``serve`` (its process) that is not a Celery worker."""
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            cmdline = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(server.process.pid) and b"celery" not in cmdline:
            return int(status.parent.name)
    sys.exit("no gunicorn worker under passculture serve")


def download(server: Server, path: str, cookies: dict, pid: int) -> dict:
    """Stream ``path``, counting bytes and lines, keeping none; the worker's memory sampled meanwhile."""
    import httpx

    peak, stop = [rss_mb(pid)], threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], rss_mb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    size = newlines = 0
    first_byte = None
    started = time.perf_counter()
    with (
        httpx.Client(base_url=server.base_url, cookies=cookies, timeout=600) as client,
        client.stream("GET", path) as response,
    ):
        status = response.status_code
        for chunk in response.iter_bytes():
            if first_byte is None:
                first_byte = time.perf_counter() - started
            size += len(chunk)
            newlines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    return {
        "status": status,
        "seconds": round(seconds, 2),
        "first_byte_ms": round((first_byte or seconds) * 1000, 1),
        "bytes": size,
        "lines": newlines,
        "peak_rss_mb": round(peak[0], 1),
    }


def main() -> None:
    args = parse_args()
    load_before = load_average()
    url = recreate_database(DATABASE)
    extra = {"DEBUG": "false"}
    if args.conn_max_age is not None:
        extra["DATABASE_CONN_MAX_AGE"] = str(args.conn_max_age)
    env = bench_env(url, **extra)
    run_passculture(["migrate", "--verbosity", "0"], env)
    run_passculture(["demo"], env)
    run_passculture(["demo", "--beneficiaries", str(USERS)], env)
    data = run_django(SETUP.format(bookings=args.bookings, users=USERS, offers=OFFERS), env)
    baseline = run_django(BASELINE.format(), env)
    rows = baseline["places"]  # one CSV line per place: the bench's bookings and the demo's, Duo ones included
    log("baseline", baseline)
    cookies = {"sessionid": data["session"]}

    with Server(env, 1, "exports", ready_path="/connexion/") as server:
        pid = web_worker(server)
        import httpx

        with httpx.Client(base_url=server.base_url, cookies=cookies, timeout=60) as client:
            assert client.get("/reservations/").status_code == 200  # logged in; the worker has served a page
        rss_before = round(rss_mb(pid), 1)
        csv = download(server, "/reservations/export/csv/", cookies, pid)
        log("csv", csv)
        xlsx = download(server, "/reservations/export/xlsx/", cookies, pid)
        log("xlsx", xlsx)
        load_during = load_average()

    csv_rows = csv["lines"] - 1  # the header
    csv_rate = round(csv_rows / csv["seconds"]) if csv["seconds"] else 0
    xlsx_rate = round(rows / xlsx["seconds"]) if xlsx["seconds"] else 0  # rows of the sheet, one per place
    peak = max(csv["peak_rss_mb"], xlsx["peak_rss_mb"])
    figures = {
        "bookings": data["bookings"],
        "places": rows,
        "csv_rows": csv_rows,
        "csv_rows_per_s": csv_rate,
        "csv_seconds": csv["seconds"],
        "csv_first_byte_ms": csv["first_byte_ms"],
        "csv_mb": round(csv["bytes"] / 1e6, 1),
        "csv_peak_rss_mb": csv["peak_rss_mb"],
        "xlsx_rows_per_s": xlsx_rate,
        "xlsx_seconds": xlsx["seconds"],
        "xlsx_first_byte_ms": xlsx["first_byte_ms"],
        "xlsx_mb": round(xlsx["bytes"] / 1e6, 1),
        "xlsx_peak_rss_mb": xlsx["peak_rss_mb"],
        "worker_rss_before_mb": rss_before,
        "worker_rss_growth_mb": round(peak - rss_before, 1),
        "baseline_read_rows_per_s": baseline["read_rows_per_s"],
        "baseline_csv_rows_per_s": baseline["csv_rows_per_s"],
        "csv_target_met": csv_rate >= TARGET_CSV_ROWS_PER_S,
        "memory_target_met": peak < TARGET_PEAK_MB,
        "load_average_1m_before": load_before,
        "load_average_1m_during": load_during,
    }
    emit(figures)
    broken = []
    if csv["status"] != 200 or xlsx["status"] != 200:
        broken.append(f"status: csv {csv['status']}, xlsx {xlsx['status']}")
    if csv_rows != rows or baseline["csv_rows"] != rows:
        broken.append(f"csv: {csv_rows} rows over HTTP, {baseline['csv_rows']} in process, {rows} places booked")
    for message in broken:
        log("INVARIANT BROKEN:", message)
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
