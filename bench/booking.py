"""Benchmark of booking through the app's API (``POST /native/v1/bookings``) against ``passculture serve``.

    uv run python bench/booking.py [--workers 2] [--clients 32] [--duration 20] [--open-duration 60]

In its own database ``passculture_bench_booking`` (dropped and recreated on the PostgreSQL server of DATABASE_URL,
default ``postgresql://postgres@127.0.0.1:5432/postgres``): ``passculture migrate``, ``passculture demo``,
``passculture demo --beneficiaries 3000``, then 5,000 event offers of one stock each (1 €, unlimited) and one hot
100-place stock (1 €) per mode on the demo structure's cinema, approved and active.

The same run measures each MODE (``--modes inline,broker``): ``inline`` is the embedded default (no broker: the
mails are sent in the booking request), ``broker`` gives the server ``REDIS_URL=--redis-url`` (flushed first): its
Celery broker and cache, the mails sent by the Celery worker ``serve`` starts. For each mode a fresh
``passculture serve --no-jobs`` and:

- closed loop (throughput): ``--clients`` clients calling ``GET /native/v1/me`` (the baseline), then booking
  random stocks among the 5,000 (beneficiaries jeune1 … jeune1000; a beneficiary never books a stock twice), each
  for ``--duration`` seconds: requests per second, ``ratio_booking_to_me`` (target ≥ 0.5). Its latency is
  ``clients / throughput`` (Little's law), not a target;
- hot stock: 1,000 distinct beneficiaries, each trying once, ``--hot-clients`` at a time, to book the mode's
  100-place stock: exactly 100 successes and 900 ``SOLD_OUT``, then the database must agree (zero oversell);
- open loop (latency): arrivals at a fixed Poisson rate for ``--open-duration`` seconds (``_common.run_open_loop``),
  timed from their scheduled arrival; ``--open-steps`` rates by bisection below the closed loop's throughput
  (``_common.highest_rate``): the highest rate whose p99 stays ≤ 250 ms, for ``/me`` and for bookings;
- with the broker, the bench waits for the Celery queue to drain (``mails_drain_s``).

At the end every booking of the load offers must have its two mails (``mails_missing`` 0) and the credit spent
must match the successes; the number of SQL queries of one booking and of one ``/me`` is counted (Django's test
client). JWTs: ``--signins`` beneficiaries sign in over HTTP (timed); the access tokens used are issued by
``passculture.api.auth.issue_token`` (the function the sign-in calls), afresh for each mode (they last 15 min).

Prints one JSON line per figure set (``"set"``: ``closed`` and ``open`` of each mode, then ``summary``); exits 1
if an invariant is broken. ``--open-duration 5 --open-steps 1 --duration 3`` is a smoke run (about 2 minutes).
"""

import argparse
import random
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
    open_summary,
    recreate_database,
    run_clients,
    run_django,
    run_open_loop,
    run_passculture,
    summary,
)

DATABASE = "passculture_bench_booking"
A_USERS = 1000  # jeune1 … jeune1000 book the 5,000 stocks
HOT_CONTENDERS = 1000  # per mode: jeune1001 … jeune2000, then jeune2001 … jeune3000
MODES = ("inline", "broker")
BENEFICIARIES = A_USERS + HOT_CONTENDERS * len(MODES)
STOCKS = 5000
HOT_PLACES = 100
PRICE_CENTS = 100
PASSWORD = "Demo-passCulture-2026!"
TARGET_P99_MS = 250
TARGET_RATIO = 0.5

SETUP = """
import datetime
from django.utils import timezone
from passculture.accounts.models import User
from passculture.offerers.models import Offerer, Venue
from passculture.offers.models import Offer, OfferValidation, Stock

N_STOCKS, PRICE, HOT_PLACES, N_USERS, N_HOT = {stocks}, {price}, {hot_places}, {users}, {hot_stocks}
offerer = Offerer.objects.get(siren="123456782")
venue = Venue.objects.filter(offerer=offerer, is_virtual=False).order_by("pk").first()
now = timezone.now()
starts = now + datetime.timedelta(days=30)
offers = Offer.objects.bulk_create(
    [
        Offer(venue=venue, subcategory_id="SPECTACLE_REPRESENTATION", name=f"Spectacle de charge n° {{i}}",
              validation=OfferValidation.APPROVED, validated_at=now, is_active=True,
              extra_data={{"show_type": "THEATRE"}})
        for i in range(N_STOCKS + N_HOT)
    ],
    batch_size=1000,
)
stocks = Stock.objects.bulk_create(
    [Stock(offer=offer, price_cents=PRICE, quantity=None, beginning_datetime=starts) for offer in offers[:N_STOCKS]]
    + [Stock(offer=offer, price_cents=PRICE, quantity=HOT_PLACES, beginning_datetime=starts)
       for offer in offers[N_STOCKS:]],
    batch_size=1000,
)
emails = [f"jeune{{n}}@example.org" for n in range(1, N_USERS + 1)]
users = {{u.email: u for u in User.objects.filter(email__in=emails)}}
assert len(users) == N_USERS, len(users)
RESULT = {{
    "stocks": [s.pk for s in stocks[:N_STOCKS]],
    "hot_stocks": [s.pk for s in stocks[N_STOCKS:]],
    "users": [[users[e].pk, e] for e in emails],
}}
"""

TOKENS = """
from passculture.accounts.models import User
from passculture.api.auth import ACCESS, issue_token

RESULT = {{str(user.pk): issue_token(user, ACCESS) for user in User.objects.filter(pk__in={ids})}}
"""

PROFILE_AND_VERIFY = """
import json
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from passculture.accounts.models import User
from passculture.api.auth import ACCESS, issue_token
from passculture.beneficiaries.models import Deposit
from passculture.bookings.models import Booking, BookingStatus
from passculture.core.models import StoredEmail
from passculture.offers.models import Stock

HOT, A_USERS, A_STOCKS = {hot}, {a_users}, {a_stocks}  # HOT: {{stock id: its contenders' ids}}
hot_stocks = {{}}
for stock_id, contenders in HOT.items():
    bookings = Booking.objects.filter(stock_id=stock_id).exclude(status=BookingStatus.CANCELLED)
    hot_stocks[stock_id] = {{
        "booked_quantity": Stock.objects.get(pk=stock_id).booked_quantity,
        "bookings": bookings.count(),
        "distinct_users": bookings.values("user_id").distinct().count(),
        "spent_cents": Deposit.objects.filter(user_id__in=contenders).aggregate(s=Sum("spent_cents"))["s"] or 0,
    }}
a_bookings = Booking.objects.filter(stock_id__in=A_STOCKS).exclude(status=BookingStatus.CANCELLED).count()
a_booked = Stock.objects.filter(pk__in=A_STOCKS).aggregate(s=Sum("booked_quantity"))["s"] or 0
a_spent = Deposit.objects.filter(user_id__in=A_USERS).aggregate(s=Sum("spent_cents"))["s"] or 0
# Booking mails (the dev mailbox of the embedded server): one to the young person, one to the venue, per booking.
load_bookings = Booking.objects.filter(offer__name__startswith="Spectacle de charge").count()
young_mails = StoredEmail.objects.filter(subject__startswith="Votre réservation pour Spectacle de charge").count()
venue_mails = StoredEmail.objects.filter(subject__startswith="Nouvelle réservation : Spectacle de charge").count()

# Queries of one booking and of one /me (Django's test client: the same view, middleware and authentication).
from passculture.api.auth import ACCESS, issue_token

user = User.objects.get(pk=A_USERS[0])
booked = set(Booking.objects.filter(user=user).values_list("stock_id", flat=True))
stock_id = next(pk for pk in A_STOCKS if pk not in booked)
client = Client(HTTP_AUTHORIZATION="Bearer " + issue_token(user, ACCESS))
client.get("/native/v1/me")
warm = next(pk for pk in A_STOCKS if pk not in booked and pk != stock_id)  # the process's caches, as in a server
client.post("/native/v1/bookings", json.dumps({{"stockId": warm, "quantity": 1}}), content_type="application/json")
with CaptureQueriesContext(connection) as me_queries:
    me_status = client.get("/native/v1/me").status_code
with CaptureQueriesContext(connection) as booking_queries:
    response = client.post("/native/v1/bookings", json.dumps({{"stockId": stock_id, "quantity": 1}}),
                           content_type="application/json")
RESULT = {{
    "hot_stocks": hot_stocks,
    "a_bookings": a_bookings,
    "a_booked_quantity": a_booked,
    "a_spent_cents": a_spent,
    "mails_missing": 2 * load_bookings - young_mails - venue_mails,
    "me_status": me_status,
    "me_queries": len(me_queries.captured_queries),
    "booking_status": response.status_code,
    "booking_queries": len(booking_queries.captured_queries),
    "booking_sql": [q["sql"][:160] for q in booking_queries.captured_queries],
}}
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of passculture serve (4 threads each)")
    parser.add_argument("--clients", type=int, default=32, help="clients of the closed loop")
    parser.add_argument("--hot-clients", type=int, default=64)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of each closed loop")
    parser.add_argument("--open-duration", type=float, default=60.0, help="seconds of each open-loop rate")
    parser.add_argument("--open-steps", type=int, default=4, help="open-loop rates tried per endpoint (bisection)")
    add_open_connections_argument(parser)
    parser.add_argument("--signins", type=int, default=64, help="beneficiaries signing in over HTTP")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--conn-max-age", type=int, default=None, help="DATABASE_CONN_MAX_AGE of the server")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13", help="REDIS_URL of the broker mode")
    parser.add_argument("--modes", default=",".join(MODES), help="inline, broker or both (comma-separated)")
    parser.add_argument("--verbose", action="store_true", help="the SQL of one booking on stderr")
    return parser.parse_args()


def wait_for_mail_queue(redis_url: str, timeout: float = 600) -> float:
    """Seconds until the Celery queue is empty (the worker has taken every mail task), polled in Redis."""
    import redis

    queue = redis.Redis.from_url(redis_url)
    started = time.monotonic()
    while queue.llen("celery") and time.monotonic() - started < timeout:
        time.sleep(0.2)
    time.sleep(1)  # the last tasks taken are being sent
    return round(time.monotonic() - started, 1)


class Load:
    """The requests of the bench: who books what (never a stock twice for one beneficiary), with which token."""

    def __init__(self, stocks: list[int], a_users: list[int], seed: int) -> None:
        self.stocks, self.a_users = stocks, a_users
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.booked: set[tuple[int, int]] = set()
        self.successes = 0  # bookings of the load stocks, every mode
        self.tokens: dict[int, str] = {}
        self.emails: dict[int, str] = {}

    def headers(self, user_id: int) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[user_id]}"}

    def me(self, client, ticket: int) -> str:
        user_id = self.a_users[ticket % len(self.a_users)]
        response = client.get("/native/v1/me", headers=self.headers(user_id))
        return "ok" if response.status_code == 200 else f"http{response.status_code}"

    def book(self, client, user_id: int, stock_id: int) -> str:
        response = client.post(
            "/native/v1/bookings", json={"stockId": stock_id, "quantity": 1}, headers=self.headers(user_id)
        )
        if response.status_code == 200:
            return "ok"
        if response.status_code == 400:
            return response.json().get("code", "http400")
        return f"http{response.status_code}"

    def book_any(self, client, user_id: int) -> str:
        with self.lock:
            stock_id = self.rng.choice(self.stocks)
            while (user_id, stock_id) in self.booked:
                stock_id = self.rng.choice(self.stocks)
            self.booked.add((user_id, stock_id))
        outcome = self.book(client, user_id, stock_id)
        if outcome == "ok":
            with self.lock:
                self.successes += 1
        return outcome


def run_mode(mode: str, env: dict, args, load: Load, hot_stock: int, hot_users: list[int]) -> tuple[dict, dict]:
    """One server, the closed loops, the hot stock and the open loops of one mode: its two figure sets."""
    load.tokens = {int(k): v for k, v in run_django(TOKENS.format(ids=load.a_users + hot_users), env).items()}
    with Server(env, args.workers, f"booking-{mode}") as server:
        signins = {}
        if args.signins:
            signin_users = load.a_users[: args.signins]

            def signin(index, client, ticket):
                if ticket >= len(signin_users):
                    return None
                credentials = {"identifier": load.emails[signin_users[ticket]], "password": PASSWORD}
                response = client.post("/native/v1/signin", json=credentials)
                return "ok" if response.status_code == 200 else f"http{response.status_code}"

            signins = summary(run_clients(server.base_url, 8, signin, max_requests=len(signin_users)))
            log(mode, "signin", signins)

        # Closed loop: throughput at --clients clients.
        run_clients(server.base_url, args.clients, lambda i, c, t: load.me(c, t), duration=2)  # warm-up
        me = summary(run_clients(server.base_url, args.clients, lambda i, c, t: load.me(c, t), duration=args.duration))
        log(mode, "me", me)
        per_client = [load.a_users[i :: args.clients] for i in range(args.clients)]
        counters = [0] * args.clients

        def book(index, client, ticket):
            mine = per_client[index]
            counters[index] += 1
            return load.book_any(client, mine[counters[index] % len(mine)])

        booking = summary(run_clients(server.base_url, args.clients, book, duration=args.duration))
        log(mode, "booking", booking)

        # The hot stock: 1,000 contenders, 100 places.
        def contend(index, client, ticket):
            return None if ticket >= len(hot_users) else load.book(client, hot_users[ticket], hot_stock)

        hot = summary(run_clients(server.base_url, args.hot_clients, contend, max_requests=len(hot_users)))
        log(mode, "hot", hot)

        # Open loop: the highest Poisson arrival rate whose p99 stays within the target.
        def probe(work):
            def at(rate: float) -> dict:
                run = run_open_loop(
                    server.base_url, rate, args.open_duration, work, connections=args.open_connections, seed=args.seed
                )
                return open_summary(run)

            return at

        def open_book(index, client, ticket):
            return load.book_any(client, load.a_users[ticket % len(load.a_users)])

        steps = args.open_steps
        open_me = highest_rate(probe(lambda i, c, t: load.me(c, t)), me["rps"], TARGET_P99_MS, steps)
        open_booking = highest_rate(probe(open_book), booking["rps"], TARGET_P99_MS, steps)
        load_during = load_average()
        mails_drain_s = wait_for_mail_queue(env["REDIS_URL"]) if mode == "broker" else 0.0

    ratio = round(booking["rps"] / me["rps"], 3) if me["rps"] else 0.0
    closed = {
        "set": "closed",
        "mode": mode,
        "mails": "celery worker" if mode == "broker" else "inline",
        "clients": args.clients,
        "booking_rps": booking["rps"],
        "me_rps": me["rps"],
        "ratio_booking_to_me": ratio,
        "ratio_target_met": ratio >= TARGET_RATIO,
        "booking_p50_ms": booking["p50_ms"],
        "booking_p99_ms": booking["p99_ms"],
        "me_p50_ms": me["p50_ms"],
        "me_p99_ms": me["p99_ms"],
        "booking_outcomes": booking["outcomes"],
        "me_outcomes": me["outcomes"],
        "hot_stock": hot_stock,
        "hot_outcomes": hot["outcomes"],
        "hot_p50_ms": hot["p50_ms"],
        "hot_p99_ms": hot["p99_ms"],
        "signin_p50_ms": signins.get("p50_ms"),
        "duration_s": args.duration,
        "workers": args.workers,
        "threads_per_worker": 4,
        "conn_max_age": args.conn_max_age,  # null: the server's own default (DATABASE_CONN_MAX_AGE, 60)
        "mails_drain_s": mails_drain_s,
        "load_average_1m_during": load_during,
    }
    opened = {
        "set": "open",
        "mode": mode,
        "target_p99_ms": TARGET_P99_MS,
        "open_duration_s": args.open_duration,
        "me_highest_rate_per_s": open_me["highest_rate_per_s"],
        "booking_highest_rate_per_s": open_booking["highest_rate_per_s"],
        "me_lowest_failing_rate_per_s": open_me["lowest_failing_rate_per_s"],
        "booking_lowest_failing_rate_per_s": open_booking["lowest_failing_rate_per_s"],
        "me_probes": open_me["probes"],
        "booking_probes": open_booking["probes"],
        "load_average_1m_during": load_during,
    }
    return closed, opened


def main() -> None:
    args = parse_args()
    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    assert set(modes) <= set(MODES), f"modes: {', '.join(MODES)}"
    load_before = load_average()
    url = recreate_database(DATABASE)
    # As in production (no SQL kept per request); the sign-ins all come from 127.0.0.1: no per-address login limit.
    extra = {"DEBUG": "false", "LOGIN_THROTTLE_MAX_FAILURES": "1000000"}
    if args.conn_max_age is not None:
        extra["DATABASE_CONN_MAX_AGE"] = str(args.conn_max_age)
    env = bench_env(url, **extra)
    run_passculture(["migrate", "--verbosity", "0"], env)
    run_passculture(["demo"], env)
    run_passculture(["demo", "--beneficiaries", str(BENEFICIARIES)], env)
    data = run_django(
        SETUP.format(
            stocks=STOCKS, price=PRICE_CENTS, hot_places=HOT_PLACES, users=BENEFICIARIES, hot_stocks=len(MODES)
        ),
        env,
    )
    user_ids = [user_id for user_id, _ in data["users"]]
    load = Load(data["stocks"], user_ids[:A_USERS], args.seed)
    load.emails = dict(data["users"])
    hot_contenders = {}
    figure_sets = []
    for index, mode in enumerate(modes):
        hot_stock = data["hot_stocks"][MODES.index(mode)]
        first = A_USERS + HOT_CONTENDERS * MODES.index(mode)
        hot_users = user_ids[first : first + HOT_CONTENDERS]
        hot_contenders[hot_stock] = hot_users
        mode_env = env if mode == "inline" else {**env, **fresh_redis(args.redis_url)}
        if index:
            args.signins = 0  # timed once
        closed, opened = run_mode(mode, mode_env, args, load, hot_stock, hot_users)
        emit(closed)
        emit(opened)
        figure_sets.append((closed, opened))

    db = run_django(PROFILE_AND_VERIFY.format(hot=hot_contenders, a_users=load.a_users, a_stocks=data["stocks"]), env)
    booking_sql = db.pop("booking_sql")
    if args.verbose:
        log("\n".join(booking_sql))
    log("database", db)

    broken = []
    for closed, _opened in figure_sets:
        hot = closed["hot_outcomes"]
        if hot.get("ok", 0) != HOT_PLACES or hot.get("SOLD_OUT", 0) != HOT_CONTENDERS - HOT_PLACES:
            broken.append(f"{closed['mode']}: hot stock {hot}")
        for name in ("booking_outcomes", "me_outcomes"):
            if set(closed[name]) != {"ok"}:
                broken.append(f"{closed['mode']}: {name} {closed[name]}")
    for _closed, opened in figure_sets:
        for probe in opened["me_probes"] + opened["booking_probes"]:
            if set(probe["outcomes"]) - {"ok", "dropped"}:
                broken.append(f"{opened['mode']}: open loop at {probe['rate']}/s: {probe['outcomes']}")
    oversell = 0
    for stock_id, hot in db["hot_stocks"].items():
        oversell += max(0, hot["booked_quantity"] - HOT_PLACES, hot["bookings"] - HOT_PLACES)
        expected = (HOT_PLACES, HOT_PLACES, HOT_PLACES, HOT_PLACES * PRICE_CENTS)
        if (hot["booked_quantity"], hot["bookings"], hot["distinct_users"], hot["spent_cents"]) != expected:
            broken.append(f"hot stock {stock_id} in the database: {hot}")
    ok = load.successes
    if not (db["a_bookings"] == db["a_booked_quantity"] == ok and db["a_spent_cents"] == ok * PRICE_CENTS):
        broken.append(f"load stocks in the database ({ok} successes): {db}")
    if db["booking_status"] != 200 or db["me_status"] != 200:
        broken.append(f"profiling failed: booking {db['booking_status']}, me {db['me_status']}")
    if db["mails_missing"]:
        broken.append(f"{db['mails_missing']} booking mails missing")

    emit(
        {
            "set": "summary",
            "modes": modes,
            "ratio_booking_to_me": {closed["mode"]: closed["ratio_booking_to_me"] for closed, _ in figure_sets},
            "booking_highest_rate_per_s": {o["mode"]: o["booking_highest_rate_per_s"] for _, o in figure_sets},
            "me_highest_rate_per_s": {o["mode"]: o["me_highest_rate_per_s"] for _, o in figure_sets},
            "bookings": ok,
            "oversell": oversell,
            "mails_missing": db["mails_missing"],
            "booking_queries": db["booking_queries"],
            "me_queries": db["me_queries"],
            "invariants_held": not broken,
            "load_average_1m_before": load_before,
            "load_average_1m_after": load_average(),
        }
    )
    for message in broken:
        log("INVARIANT BROKEN:", message)
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
