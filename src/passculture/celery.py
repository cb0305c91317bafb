"""The Celery application: background work (every mail: ``passculture.core.tasks.send_mail``).

With a broker (``CELERY_BROKER_URL``, or ``REDIS_URL`` when it is not set) tasks go to Redis and a worker runs
them: ``passculture serve`` starts one next to the web server, production runs
``celery -A passculture worker``. Without a broker — the embedded default and the tests — tasks run inline,
where they are enqueued (``task_always_eager``). See ``docs/adr/0005-celery-for-booking-mail.md`` and
``docs/adr/0007-one-mail-path.md``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passculture.settings")

app = Celery("passculture")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
