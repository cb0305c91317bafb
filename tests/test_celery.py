"""The Celery worker (``passculture/celery.py``) keeps its database connections between tasks."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from passculture.bookings import services as booking_services
from passculture.core import tasks
from passculture.core.models import StoredEmail
from tests.broker import redis_broker as broker_to
from tests.factories import BeneficiaryFactory, EventStockFactory

ROOT = Path(__file__).resolve().parent.parent
REDIS_TEST_URL = "redis://127.0.0.1:6379/10"
TASKS = 40
THREADS = 2


def sessions_opened() -> int:
    """Connections ever opened to the test database (PostgreSQL's statistics, read afresh)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


def database_url() -> str:
    params = connection.settings_dict
    credentials = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    return f"postgresql://{credentials}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"


@pytest.fixture
def broker(settings):
    """Celery publishing to Redis db 10 (emptied), as with a configured broker."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with broker_to(REDIS_TEST_URL) as client:
        yield client


@pytest.fixture
def worker(broker):
    """``celery -A passculture worker`` (threads, as ``passculture serve`` starts it) on the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "60",
        "CELERY_BROKER_URL": REDIS_TEST_URL,
        "EMAIL_BACKEND": "passculture.core.mail.DatabaseEmailBackend",
    }
    command = [sys.executable, "-m", "celery", "--app", "passculture", "worker", "--pool", "threads"]
    command += ["--concurrency", str(THREADS), "--without-gossip", "--without-mingle", "--without-heartbeat"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for_mails(count: int, worker: subprocess.Popen) -> None:
    deadline = time.monotonic() + 180  # a worker starts in seconds, but a busy CI machine may take a minute
    while StoredEmail.objects.count() < count:
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            pytest.fail(f"{StoredEmail.objects.count()} of {count} mails; worker:\n{worker.stdout.read().decode()}")
        time.sleep(0.1)


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_worker_keeps_its_database_connections_from_one_task_to_the_next(worker):
    stock = EventStockFactory(quantity=None)  # unlimited places
    bookings = [booking_services.booking_create(BeneficiaryFactory(), stock.pk) for _ in range(TASKS + 1)]
    StoredEmail.objects.all().delete()  # no broker at booking time: those mails were sent inline

    tasks.send_mail.delay("booking_confirmed", {"booking_id": bookings[0].pk})
    wait_for_mails(2, worker)  # the worker is up and has read the database once
    time.sleep(1.5)  # PostgreSQL's statistics are flushed at most once a second
    before = sessions_opened()

    for booking in bookings[1:]:
        tasks.send_mail.delay("booking_confirmed", {"booking_id": booking.pk})
    wait_for_mails(2 * (TASKS + 1), worker)
    time.sleep(1.5)

    # Each task read a booking and stored two mails; at most one new connection per worker thread (and ours).
    assert sessions_opened() - before <= THREADS + 1
