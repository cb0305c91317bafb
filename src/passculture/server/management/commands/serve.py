"""``passculture serve``: the whole platform in one command, from a fresh clone to a working site.

Steps: refuse an unsafe production configuration, apply the migrations, create the cache table, seed the
demo data set into an empty database (never in production), collect the static files when their sources
changed, start the scheduled jobs of ``deploy/crontab`` in a background thread and, when a Celery broker is
configured (``REDIS_URL``), a Celery worker process, then serve the site with gunicorn in the foreground until
Ctrl-C (SIGINT) or SIGTERM.
"""

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from passculture.core.checks import refuse_unsafe_production
from passculture.core.scheduler import CrontabError, Scheduler, crontab_path, load_jobs

STATIC_FINGERPRINT_FILE = ".passculture-sources"
DEFAULT_WORKERS = 2
THREADS_PER_WORKER = 4
TASK_WORKER_THREADS = 2  # tasks wait on the mail server, not on the CPU
TASK_WORKER_STOP_SECONDS = 10


# --- Static files ----------------------------------------------------------------------------------------


def static_sources_fingerprint() -> str:
    """A digest of every static source file (path, size, mtime) and of the storage collecting them."""
    entries = []
    ignore_patterns = apps.get_app_config("staticfiles").ignore_patterns
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore_patterns):
            stat = os.stat(storage.path(path))
            prefix = getattr(storage, "prefix", None) or ""
            entries.append(f"{prefix}/{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n")
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


def static_fingerprint_path() -> Path:
    return Path(settings.STATIC_ROOT) / STATIC_FINGERPRINT_FILE


def static_files_stale(fingerprint: str) -> bool:
    """True when STATIC_ROOT is missing or was collected from other sources (or another storage)."""
    marker = static_fingerprint_path()
    return not marker.is_file() or marker.read_text().strip() != fingerprint


# --- The WSGI server -------------------------------------------------------------------------------------


def gunicorn_application(options: dict):
    """A gunicorn application serving ``passculture.wsgi:application``, configured by ``options``."""
    from gunicorn.app.base import BaseApplication

    class EmbeddedServer(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            # Imported in each worker, after the fork (no preload): the master holds no application state.
            from passculture.wsgi import application

            return application

    return EmbeddedServer()


class Command(BaseCommand):
    help = (
        "Run the whole platform: migrations, demo data on an empty database, static files, "
        "scheduled jobs (deploy/crontab) and a gunicorn web server."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to bind (default 8000).")
        parser.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help=f"gunicorn worker processes, {THREADS_PER_WORKER} threads each (default {DEFAULT_WORKERS}).",
        )
        parser.add_argument("--no-jobs", action="store_true", help="Do not run the scheduled jobs of deploy/crontab.")

    def handle(self, *args, host: str, port: int, workers: int, no_jobs: bool, **options):
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        try:
            refuse_unsafe_production()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc

        self.check_port_free(host, port)
        started = time.monotonic()
        scheduler = None if no_jobs else self.load_scheduler()  # a broken crontab stops us before any change
        try:
            self.prepare()
        except KeyboardInterrupt:
            self.stderr.write("Interrupted.")
            raise SystemExit(130) from None
        show_demo_accounts = self.demo_accounts_present()
        # Nothing the master opened may be inherited by the forked workers.
        connections.close_all()

        url_host = "127.0.0.1" if host in {"0.0.0.0", "::", ""} else host  # noqa: S104
        base_url = f"http://{url_host}:{port}"
        if not os.environ.get("PUBLIC_URL"):
            # Links in mails must point at this server; the forked workers inherit the settings.
            settings.PUBLIC_URL = base_url

        self.print_banner(base_url, scheduler, show_demo_accounts, time.monotonic() - started)
        if scheduler is not None:
            scheduler.start()
        task_worker = self.start_task_worker()
        try:
            gunicorn_application(
                {
                    "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                    "workers": workers,
                    "worker_class": "gthread",
                    "threads": THREADS_PER_WORKER,
                    "timeout": 60,
                    "graceful_timeout": 10,
                    "accesslog": None,  # the application's access log carries the request id (core/logs.py)
                    "errorlog": "-",
                    "loglevel": "info",
                    "proc_name": "passculture",
                    "control_socket_disable": True,
                }
            ).run()
        finally:
            if scheduler is not None:
                scheduler.stop(timeout=2)
            if task_worker is not None:
                self.stop_task_worker(task_worker)

    # --- Preparation -----------------------------------------------------------------------------------

    def check_port_free(self, host: str, port: int) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
            try:
                probe.bind((host, port))
            except OSError as exc:
                raise CommandError(f"Cannot listen on {host}:{port} ({exc.strerror}): try --port.") from exc

    @contextmanager
    def step(self, label: str):
        self.stdout.write(f"{label}…", ending="")
        self.stdout.flush()
        begun = time.monotonic()
        yield
        self.stdout.write(f" done ({time.monotonic() - begun:.1f}s)")

    def prepare(self) -> None:
        with self.step("Applying database migrations"):
            call_command("migrate", interactive=False, verbosity=0)
        with self.step("Creating the cache table"):
            call_command("createcachetable", verbosity=0)
        if not settings.IS_PRODUCTION:
            from passculture.accounts.models import User

            if not User.objects.exists():
                with self.step("Seeding the demo data set (empty database)"):
                    from passculture.demo.seed import seed_demo

                    seed_demo()
        fingerprint = static_sources_fingerprint()
        if static_files_stale(fingerprint):
            with self.step(f"Collecting static files into {settings.STATIC_ROOT}"):
                call_command("collectstatic", interactive=False, verbosity=0)
                static_fingerprint_path().write_text(fingerprint)

    def load_scheduler(self) -> Scheduler | None:
        path = crontab_path()
        if not path.is_file():
            self.stderr.write(f"No crontab at {path}: scheduled jobs are off (set PASSCULTURE_CRONTAB).")
            return None
        try:
            jobs = load_jobs(path)
        except CrontabError as exc:
            raise CommandError(str(exc)) from exc
        known = get_commands()
        unknown = [str(job) for job in jobs if job.command not in known]
        if unknown:
            raise CommandError(f"{path}: unknown commands: {', '.join(unknown)}")
        return Scheduler(jobs)

    def start_task_worker(self) -> subprocess.Popen | None:
        """A Celery worker for the background tasks, when they go through a broker (else they run inline)."""
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return None
        command = [sys.executable, "-m", "celery", "--app", "passculture", "worker", "--pool", "threads"]
        command += ["--concurrency", str(TASK_WORKER_THREADS), "--loglevel", "INFO"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        return subprocess.Popen(command)  # noqa: S603 (a fixed command; it inherits the environment)

    def stop_task_worker(self, worker: subprocess.Popen) -> None:
        """Warm shutdown (the tasks under way finish), then a kill if it takes too long."""
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(TASK_WORKER_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()

    def demo_accounts_present(self) -> bool:
        if settings.IS_PRODUCTION:
            return False
        from passculture.demo.seed import demo_data_present

        return demo_data_present()

    def print_banner(
        self, base_url: str, scheduler: Scheduler | None, show_demo_accounts: bool, seconds: float
    ) -> None:
        write = self.stdout.write
        write("")
        write(f"pass Culture Pro: {base_url}/  (prepared in {seconds:.1f}s)")
        if settings.DEV_MAILBOX_ENABLED:
            write(f"  Mails sent (dev mailbox): {base_url}/dev/mails/")
        if show_demo_accounts:
            from passculture.demo.management.commands.demo import describe_accounts
            from passculture.demo.seed import DEMO_PASSWORD

            write(f"  Demo accounts (password {DEMO_PASSWORD}):")
            for line in describe_accounts():
                write(f"    {line}")
        if settings.CELERY_TASK_ALWAYS_EAGER:
            write("  Background tasks: inline (no broker; set REDIS_URL for a Celery worker)")
        else:
            write(f"  Background tasks: a Celery worker ({TASK_WORKER_THREADS} threads) on the configured broker")
        if scheduler is None:
            write("  Scheduled jobs: off")
        else:
            jobs = ", ".join(f"{job.command} ({job.schedule})" for job in scheduler.jobs)
            write(f"  Scheduled jobs from {crontab_path()}: {jobs}")
        write("  Stop with Ctrl-C.")
        write("")
        self.stdout.flush()
