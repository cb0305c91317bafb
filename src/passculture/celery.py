"""The Celery application: background work (every mail: ``passculture.core.tasks.send_mail``).

With a broker (``CELERY_BROKER_URL``, or ``REDIS_URL`` when it is not set) tasks go to Redis and a worker runs
them: ``passculture serve`` starts one next to the web server, production runs
``celery -A passculture worker``. Without a broker — the embedded default and the tests — tasks run inline,
where they are enqueued (``task_always_eager``). See ``docs/adr/0005-celery-for-booking-mail.md`` and
``docs/adr/0007-one-mail-path.md``.

The worker keeps its database connections as the web server does: Celery's Django fix-up closes every connection
before and after each task, so each mail paid a new PostgreSQL connection (a fork, authentication, catalogue
caches: more than the mail itself). Here a connection is closed only when Django closes one at the end of a
request: older than ``CONN_MAX_AGE``, broken, or left in a transaction (``close_old_connections``).
"""

import os

from celery import Celery
from celery.fixups import django as django_fixup

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passculture.settings")


class _WorkerKeepingConnections(django_fixup.DjangoWorkerFixup):
    def close_database(self, **kwargs) -> None:
        from django.db import close_old_connections

        close_old_connections()  # honours CONN_MAX_AGE and the health checks, as around a web request


class _DjangoFixup(django_fixup.DjangoFixup):
    """Celery's Django fix-up, whose worker keeps its connections (created when the worker starts: it reads the
    configuration, which is not loaded yet when the fix-up is installed)."""

    @property
    def worker_fixup(self) -> django_fixup.DjangoWorkerFixup:
        if self._worker_fixup is None:
            self._worker_fixup = _WorkerKeepingConnections(self.app)
        return self._worker_fixup

    @worker_fixup.setter
    def worker_fixup(self, value: django_fixup.DjangoWorkerFixup) -> None:
        self._worker_fixup = value


def fixup(app: Celery) -> _DjangoFixup:
    """Installed in place of Celery's own (``celery.fixups.django:fixup``; Django is always configured here)."""
    return _DjangoFixup(app).install()


app = Celery("passculture", fixups=[f"{__name__}:fixup"])
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
