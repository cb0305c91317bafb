"""Benchmark of the countermark API (``/v2/bookings/…``): check + validate at 50 concurrent desks.

    uv run python bench/guichet.py [--workers 4] [--desks 50] [--bookings 2000]

In its own database ``passculture_bench_guichet`` (dropped and recreated on the PostgreSQL server of DATABASE_URL,
default ``postgresql://postgres@127.0.0.1:5432/postgres``): ``passculture migrate``, ``passculture demo``,
``passculture demo --beneficiaries N``, then one paper-book offer (1 €, unlimited) on the demo structure's bookshop
and N + 1 bookings of it (one per beneficiary, written directly in the database with the deposit debited and the
stock's booked quantity raised), whose cancellation window is over, and an API key of the demo structure
(``passculture.offerers.services.apikey_create``). Then ``passculture serve --no-jobs``:

- ``--desks`` desks, each taking the next unused countermark: ``GET /v2/bookings/token/{t}`` (check) then
  ``PATCH /v2/bookings/use/token/{t}`` (validate); p50/p99 of each operation and of the pair, pairs per second;
- contention: 10 desks racing to validate the same countermark: exactly one 204, nine 410;
- open loop: check + validate pairs arriving at a fixed Poisson rate (``--open-rate``, 20 pairs per second) for
  ``--open-duration`` seconds, each request timed (the check from the pair's scheduled arrival): p50/p99 of the
  check and of the validation (target p99 ≤ 50 ms), against a baseline measured in the same run: an unknown
  countermark checked at the same rate (authentication and rate limit only, a 404); then ``--open-steps`` rates by
  bisection below the closed loop's throughput: the highest pair rate whose p99 (check and validation) stays
  ≤ 50 ms (``_common.highest_rate``);
- the database must agree: every booking USED, with exactly one ``booking.used`` audit entry.

The API's per-key rate limit (``PUBLIC_API_THROTTLE_MAX_PER_KEY``, 600 requests per 60 s, which the settings module
does not read from the environment) is raised to 1,000,000 for the server through a settings module that imports
``passculture.settings`` and applies overrides (``bench/_common.py``, ``BENCH_SETTINGS_JSON``).

The open loop validates other countermarks: ``--open-bookings`` more bookings (the same beneficiaries, as many
paper-book offers as needed). Prints ONE JSON line; exits 1 if an invariant is broken. ``--bookings 200
--open-duration 5 --open-steps 1`` is a smoke run.
"""

import argparse
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    Server,
    add_open_connections_argument,
    bench_env,
    emit,
    fresh_redis,
    highest_rate,
    load_average,
    log,
    percentile,
    recreate_database,
    run_clients,
    run_django,
    run_open_loop,
    run_passculture,
)

DATABASE = "passculture_bench_guichet"
RACERS = 10
PRICE_CENTS = 100
THROTTLE = 1_000_000
TARGET_P99_MS = 50

SETUP = """
import datetime
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from passculture.accounts.models import User
from passculture.beneficiaries.models import Deposit
from passculture.bookings import rules
from passculture.bookings.models import Booking, BookingStatus
from passculture.offerers.services import apikey_create
from passculture.offerers.models import Offerer, Venue
from passculture.offers.categories import Cap
from passculture.offers.models import Offer, OfferValidation, Stock

N, PRICE, OPEN = {count}, {price}, {open_count}
offerer = Offerer.objects.get(siren="123456782")
venue = Venue.objects.get(offerer=offerer, siret="12345678200028")  # the bookshop
now = timezone.now()
emails = [f"jeune{{n}}@example.org" for n in range(1, N + 1)]
users = list(User.objects.filter(email__in=emails).order_by("pk"))
deposits = {{d.user_id: d for d in Deposit.objects.filter(user__in=users, expires_at__gt=now)}}
booked_at = now - datetime.timedelta(days=3)  # its cancellation window (48 h for a thing) is over
drawn = set()


def book_all(name, count):
    # A paper book (1 euro, unlimited) booked by the first ``count`` beneficiaries: its stock, their countermarks.
    offer = Offer.objects.create(
        venue=venue, subcategory_id="LIVRE_PAPIER", name=name, validation=OfferValidation.APPROVED,
        validated_at=now, is_active=True, extra_data={{"ean": "9782070612758", "author": "Banc d'essai"}},
    )
    stock = Stock.objects.create(offer=offer, price_cents=PRICE, quantity=None)
    tokens = []
    while len(tokens) < count:
        token = rules.generate_token()
        if token not in drawn:
            drawn.add(token)
            tokens.append(token)
    Booking.objects.bulk_create(
        [
            Booking(user=user, deposit=deposits[user.pk], stock=stock, offer=offer, token=token, quantity=1,
                    unit_price_cents=PRICE, cap=Cap.PHYSICAL, status=BookingStatus.CONFIRMED,
                    cancellation_limit_datetime=booked_at + datetime.timedelta(hours=48),
                    expiration_datetime=now + datetime.timedelta(days=27))
            for user, token in zip(users[:count], tokens)
        ],
        batch_size=1000,
    )
    Booking.objects.filter(stock=stock).update(created_at=booked_at)
    Stock.objects.filter(pk=stock.pk).update(booked_quantity=count)
    Deposit.objects.filter(user__in=users[:count], expires_at__gt=now).update(
        spent_cents=F("spent_cents") + PRICE, physical_spent_cents=F("physical_spent_cents") + PRICE
    )
    return stock.pk, tokens


stock, tokens = book_all("Livre du guichet", N)
open_stocks, open_tokens = [], []
for index in range(-(-OPEN // N)):
    open_stock, more = book_all(f"Livre du guichet, boucle ouverte {{index + 1}}", min(N, OPEN - len(open_tokens)))
    open_stocks.append(open_stock)
    open_tokens += more
with transaction.atomic():
    key, clear = apikey_create(offerer, "CLI", label="banc d'essai guichet")
RESULT = {{"tokens": tokens, "open_tokens": open_tokens, "key": clear, "stock": stock, "open_stocks": open_stocks}}
"""

VERIFY = """
from django.db.models import Count
from passculture.bookings.models import Booking, BookingStatus, UsedBy
from passculture.core.models import AuditLogEntry

bookings = Booking.objects.filter(stock_id={stock})
open_bookings = Booking.objects.filter(stock_id__in={open_stocks})
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
    "open_used": open_bookings.filter(status=BookingStatus.USED, used_by=UsedBy.API).count(),
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
    parser.add_argument("--open-rate", type=float, default=20.0, help="pairs per second of the open loop's first run")
    parser.add_argument("--open-duration", type=float, default=60.0, help="seconds of each open-loop rate")
    parser.add_argument("--open-steps", type=int, default=4, help="rates tried in search of the highest (bisection)")
    add_open_connections_argument(parser)
    parser.add_argument("--open-bookings", type=int, default=12000, help="countermarks for the open loop")
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
    data = run_django(SETUP.format(count=count, price=PRICE_CENTS, open_count=args.open_bookings), env)
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

        # Open loop: pairs arriving at a fixed rate; each request's p99 against the target.
        remaining = iter(data["open_tokens"])

        def open_probe(rate: float) -> dict:
            uses_by_ticket: dict[int, float] = {}

            def pair(index, client, ticket):
                with lock:
                    token = next(remaining, None)
                if token is None:
                    return "exhausted"
                check = client.get(f"/v2/bookings/token/{token}", headers=auth)
                checked = time.perf_counter()
                if check.status_code != 200:
                    return f"check{check.status_code}"
                use = client.patch(f"/v2/bookings/use/token/{token}", headers=auth)
                with lock:
                    uses_by_ticket[ticket] = (time.perf_counter() - checked) * 1000
                return "ok" if use.status_code == 204 else f"use{use.status_code}"

            run = run_open_loop(server.base_url, rate, args.open_duration, pair, connections=args.open_connections)
            open_uses = list(uses_by_ticket.values())
            open_checks = [run["by_ticket"][t] - used for t, used in uses_by_ticket.items() if t in run["by_ticket"]]
            return {
                "offered_per_s": run["offered_per_s"],
                "ok_per_s": round(run["outcomes"].get("ok", 0) / run["seconds"], 1),
                "check_p50_ms": round(percentile(open_checks, 0.50), 1),
                "check_p99_ms": round(percentile(open_checks, 0.99), 1),
                "use_p50_ms": round(percentile(open_uses, 0.50), 1),
                "use_p99_ms": round(percentile(open_uses, 0.99), 1),
                "p50_ms": round(percentile(run["latencies"], 0.50), 1),
                # The target is per request: the slower of the check's and the validation's p99.
                "p99_ms": max(round(percentile(open_checks, 0.99), 1), round(percentile(open_uses, 0.99), 1)),
                "pair_p99_ms": round(percentile(run["latencies"], 0.99), 1),
                "count": len(run["latencies"]),
                "outcomes": run["outcomes"],
            }

        baseline_run = run_open_loop(
            server.base_url,
            2 * args.open_rate,  # as many requests as the pairs make
            args.open_duration,
            lambda i, c, t: "ok" if c.get("/v2/bookings/token/AAAAAA", headers=auth).status_code == 404 else "bad",
            connections=args.open_connections,
        )
        baseline = {
            "rate_per_s": round(2 * args.open_rate, 1),
            "p50_ms": round(percentile(baseline_run["latencies"], 0.50), 1),
            "p99_ms": round(percentile(baseline_run["latencies"], 0.99), 1),
            "outcomes": baseline_run["outcomes"],
        }
        log("open loop baseline (unknown countermark)", baseline)
        at_rate = open_probe(args.open_rate)
        log(f"open loop {args.open_rate}/s", at_rate)
        pair_rps = len(run["latencies"]) / run["seconds"] if run["seconds"] else 1.0
        search = highest_rate(open_probe, pair_rps, TARGET_P99_MS, args.open_steps)
        load_during = load_average()

    db = run_django(VERIFY.format(stock=data["stock"], open_stocks=data["open_stocks"]), env)
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
        "conn_max_age": args.conn_max_age,  # null: the server's own default (DATABASE_CONN_MAX_AGE, 60)
        "throttle_max_per_key": THROTTLE,
        "cache": "redis" if args.redis_url else "database",
        "open_rate_pairs_per_s": args.open_rate,
        "open_duration_s": args.open_duration,
        "open_check_p50_ms": at_rate["check_p50_ms"],
        "open_check_p99_ms": at_rate["check_p99_ms"],
        "open_use_p50_ms": at_rate["use_p50_ms"],
        "open_use_p99_ms": at_rate["use_p99_ms"],
        "open_target_p99_ms": TARGET_P99_MS,
        "open_target_met": at_rate["p99_ms"] <= TARGET_P99_MS and set(at_rate["outcomes"]) == {"ok"},
        "open_outcomes": at_rate["outcomes"],
        "open_baseline_unknown_countermark": baseline,
        "open_highest_rate_pairs_per_s": search["highest_rate_per_s"],
        "open_lowest_failing_rate_pairs_per_s": search["lowest_failing_rate_per_s"],
        "open_probes": search["probes"],
        "open_validated_in_db": db["open_used"],
        "load_average_1m_before": load_before,
        "load_average_1m_during": load_during,
    }
    emit(figures)

    broken = []
    if ok != len(desk_tokens):
        broken.append(f"desks: {ok} of {len(desk_tokens)} validated ({run['outcomes']})")
    if statuses.count(204) != 1 or statuses.count(410) != RACERS - 1:
        broken.append(f"race: {sorted(statuses)}")
    open_ok = at_rate["outcomes"].get("ok", 0) + sum(p["outcomes"].get("ok", 0) for p in search["probes"])
    if db["open_used"] != open_ok:
        broken.append(f"open loop: {open_ok} validations answered 204, {db['open_used']} USED in the database")
    for probe in [at_rate, *search["probes"]]:
        if set(probe["outcomes"]) - {"ok", "dropped", "exhausted"}:
            broken.append(f"open loop: {probe['outcomes']}")
    if db["bookings"] != count or db["used"] != count or db["audited_once"] != count or db["audited_more"]:
        broken.append(f"database: {db}")
    for message in broken:
        log("INVARIANT BROKEN:", message)
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
