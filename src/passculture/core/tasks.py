"""Celery tasks of core: the one task that sends every mail (the logic is in ``passculture.core.mail``)."""

from celery import shared_task

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
