"""Benchmark of the set-based pricing on the scale (docs/domain/finance.md#pricing), PostgreSQL only.

Generates N used bookings (default 1,000,000) over V venues (default 50,000, each its own pricing point) with their
ready finance events, in a dedicated database recreated at each run, then times, in the same run:

1. ``finance.services.pricing.price_events()``: every booking priced (rule, rate, revenue of the year, amount);
2. a bare window-function query computing the same cumulative sums into a new table (``CREATE TABLE … AS SELECT
   SUM() OVER (PARTITION BY pricing point, year ORDER BY value date, event)``): the floor of any set-based pricing;

3. then a payment batch of all those priced bookings (``finance.services.payments.payments_batch``: one accepted
   bank account per structure paying its venues, one transfer per account, the SEPA file built and validated against
   the XSD), timed as ``batch_s`` (``--no-batch`` to skip it);

checks the amounts of 200 random pricing points against a booking-by-booking Python computation of the guide's scale,
and prints ONE JSON line (bookings/s, both times, their ratio; targets: ≥ 100,000 bookings/s, pricing ≤ 3× the bare
query; the batch's time and its transfers).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres uv run python bench/pricing.py [--bookings 100000]

The server of DATABASE_URL is used, never its database: the bench drops and recreates ``passculture_bench_pricing``.
"""

import argparse
import datetime
import json
import os
import random
import sys
import time
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "passculture_bench_pricing"
YEAR_START = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
# (subcategory, share of bookings): paper books on their own scale, a non-reimbursed digital type, the rest general.
SUBCATEGORIES = [
    ("LIVRE_PAPIER", 35),
    ("SEANCE_CINE", 30),
    ("CONCERT", 20),
    ("SPECTACLE_REPRESENTATION", 10),
    ("VOD", 5),
]
GUIDE = {  # the guide's scale, written out again for the check: (ceiling in €, rate in %)
    "STANDARD": [(20_000, 100), (40_000, 95), (150_000, 85), (None, 70)],
    "BOOK": [(20_000, 100), (None, 95)],
    "NOT_REIMBURSED": [(None, 0)],
}


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bookings", type=int, default=1_000_000)
    parser.add_argument("--venues", type=int, default=50_000)
    parser.add_argument("--points-per-batch", type=int, default=None, help="default: the job's")
    parser.add_argument("--check-points", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--no-batch", action="store_true", help="skip the payment batch")
    return parser.parse_args()


def _log(args, *message) -> None:
    if args.verbose:
        print(*message, file=sys.stderr, flush=True)


def _configure_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL=postgresql://… (the bench uses its own database on that server).")
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres")) if parts.path.strip("/") == BENCH_DATABASE else url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


# --- Data ------------------------------------------------------------------------------------------------------------


def _insert_select(cursor, model, rows_sql: str, columns: dict[str, str], params: list) -> None:
    """``INSERT INTO model SELECT …`` from ``rows_sql`` (a FROM clause giving ``n``): ``columns`` maps columns to SQL
    expressions; every other NOT NULL column gets its Django default."""
    from django.db import connection

    names, exprs, values = [], [], []
    for field in model._meta.concrete_fields:
        column = field.column
        if field.primary_key:
            continue
        if column in columns:
            names.append(column)
            exprs.append(columns[column])
        elif not field.null:
            default = field.get_default()
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                names.append(column)
                exprs.append("now()")
            else:
                names.append(column)
                exprs.append("%s")
                values.append(field.get_db_prep_save(default, connection))
    cursor.execute(
        f"INSERT INTO {model._meta.db_table} ({', '.join(names)}) SELECT {', '.join(exprs)} FROM {rows_sql}",
        [*values, *params],
    )


def generate(args) -> None:
    from django.db import connection, transaction

    from passculture.accounts.models import User
    from passculture.bookings.models import Booking
    from passculture.finance.models import FinanceEvent
    from passculture.offerers.models import Offerer, Venue
    from passculture.offers.models import Offer, Stock

    v, n = args.venues, args.bookings
    users = max(1, -(-n // v))  # one booking per (user, offer): as many users as bookings per venue
    subcategories = []
    for subcategory, share in SUBCATEGORIES:
        subcategories += [subcategory] * share
    case = "CASE " + " ".join(f"WHEN (n %% 100) = {i} THEN '{s}'" for i, s in enumerate(subcategories)) + " END"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [(args.seed % 1000) / 1000])
        offerers = max(1, v // 10)
        _insert_select(
            cursor, Offerer, "generate_series(1, %s) AS n",
            {"siren": "lpad(n::text, 9, '0')", "name": "'Structure ' || n", "status": "'VALIDATED'"}, [offerers],
        )  # fmt: skip
        _insert_select(
            cursor, Venue, "generate_series(1, %s) AS n",
            {"offerer_id": f"(SELECT min(id) FROM {Offerer._meta.db_table}) + (n - 1) %% {int(offerers)}",
             "name": "'Lieu ' || n", "siret": "lpad(n::text, 14, '0')"}, [v],
        )  # fmt: skip
        _insert_select(
            cursor, Offer, f"(SELECT n, id AS venue_id FROM {Venue._meta.db_table}, LATERAL (SELECT id - "
            f"(SELECT min(id) FROM {Venue._meta.db_table}) AS n) k) AS venues",
            {"venue_id": "venue_id", "name": "'Offre ' || n", "subcategory_id": case, "validation": "'APPROVED'"}, [],
        )  # fmt: skip
        _insert_select(cursor, Stock, f"{Offer._meta.db_table} o", {"offer_id": "o.id", "price_cents": "1000"}, [])
        _insert_select(
            cursor, User, "generate_series(1, %s) AS n",
            {"email": "'bench' || n || '@example.org'", "first_name": "'Léa'", "last_name": "'Bench'"}, [users],
        )  # fmt: skip
        # Booking n: offer n mod V (one per venue), user n div V. A tenth of the venues sell dear (their revenue
        # crosses the bands), the others cheap; uses spread over the year.
        _insert_select(
            cursor, Booking,
            f"""(SELECT n, o.id AS offer_id, s.id AS stock_id, u.id AS user_id, o.venue_id,
                    YEAR_START + (random() * 364 * 86400) * interval '1 second' AS used_at
                FROM generate_series(0, %s - 1) AS n
                JOIN (SELECT id, venue_id, row_number() OVER (ORDER BY id) - 1 AS k FROM {Offer._meta.db_table}) o
                    ON o.k = n %% %s
                JOIN {Stock._meta.db_table} s ON s.offer_id = o.id
                JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM {User._meta.db_table}) u
                    ON u.k = n / %s) AS b""".replace("YEAR_START", "%s::timestamptz"),
            {"user_id": "user_id", "stock_id": "stock_id", "offer_id": "offer_id", "token": "lpad(to_hex(n), 6, '0')",
             "quantity": "CASE WHEN n %% 7 = 0 THEN 2 ELSE 1 END",
             "unit_price_cents": "CASE WHEN venue_id %% 10 = 0 THEN (random() * 1500000)::int "
                                 "ELSE (random() * 3000)::int END",
             "status": "'USED'", "cancellation_limit_datetime": "used_at", "used_at": "used_at",
             "used_by": "'OFFERER'", "cap": "'NONE'"},
            [YEAR_START, n, v, v],
        )  # fmt: skip
        _insert_select(
            cursor, FinanceEvent,
            f"{Booking._meta.db_table} b JOIN {Offer._meta.db_table} o ON o.id = b.offer_id",
            {"booking_id": "b.id", "motive": "'BOOKING_USED'", "status": "'READY'", "venue_id": "o.venue_id",
             "pricing_point_id": "o.venue_id", "value_date": "b.used_at",
             "year": "extract(year FROM b.used_at AT TIME ZONE 'Europe/Paris')::int"}, [],
        )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def time_batch() -> tuple[float, int, int]:
    """One accepted account per structure, paying its venues since 2025; then the batch of 31/12/2026 (all the
    bookings): its time, its transfers, the size of its SEPA file."""
    from django.db import connection

    from passculture.finance.models import BankAccount, BankAccountLink
    from passculture.finance.services import payments
    from passculture.offerers.models import Offerer, Venue

    with connection.cursor() as cursor:
        _insert_select(
            cursor, BankAccount, f"{Offerer._meta.db_table} o",
            {"offerer_id": "o.id", "label": "'Compte ' || o.id", "iban": "'FR76' || lpad(o.id::text, 23, '0')",
             "bic": "'BNPAFRPP'", "status": "'ACCEPTED'", "source": "'UPLOAD'", "applicant_siret": "''",
             "dms_procedure_id": "''", "dms_dossier_id": "''", "status_changed_at": "now()", "created_at": "now()"}, [],
        )  # fmt: skip
        _insert_select(
            cursor, BankAccountLink,
            f"{Venue._meta.db_table} v JOIN {BankAccount._meta.db_table} a ON a.offerer_id = v.offerer_id",
            {"venue_id": "v.id", "bank_account_id": "a.id", "starts_at": "'2025-01-01'::timestamptz",
             "created_at": "now()"}, [],
        )  # fmt: skip
        cursor.execute("ANALYZE")
    started = time.perf_counter()
    result = payments.payments_batch(datetime.date(2026, 12, 31), "BENCH", today=datetime.date(2027, 1, 1))
    return time.perf_counter() - started, result.transfers, len(result.batch.sepa_xml)


# --- Timings ----------------------------------------------------------------------------------------------------------


def time_bare_window() -> float:
    from django.db import connection

    from passculture.bookings.models import Booking
    from passculture.finance.models import FinanceEvent

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_window")
        started = time.perf_counter()
        cursor.execute(
            f"""CREATE TABLE bench_window AS SELECT e.id, SUM(b.unit_price_cents * b.quantity) OVER (
                PARTITION BY e.pricing_point_id, e.year ORDER BY e.value_date, e.id
                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS revenue
            FROM {FinanceEvent._meta.db_table} e JOIN {Booking._meta.db_table} b ON b.id = e.booking_id"""
        )
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_window")
    return elapsed


def check(args) -> int:
    """Amounts of ``--check-points`` random pricing points against the guide's scale applied booking by booking."""
    from passculture.finance.models import FinanceEvent, Pricing
    from passculture.offers.categories import get_subcategory

    rng = random.Random(args.seed)
    points = rng.sample(range(1, args.venues + 1), min(args.check_points, args.venues))
    points = list(
        FinanceEvent.objects.filter(pricing_point_id__in=points).values_list("pricing_point_id", flat=True).distinct()
    )
    events = FinanceEvent.objects.filter(pricing_point_id__in=points).values_list(
        "id", "pricing_point_id", "year", "value_date", "booking_id", "booking__unit_price_cents",
        "booking__quantity", "booking__offer__subcategory_id",
    )  # fmt: skip
    revenue: dict = defaultdict(int)
    expected = {}
    for _event, point, year, _date, booking_id, price, quantity, subcategory in sorted(
        events, key=lambda e: (e[3], e[0])
    ):
        total = price * quantity
        revenue[(point, year)] += total
        scale = GUIDE[str(get_subcategory(subcategory).reimbursement_family)]
        rate = next(rate for ceiling, rate in scale if ceiling is None or revenue[(point, year)] <= ceiling * 100)
        expected[booking_id] = int((Decimal(total) * rate / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    priced = dict(Pricing.objects.filter(pricing_point_id__in=points).values_list("booking_id", "amount"))
    return sum(1 for booking_id, amount in expected.items() if priced.get(booking_id) != amount)


def main() -> None:
    args = _parse_args()
    _configure_database()
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passculture.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generate(args)
    _log(
        args,
        f"generated {args.bookings} used bookings over {args.venues} venues in {time.perf_counter() - started:.0f} s",
    )
    from passculture.finance.models import Pricing
    from passculture.finance.services import pricing

    bare = time_bare_window()
    _log(args, f"bare window query: {bare:.2f} s")
    started = time.perf_counter()
    counts = pricing.price_events(batch_points=args.points_per_batch or pricing.DEFAULT_BATCH_POINTS)
    priced_s = time.perf_counter() - started
    _log(args, f"priced: {counts} in {priced_s:.2f} s")
    bare_after = time_bare_window()  # once more, the cache as warm as the pricing's
    mismatches = check(args)
    figures = {
        "bookings": args.bookings,
        "venues": args.venues,
        "priced": Pricing.objects.count(),
        "pricing_s": round(priced_s, 2),
        "bookings_per_s": round(counts["priced"] / priced_s),
        "bare_window_s": round(min(bare, bare_after), 2),
        "ratio_to_bare_window": round(priced_s / min(bare, bare_after), 2),
        "points_per_batch": args.points_per_batch or pricing.DEFAULT_BATCH_POINTS,
        "checked_points": args.check_points,
        "mismatches": mismatches,
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    if not args.no_batch:
        batch_s, transfers, sepa_bytes = time_batch()
        _log(args, f"batch: {transfers} transfers in {batch_s:.2f} s")
        figures.update({"batch_s": round(batch_s, 2), "transfers": transfers, "sepa_bytes": sepa_bytes})
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
