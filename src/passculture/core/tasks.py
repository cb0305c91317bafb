"""Celery tasks of core: the one task that sends every mail (the logic is in ``passculture.core.mail``), and
:func:`enqueue`, how a service hands a task to the worker."""

from celery import shared_task
from django.conf import settings

from passculture.core import mail

RETRY_DELAYS = (30, 60, 120, 300, 600, 1800)  # seconds: the mail server may be down for a while


@shared_task(bind=True, name="core.send_mail", max_retries=len(RETRY_DELAYS))
def send_mail(self, kind: str, params: dict, only: list[str] | None = None) -> None:
    """The mails of ``kind``; on a mail server error, tried again later for the mails not yet sent."""
    try:
        mail.send_now(kind, params, only)
    except mail.MailsFailed as failure:
        raise self.retry(
            args=(kind, params, failure.keys),
            exc=failure,
            countdown=RETRY_DELAYS[min(self.request.retries, len(RETRY_DELAYS) - 1)],
        ) from failure


def enqueue(task, *args) -> None:
    """``task`` for the worker; without a broker (``CELERY_TASK_ALWAYS_EAGER``: the embedded default) its body runs
    at once, without Celery's eager machinery."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        task.run(*args)
    else:
        task.delay(*args)
