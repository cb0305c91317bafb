"""CPU profile of bookings and of ``GET /native/v1/me`` in one process (Django's test client, no HTTP server).

    uv run python bench/profile_booking.py [--requests 300] [--top 25]

Runs on the database that ``bench/booking.py`` left (``passculture_bench_booking`` on the server of DATABASE_URL;
run the booking bench first), ``DEBUG`` off, mails inline to the development mailbox (the embedded default). Prints
the wall-clock milliseconds per request of each, the share spent waiting for PostgreSQL (time inside the database
driver's ``execute``), the CPU time of the process per request (``cpu_ms_per_request``: Python and the driver, without
the waits for PostgreSQL or for a CPU, so the figure least moved by a busy machine), the statements per request,
then the functions that cost the most CPU (``cProfile``, own time) over the bookings.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "passculture_bench_booking"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    url = urlsplit(os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres")
    os.environ.update(
        DATABASE_URL=urlunsplit(url._replace(path=f"/{DATABASE}")),
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="passculture.settings",
        LOG_LEVEL="WARNING",
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from passculture.accounts.models import User
    from passculture.api.auth import ACCESS, issue_token
    from passculture.bookings.models import Booking
    from passculture.offers.models import Stock

    database_seconds = [0.0]
    statements = [0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            database_seconds[0] += time.perf_counter() - started
            statements[0] += 1

    users = list(User.objects.filter(email__startswith="jeune", email__endswith="@example.org").order_by("pk")[:50])
    stocks = list(
        Stock.objects.filter(offer__name__startswith="Spectacle de charge", quantity__isnull=True).values_list(
            "pk", flat=True
        )
    )
    booked = set(Booking.objects.filter(user__in=users).values_list("user_id", "stock_id"))
    clients = {user.pk: Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user, ACCESS)}") for user in users}
    plan = []
    for stock_id in stocks:
        for user in users:
            if (user.pk, stock_id) not in booked and len(plan) < args.requests + 10:
                plan.append((user.pk, stock_id))
                booked.add((user.pk, stock_id))
    if len(plan) < args.requests + 10:
        sys.exit("not enough stocks left: run bench/booking.py again")

    def book(user_id: int, stock_id: int) -> None:
        response = clients[user_id].post(
            "/native/v1/bookings", json.dumps({"stockId": stock_id, "quantity": 1}), content_type="application/json"
        )
        assert response.status_code == 200, response.content

    def me(index: int) -> None:
        assert clients[users[index % len(users)].pk].get("/native/v1/me").status_code == 200

    for user_id, stock_id in plan[:10]:  # warm: caches of the process (parameters, content types, templates)
        book(user_id, stock_id)
        me(user_id)
    figures = {}
    for name, run in (
        ("me", lambda: [me(i) for i in range(args.requests)]),
        ("booking", lambda: [book(u, s) for u, s in plan[10:]]),
    ):
        database_seconds[0], statements[0] = 0.0, 0
        with connection.execute_wrapper(timed):
            started, cpu_started = time.perf_counter(), time.process_time()
            run()
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        figures[name] = {
            "ms_per_request": round(1000 * wall / args.requests, 2),
            "database_ms_per_request": round(1000 * database_seconds[0] / args.requests, 2),
            "python_ms_per_request": round(1000 * (wall - database_seconds[0]) / args.requests, 2),
            "cpu_ms_per_request": round(1000 * cpu / args.requests, 2),
            "statements_per_request": round(statements[0] / args.requests, 1),
        }
    figures["ratio_booking_to_me_cost"] = round(
        figures["booking"]["ms_per_request"] / figures["me"]["ms_per_request"], 2
    )
    figures["load_average_1m"] = round(os.getloadavg()[0], 2)
    print(json.dumps(figures), flush=True)

    more = [(u, s) for s in stocks for u in [user.pk for user in users] if (u, s) not in booked][: args.requests]
    profiler = cProfile.Profile()
    profiler.enable()
    for user_id, stock_id in more:
        book(user_id, stock_id)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
    print(out.getvalue(), file=sys.stderr)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumtime").print_stats(args.top)
    print(out.getvalue(), file=sys.stderr)


if __name__ == "__main__":
    main()
