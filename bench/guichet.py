"""Benchmark of the countermark API (``/v2/bookings/…``): check + validate at 50 concurrent desks.

    uv run python bench/guichet.py [--workers 4] [--desks 50] [--bookings 2000]

In its own database ``passculture_bench_guichet`` (dropped and recreated on the PostgreSQL server of DATABASE_URL,
default ``postgresql://postgres@127.0.0.1:5432/postgres``): ``passculture migrate``, ``passculture demo``,
``passculture demo --beneficiaries N``, then one paper-book offer (1 €, unlimited) on the demo structure's bookshop
and N + 1 bookings of it (one per beneficiary, written directly in the database with the deposit debited and the
stock's booked quantity raised), whose cancellation window is over, and an API key of the demo structure
(``passculture.offerers.apikeys.apikey_create``). Then ``passculture serve --no-jobs``:

- ``--desks`` desks, each taking the next unused countermark: ``GET /v2/bookings/token/{t}`` (check) then
  ``PATCH /v2/bookings/use/token/{t}`` (validate); p50/p99 of each operation and of the pair, pairs per second;
- contention: 10 desks racing to validate the same countermark: exactly one 204, nine 410;
- the database must agree: every booking USED, with exactly one ``booking.used`` audit entry.

The API's per-key rate limit (``PUBLIC_API_THROTTLE_MAX_PER_KEY``, 600 requests per 60 s, which the settings module
does not read from the environment) is raised to 1,000,000 for the server through a settings module that imports
``passculture.settings`` and applies overrides (``bench/_common.py``, ``BENCH_SETTINGS_JSON``).

Prints ONE JSON line; exits 1 if an invariant is broken.
"""

import argparse
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    Server,
    bench_env,
    emit,
    fresh_redis,
    load_average,
    log,
    percentile,
    recreate_database,
    run_clients,
    run_django,
    run_passculture,
)

DATABASE = "passculture_bench_guichet"
RACERS = 10
PRICE_CENTS = 100
THROTTLE = 1_000_000

SETUP = """
import datetime
from django.db.models import F
from django.utils import timezone
from passculture.accounts.models import User
from passculture.beneficiaries.models import Deposit
from passculture.bookings import rules
from passculture.bookings.models import Booking, BookingStatus
from passculture.offerers.apikeys import apikey_create
from passculture.offerers.models import Offerer, Venue
from passculture.offers.categories import Cap
from passculture.offers.models import Offer, OfferValidation, Stock

N, PRICE = {count}, {price}
offerer = Offerer.objects.get(siren="123456782")
venue = Venue.objects.get(offerer=offerer, siret="12345678200028")  # the bookshop
now = timezone.now()
offer = Offer.objects.create(
    venue=venue, subcategory_id="LIVRE_PAPIER", name="Livre du guichet", validation=OfferValidation.APPROVED,
    validated_at=now, is_active=True, extra_data={{"ean": "9782070612758", "author": "Banc d'essai"}},
)
stock = Stock.objects.create(offer=offer, price_cents=PRICE, quantity=None)
emails = [f"jeune{{n}}@example.org" for n in range(1, N + 1)]
users = list(User.objects.filter(email__in=emails).order_by("pk"))
deposits = {{d.user_id: d for d in Deposit.objects.filter(user__in=users, expires_at__gt=now)}}
tokens = set()
while len(tokens) < N:
    tokens.add(rules.generate_token())
booked_at = now - datetime.timedelta(days=3)  # its cancellation window (48 h for a thing) is over
Booking.objects.bulk_create(
    [
        Booking(user=user, deposit=deposits[user.pk], stock=stock, offer=offer, token=token, quantity=1,
                unit_price_cents=PRICE, cap=Cap.PHYSICAL, status=BookingStatus.CONFIRMED,
                cancellation_limit_datetime=booked_at + datetime.timedelta(hours=48),
                expiration_datetime=now + datetime.timedelta(days=27))
        for user, token in zip(users, sorted(tokens))
    ],
    batch_size=1000,
)
Booking.objects.filter(stock=stock).update(created_at=booked_at)
Stock.objects.filter(pk=stock.pk).update(booked_quantity=N)
Deposit.objects.filter(pk__in=[d.pk for d in deposits.values()]).update(
    spent_cents=F("spent_cents") + PRICE, physical_spent_cents=F("physical_spent_cents") + PRICE
)
key, clear = apikey_create(offerer, "CLI", label="banc d'essai guichet")
RESULT = {{"tokens": sorted(tokens), "key": clear, "stock": stock.pk}}
"""

VERIFY = """
from django.db.models import Count
from passculture.bookings.models import Booking, BookingStatus, UsedBy
from passculture.core.models import AuditLogEntry

bookings = Booking.objects.filter(stock_id={stock})
ids = [str(pk) for pk in bookings.values_list("pk", flat=True)]
used_entries = (
    AuditLogEntry.objects.filter(action="booking.used", target_id__in=ids).values("target_id").annotate(n=Count("id"))
)
per_booking = [row["n"] for row in used_entries]
RESULT = {{
    "bookings": bookings.count(),
    "used": bookings.filter(status=BookingStatus.USED, used_at__isnull=False, used_by=UsedBy.API).count(),
    "audited_once": sum(1 for n in per_booking if n == 1),
    "audited_more": sum(1 for n in per_booking if n > 1),
}}
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers of passculture serve (4 threads each)")
    parser.add_argument("--desks", type=int, default=50)
    parser.add_argument("--bookings", type=int, default=2000, help="countermarks validated by the desks")
    parser.add_argument("--max-seconds", type=float, default=120.0, help="deadline of the desks' run")
    parser.add_argument("--conn-max-age", type=int, default=None, help="DATABASE_CONN_MAX_AGE of the server")
    parser.add_argument("--redis-url", help="REDIS_URL of the server (its cache, hence the rate limit's counter)")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    load_before = load_average()
    url = recreate_database(DATABASE)
    extra = {"DEBUG": "false"}
    if args.conn_max_age is not None:
        extra["DATABASE_CONN_MAX_AGE"] = str(args.conn_max_age)
    if args.redis_url:
        extra.update(fresh_redis(args.redis_url))
    env = bench_env(url, {"PUBLIC_API_THROTTLE_MAX_PER_KEY": THROTTLE}, **extra)
    count = args.bookings + 1  # the last one is raced for
    run_passculture(["migrate", "--verbosity", "0"], env)
    run_passculture(["demo"], env)
    run_passculture(["demo", "--beneficiaries", str(count)], env)
    data = run_django(SETUP.format(count=count, price=PRICE_CENTS), env)
    tokens, auth = data["tokens"], {"Authorization": f"Bearer {data['key']}"}
    desk_tokens, raced = tokens[:-1], tokens[-1]
    lock = threading.Lock()
    checks: list[float] = []
    uses: list[float] = []

    with Server(env, args.workers, "guichet", ready_path="/v2/bookings/token/AAAAAA") as server:

        def desk(index, client, ticket):
            if ticket >= len(desk_tokens):
                return None
            token = desk_tokens[ticket]
            started = time.perf_counter()
            check = client.get(f"/v2/bookings/token/{token}", headers=auth)
            checked = time.perf_counter()
            if check.status_code != 200:
                return f"check{check.status_code}"
            use = client.patch(f"/v2/bookings/use/token/{token}", headers=auth)
            used = time.perf_counter()
            with lock:
                checks.append((checked - started) * 1000)
                uses.append((used - checked) * 1000)
            return "ok" if use.status_code == 204 else f"use{use.status_code}"

        # Warm-up without using countermarks: unknown ones (404).
        run_clients(
            server.base_url,
            args.desks,
            lambda i, c, t: c.get("/v2/bookings/token/AAAAAA", headers=auth).reason_phrase,
            max_requests=4 * args.desks,
        )
        run = run_clients(server.base_url, args.desks, desk, duration=args.max_seconds, max_requests=len(desk_tokens))
        log("desks", run["outcomes"], f"{run['seconds']:.1f} s")

        # Contention: RACERS desks validating the same countermark at once.
        import httpx

        barrier = threading.Barrier(RACERS)
        statuses: list[int] = []

        def racer() -> None:
            with httpx.Client(base_url=server.base_url, timeout=30) as client:
                barrier.wait()
                response = client.patch(f"/v2/bookings/use/token/{raced}", headers=auth)
                with lock:
                    statuses.append(response.status_code)

        threads = [threading.Thread(target=racer, daemon=True) for _ in range(RACERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        log("race", sorted(statuses))
        load_during = load_average()

    db = run_django(VERIFY.format(stock=data["stock"]), env)
    log("database", db)
    pairs = run["latencies"]
    ok = run["outcomes"].get("ok", 0)
    figures = {
        "desks": args.desks,
        "pairs": ok,
        "pairs_per_s": round(ok / run["seconds"], 1),
        "ops_per_s": round(2 * ok / run["seconds"], 1),
        "check_p50_ms": round(percentile(checks, 0.50), 1),
        "check_p99_ms": round(percentile(checks, 0.99), 1),
        "use_p50_ms": round(percentile(uses, 0.50), 1),
        "use_p99_ms": round(percentile(uses, 0.99), 1),
        "pair_p50_ms": round(percentile(pairs, 0.50), 1),
        "pair_p99_ms": round(percentile(pairs, 0.99), 1),
        "outcomes": run["outcomes"],
        "race_204": statuses.count(204),
        "race_410": statuses.count(410),
        "used_in_db": db["used"],
        "audited_used_once": db["audited_once"],
        "workers": args.workers,
        "threads_per_worker": 4,
        "conn_max_age": args.conn_max_age or 0,
        "throttle_max_per_key": THROTTLE,
        "cache": "redis" if args.redis_url else "database",
        "load_average_1m_before": load_before,
        "load_average_1m_during": load_during,
    }
    emit(figures)

    broken = []
    if ok != len(desk_tokens):
        broken.append(f"desks: {ok} of {len(desk_tokens)} validated ({run['outcomes']})")
    if statuses.count(204) != 1 or statuses.count(410) != RACERS - 1:
        broken.append(f"race: {sorted(statuses)}")
    if db["bookings"] != count or db["used"] != count or db["audited_once"] != count or db["audited_more"]:
        broken.append(f"database: {db}")
    for message in broken:
        log("INVARIANT BROKEN:", message)
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
