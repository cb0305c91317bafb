"""``passculture serve`` really starts: a subprocess on a free port with a fresh SQLite database."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from passculture.demo.seed import DEMO_PASSWORD
from passculture.server.management.commands import serve as serve_module

START_TIMEOUT = 90
# Variables that would point the server at shared resources instead of the temporary directory.
ISOLATED_VARIABLES = {
    "DATABASE_URL",
    "REDIS_URL",
    "PASSCULTURE_ENV",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "PUBLIC_URL",
    "EMAIL_HOST",
    "EMAIL_BACKEND",
    "SECRET_KEY",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def passculture_command() -> list[str]:
    script = Path(sys.executable).with_name("passculture")
    return [str(script)] if script.exists() else [sys.executable, "-m", "passculture.cli"]


class Server:
    def __init__(self, tmp_path: Path, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / "serve.log"
        environment = {k: v for k, v in os.environ.items() if k not in ISOLATED_VARIABLES}
        environment.update(PASSCULTURE_VAR_DIR=str(tmp_path / "var"), **(env or {}))
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [*passculture_command(), "serve", "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=environment,
                cwd=tmp_path,
                start_new_session=True,  # Ctrl-C in the test runner's terminal must not reach it
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_until_up(self, path: str = "/connexion/") -> httpx.Response:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"serve exited with {self.process.returncode}:\n{self.output()}")
            try:
                response = httpx.get(self.url + path, timeout=5)
            except httpx.TransportError:
                time.sleep(0.2)
                continue
            if response.status_code == 200:
                return response
            pytest.fail(f"GET {path} answered {response.status_code}:\n{self.output()[-3000:]}")
        pytest.fail(f"serve did not answer within {START_TIMEOUT}s:\n{self.output()}")

    def stop(self, signum: int) -> int:
        self.process.send_signal(signum)
        return self.process.wait(timeout=30)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)  # the group of the server started above
            self.process.wait(timeout=10)

    def refuses_connections(self) -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.port)) != 0


@pytest.fixture
def server(tmp_path):
    started = Server(tmp_path)
    yield started
    started.kill()


def login(client: httpx.Client, email: str) -> httpx.Response:
    page = client.get("/connexion/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return client.post(
        "/connexion/",
        data={"csrfmiddlewaretoken": token, "email": email, "password": DEMO_PASSWORD},
        follow_redirects=True,
    )


def test_serve_starts_on_a_fresh_database_with_the_demo_data_and_stops_on_sigint(server):
    page = server.wait_until_up("/connexion/")
    assert "csrfmiddlewaretoken" in page.text

    output = server.output()
    assert f"{server.url}/" in output
    assert f"{server.url}/dev/mails/" in output
    for email in ("admin@example.org", "pro@example.org", "attente@example.org"):
        assert email in output
    assert "recheck_sirene" in output and "clearsessions" in output
    # The embedded default starts without a word of warning (no broker is a choice, not a fault).
    assert "WARNING" not in output and "No hostname was supplied" not in output

    with httpx.Client(base_url=server.url, timeout=10) as client:
        home = login(client, "pro@example.org")
        assert home.status_code == 200
        assert str(home.url) == f"{server.url}/"
        assert "Cinéma et Librairie Démo" in home.text
        assert client.get("/dev/mails/").status_code == 200
        assert client.get("/static/passculture/passculture.css").status_code == 200

    assert server.stop(signal.SIGINT) == 0
    assert server.refuses_connections()


def test_serve_stops_cleanly_on_sigterm(server):
    server.wait_until_up("/connexion/")
    assert server.stop(signal.SIGTERM) == 0
    assert server.refuses_connections()
    assert "Shutting down" in server.output()


def test_serve_refuses_an_unsafe_production_configuration(tmp_path):
    var_dir = tmp_path / "var"
    result = subprocess.run(
        [*passculture_command(), "serve", "--port", str(free_port())],
        env={
            **{k: v for k, v in os.environ.items() if k not in ISOLATED_VARIABLES},
            "PASSCULTURE_VAR_DIR": str(var_dir),
            "PASSCULTURE_ENV": "production",
            "SECRET_KEY": "x" * 50,
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SQLite" in result.stderr
    assert not (var_dir / "passculture.sqlite3").exists()


@pytest.mark.django_db
def test_serve_checks_production_safety_before_touching_the_database(monkeypatch):
    called = []
    monkeypatch.setattr(serve_module, "call_command", lambda *a, **k: called.append(a))
    with override_settings(IS_PRODUCTION=True, DEBUG=True), pytest.raises(CommandError, match="DEBUG"):
        call_command("serve")
    assert called == []


# --- Static files staleness ------------------------------------------------------------------------------


def test_static_files_are_collected_again_only_when_their_sources_change(tmp_path, settings):
    source_dir = tmp_path / "sources"
    (source_dir / "demo").mkdir(parents=True)
    source = source_dir / "demo" / "app.css"
    source.write_text("body { color: black; }")
    settings.STATICFILES_DIRS = [source_dir]
    settings.STATIC_ROOT = tmp_path / "static"

    fingerprint = serve_module.static_sources_fingerprint()
    assert serve_module.static_files_stale(fingerprint)  # STATIC_ROOT missing

    settings.STATIC_ROOT.mkdir()
    serve_module.static_fingerprint_path().write_text(fingerprint)
    assert not serve_module.static_files_stale(serve_module.static_sources_fingerprint())

    source.write_text("body { color: red; }")
    assert serve_module.static_files_stale(serve_module.static_sources_fingerprint())


def test_serve_refuses_a_port_in_use_before_touching_anything(monkeypatch):
    called = []
    monkeypatch.setattr(serve_module, "call_command", lambda *a, **k: called.append(a))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(CommandError, match="Cannot listen on"):
            call_command("serve", "--port", str(taken.getsockname()[1]))
    assert called == []


REDIS_TEST_URL = "redis://127.0.0.1:6379/14"


@pytest.mark.redis
def test_with_a_broker_serve_runs_a_celery_worker_that_sends_the_booking_mails(tmp_path):
    import redis

    redis.Redis.from_url(REDIS_TEST_URL).flushdb()  # no task left over from another run
    server = Server(tmp_path, env={"REDIS_URL": REDIS_TEST_URL})
    try:
        server.wait_until_up("/connexion/")
        assert "Background tasks: a Celery worker" in server.output()
        with httpx.Client(base_url=server.url, timeout=10) as client:
            credentials = {"identifier": "jeune@example.org", "password": DEMO_PASSWORD}
            tokens = client.post("/native/v1/signin", json=credentials)
            headers = {"Authorization": f"Bearer {tokens.json()['accessToken']}"}
            stock_id = first_bookable_stock(client)
            booked = client.post("/native/v1/bookings", json={"stockId": stock_id, "quantity": 1}, headers=headers)
            assert booked.status_code == 200, booked.text

            # The request only enqueued the mails: the worker renders and sends them, the young person's first.
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                mails = client.get("/dev/mails/").text
                if "Votre réservation pour" in mails and "Nouvelle réservation" in mails:
                    break
                time.sleep(0.3)
            else:
                pytest.fail(f"the two booking mails not there after 30 s:\n{server.output()[-3000:]}")
        workers = celery_children(server.process.pid)
        assert workers, "no Celery worker among the children of serve"
        assert server.stop(signal.SIGTERM) == 0
        time.sleep(0.5)
        assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "the worker outlived serve"
    finally:
        server.kill()


def first_bookable_stock(client: httpx.Client) -> int:
    for offer in client.get("/native/v1/offers/search").json()["results"]:
        for stock in client.get(f"/native/v1/offer/{offer['id']}").json()["stocks"]:
            if stock["isBookable"]:
                return stock["id"]
    pytest.fail("the demo data set has no bookable stock")


def celery_children(parent: int) -> list[int]:
    children = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            cmdline = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(parent) and b"celery" in cmdline:
            children.append(int(status.parent.name))
    return children
