"""Benchmark of booking through the app's API (``POST /native/v1/bookings``) against ``passculture serve``.

    uv run python bench/booking.py [--workers 4] [--clients 32] [--duration 20]

In its own database ``passculture_bench_booking`` (dropped and recreated on the PostgreSQL server of DATABASE_URL,
default ``postgresql://postgres@127.0.0.1:5432/postgres``): ``passculture migrate``, ``passculture demo``,
``passculture demo --beneficiaries 2000``, then 5,000 event offers of one stock each (1 €, unlimited) and one hot
100-place stock (1 €) on the demo structure's cinema, approved and active. Then ``passculture serve --no-jobs``:

- baseline: ``--clients`` clients calling ``GET /native/v1/me`` (authenticated) for ``--duration`` seconds;
- scenario A: ``--clients`` clients booking random stocks among the 5,000 for ``--duration`` seconds (beneficiaries
  jeune1 … jeune1000, split between the clients; a client never books the same offer twice for one beneficiary);
- scenario B: 1,000 distinct beneficiaries (jeune1001 … jeune2000), each trying once, ``--hot-clients`` at a time,
  to book the hot stock: exactly 100 successes and 900 ``SOLD_OUT``, then the database must agree (booked
  quantity, bookings, credit spent: zero oversell).

JWTs: ``--signins`` beneficiaries (64) sign in through ``POST /native/v1/signin`` (timed); the others' access
tokens are issued by ``passculture.api.auth.issue_token``, the function the sign-in calls (argon2 costs ~0.1 s of
CPU per sign-in: 2,000 of them would take minutes on 2 cores and measure only the password hash).

With ``--redis-url``, the server's Celery broker (and cache) is that Redis database (flushed first): ``serve`` then
runs a Celery worker that sends the booking mails off the request; the bench waits for the queue to drain and
reports how long that took (``mails_drain_s``). Without it, mails are sent inline, in the booking request. Either
way every booking must have its two mails (``mails_missing`` 0).

Prints ONE JSON line; exits 1 if an invariant is broken (a failed booking in A, B's counts, the database's, a mail).
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
    bench_env,
    emit,
    fresh_redis,
    load_average,
    log,
    recreate_database,
    run_clients,
    run_django,
    run_passculture,
    summary,
)

DATABASE = "passculture_bench_booking"
BENEFICIARIES = 2000
STOCKS = 5000
HOT_PLACES = 100
HOT_CONTENDERS = 1000
PRICE_CENTS = 100
PASSWORD = "Demo-passCulture-2026!"

SETUP = """
import datetime
from django.utils import timezone
from passculture.accounts.models import User
from passculture.api.auth import ACCESS, issue_token
from passculture.offerers.models import Offerer, Venue
from passculture.offers.models import Offer, OfferValidation, Stock

N_STOCKS, PRICE, HOT_PLACES, N_USERS = {stocks}, {price}, {hot_places}, {users}
offerer = Offerer.objects.get(siren="123456782")
venue = Venue.objects.filter(offerer=offerer, is_virtual=False).order_by("pk").first()
now = timezone.now()
starts = now + datetime.timedelta(days=30)
offers = Offer.objects.bulk_create(
    [
        Offer(venue=venue, subcategory_id="SPECTACLE_REPRESENTATION", name=f"Spectacle de charge n° {{i}}",
              validation=OfferValidation.APPROVED, validated_at=now, is_active=True,
              extra_data={{"show_type": "THEATRE"}})
        for i in range(N_STOCKS + 1)
    ],
    batch_size=1000,
)
stocks = Stock.objects.bulk_create(
    [Stock(offer=offer, price_cents=PRICE, quantity=None, beginning_datetime=starts) for offer in offers[:-1]]
    + [Stock(offer=offers[-1], price_cents=PRICE, quantity=HOT_PLACES, beginning_datetime=starts)],
    batch_size=1000,
)
emails = [f"jeune{{n}}@example.org" for n in range(1, N_USERS + 1)]
users = {{u.email: u for u in User.objects.filter(email__in=emails)}}
assert len(users) == N_USERS, len(users)
RESULT = {{
    "stocks": [s.pk for s in stocks[:-1]],
    "hot_stock": stocks[-1].pk,
    "users": [[users[e].pk, e, issue_token(users[e], ACCESS)] for e in emails],
}}
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

HOT, HOT_USERS, A_USERS, A_STOCKS = {hot}, {hot_users}, {a_users}, {a_stocks}
hot = Stock.objects.get(pk=HOT)
hot_bookings = Booking.objects.filter(stock_id=HOT).exclude(status=BookingStatus.CANCELLED)
spent_hot = Deposit.objects.filter(user_id__in=HOT_USERS).aggregate(s=Sum("spent_cents"))["s"] or 0
a_bookings = Booking.objects.filter(stock_id__in=A_STOCKS).exclude(status=BookingStatus.CANCELLED).count()
a_booked = Stock.objects.filter(pk__in=A_STOCKS).aggregate(s=Sum("booked_quantity"))["s"] or 0
a_spent = Deposit.objects.filter(user_id__in=A_USERS).aggregate(s=Sum("spent_cents"))["s"] or 0
# Booking mails (the dev mailbox of the embedded server): one to the young person, one to the venue, per booking.
load_bookings = Booking.objects.filter(offer__name__startswith="Spectacle de charge").count()
young_mails = StoredEmail.objects.filter(subject__startswith="Votre réservation pour Spectacle de charge").count()
venue_mails = StoredEmail.objects.filter(subject__startswith="Nouvelle réservation : Spectacle de charge").count()

# Queries of one booking and of one /me (Django's test client: the same view, middleware and authentication).
user = User.objects.get(pk=A_USERS[0])
booked = set(Booking.objects.filter(user=user).values_list("stock_id", flat=True))
stock_id = next(pk for pk in A_STOCKS if pk not in booked)
client = Client(HTTP_AUTHORIZATION="Bearer " + issue_token(user, ACCESS))
client.get("/native/v1/me")
with CaptureQueriesContext(connection) as me_queries:
    me_status = client.get("/native/v1/me").status_code
with CaptureQueriesContext(connection) as booking_queries:
    response = client.post("/native/v1/bookings", json.dumps({{"stockId": stock_id, "quantity": 1}}),
                           content_type="application/json")
RESULT = {{
    "hot_booked_quantity": hot.booked_quantity,
    "hot_bookings": hot_bookings.count(),
    "hot_distinct_users": hot_bookings.values("user_id").distinct().count(),
    "hot_spent_cents": spent_hot,
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
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers of passculture serve (4 threads each)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--hot-clients", type=int, default=64)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of the baseline and of scenario A")
    parser.add_argument("--signins", type=int, default=64, help="beneficiaries signing in over HTTP")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--conn-max-age", type=int, default=None, help="DATABASE_CONN_MAX_AGE of the server")
    parser.add_argument("--redis-url", help="REDIS_URL of the server: Celery broker (mails off the request) and cache")
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


def main() -> None:
    args = parse_args()
    load_before = load_average()
    url = recreate_database(DATABASE)
    extra = {"DEBUG": "false"}  # as in production: no SQL kept per request
    if args.conn_max_age is not None:
        extra["DATABASE_CONN_MAX_AGE"] = str(args.conn_max_age)
    if args.redis_url:
        extra.update(fresh_redis(args.redis_url))
    env = bench_env(url, **extra)
    run_passculture(["migrate", "--verbosity", "0"], env)
    run_passculture(["demo"], env)
    run_passculture(["demo", "--beneficiaries", str(BENEFICIARIES)], env)
    data = run_django(SETUP.format(stocks=STOCKS, price=PRICE_CENTS, hot_places=HOT_PLACES, users=BENEFICIARIES), env)
    stocks, hot_stock, users = data["stocks"], data["hot_stock"], data["users"]
    a_users, hot_users = users[: BENEFICIARIES - HOT_CONTENDERS], users[BENEFICIARIES - HOT_CONTENDERS :]
    tokens = {user_id: token for user_id, _, token in users}
    rng = random.Random(args.seed)

    with Server(env, args.workers, "booking") as server:
        # Sign-ins over HTTP (their tokens replace the issued ones).
        signin_users = a_users[: args.signins]

        def signin(index, client, ticket):
            if ticket >= len(signin_users):
                return None
            user_id, email, _ = signin_users[ticket]
            response = client.post("/native/v1/signin", json={"identifier": email, "password": PASSWORD})
            if response.status_code != 200:
                return f"http{response.status_code}"
            tokens[user_id] = response.json()["accessToken"]
            return "ok"

        signins = summary(run_clients(server.base_url, min(args.clients, 8), signin, max_requests=len(signin_users)))
        log("signin", signins)

        # Baseline: GET /native/v1/me.
        def me(index, client, ticket):
            user_id = a_users[ticket % len(a_users)][0]
            response = client.get("/native/v1/me", headers={"Authorization": f"Bearer {tokens[user_id]}"})
            return "ok" if response.status_code == 200 else f"http{response.status_code}"

        run_clients(server.base_url, args.clients, me, duration=2)  # warm-up
        baseline = summary(run_clients(server.base_url, args.clients, me, duration=args.duration))
        log("me", baseline)

        # Scenario A: bookings over the 5,000 stocks.
        per_client = [a_users[i :: args.clients] for i in range(args.clients)]
        done: list[set] = [set() for _ in range(args.clients)]
        counters = [0] * args.clients
        lock = threading.Lock()
        a_booked_users: set[int] = set()

        def book(index, client, ticket):
            mine = per_client[index]
            user_id = mine[counters[index] % len(mine)][0]
            counters[index] += 1
            with lock:
                stock_id = rng.choice(stocks)
                while (user_id, stock_id) in done[index]:
                    stock_id = rng.choice(stocks)
            done[index].add((user_id, stock_id))
            response = client.post(
                "/native/v1/bookings",
                json={"stockId": stock_id, "quantity": 1},
                headers={"Authorization": f"Bearer {tokens[user_id]}"},
            )
            if response.status_code == 200:
                a_booked_users.add(user_id)
                return "ok"
            if response.status_code == 400:
                return response.json().get("code", "http400")
            return f"http{response.status_code}"

        booking = summary(run_clients(server.base_url, args.clients, book, duration=args.duration))
        log("booking", booking)

        # Scenario B: the hot stock.
        def contend(index, client, ticket):
            if ticket >= len(hot_users):
                return None
            user_id = hot_users[ticket][0]
            response = client.post(
                "/native/v1/bookings",
                json={"stockId": hot_stock, "quantity": 1},
                headers={"Authorization": f"Bearer {tokens[user_id]}"},
            )
            if response.status_code == 200:
                return "ok"
            if response.status_code == 400:
                return response.json().get("code", "http400")
            return f"http{response.status_code}"

        hot = summary(run_clients(server.base_url, args.hot_clients, contend, max_requests=len(hot_users)))
        log("hot", hot)
        load_during = load_average()
        mails_drain_s = wait_for_mail_queue(args.redis_url) if args.redis_url else 0.0

    db = run_django(
        PROFILE_AND_VERIFY.format(
            hot=hot_stock,
            hot_users=[u[0] for u in hot_users],
            a_users=[u[0] for u in a_users],
            a_stocks=stocks,
        ),
        env,
    )
    if args.verbose:
        log("\n".join(db.pop("booking_sql")))
    else:
        db.pop("booking_sql")
    log("database", db)

    successes = hot["outcomes"].get("ok", 0)
    sold_out = hot["outcomes"].get("SOLD_OUT", 0)
    a_ok = booking["outcomes"].get("ok", 0)
    oversell = max(0, db["hot_booked_quantity"] - HOT_PLACES, db["hot_bookings"] - HOT_PLACES)
    ratio = round(booking["rps"] / baseline["rps"], 3) if baseline["rps"] else 0.0
    figures = {
        "booking_rps": booking["rps"],
        "booking_p50_ms": booking["p50_ms"],
        "booking_p99_ms": booking["p99_ms"],
        "me_rps": baseline["rps"],
        "me_p50_ms": baseline["p50_ms"],
        "me_p99_ms": baseline["p99_ms"],
        "ratio_booking_to_me": ratio,
        "clients": args.clients,
        "hot_stock_successes": successes,
        "hot_stock_sold_out": sold_out,
        "oversell": oversell,
        "workers": args.workers,
        "threads_per_worker": 4,
        "bookings_a": a_ok,
        "booking_outcomes": booking["outcomes"],
        "me_outcomes": baseline["outcomes"],
        "hot_outcomes": hot["outcomes"],
        "hot_p50_ms": hot["p50_ms"],
        "hot_p99_ms": hot["p99_ms"],
        "hot_clients": args.hot_clients,
        "signin_p50_ms": signins["p50_ms"],
        "signins": signins["outcomes"].get("ok", 0),
        "booking_queries": db["booking_queries"],
        "me_queries": db["me_queries"],
        "duration_s": args.duration,
        "conn_max_age": args.conn_max_age,  # null: the server's own default (DATABASE_CONN_MAX_AGE, 60)
        "mails": "celery worker" if args.redis_url else "inline",
        "mails_drain_s": mails_drain_s,
        "mails_missing": db["mails_missing"],
        "targets_met": ratio >= 0.5 and booking["p99_ms"] <= 250,
        "load_average_1m_before": load_before,
        "load_average_1m_during": load_during,
    }
    emit(figures)

    broken = []
    if successes != HOT_PLACES or sold_out != HOT_CONTENDERS - HOT_PLACES:
        broken.append(f"hot stock: {successes} successes, {sold_out} SOLD_OUT ({hot['outcomes']})")
    if oversell or db["hot_booked_quantity"] != HOT_PLACES or db["hot_bookings"] != HOT_PLACES:
        broken.append(f"hot stock in the database: {db}")
    if db["hot_distinct_users"] != HOT_PLACES or db["hot_spent_cents"] != HOT_PLACES * PRICE_CENTS:
        broken.append(f"hot stock credit: {db['hot_spent_cents']} cents spent, {db['hot_distinct_users']} users")
    if a_ok != booking["count"]:
        broken.append(f"scenario A: failed bookings {booking['outcomes']}")
    if not (db["a_bookings"] == db["a_booked_quantity"] == a_ok and db["a_spent_cents"] == a_ok * PRICE_CENTS):
        broken.append(f"scenario A in the database: {db}")
    if baseline["outcomes"].get("ok", 0) != baseline["count"] or db["booking_status"] != 200:
        broken.append(f"baseline or profiling failed: {baseline['outcomes']}, booking {db['booking_status']}")
    if db["mails_missing"]:
        broken.append(f"{db['mails_missing']} booking mails missing")
    for message in broken:
        log("INVARIANT BROKEN:", message)
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
