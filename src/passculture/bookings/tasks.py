"""Celery tasks of bookings: thin wrappers taking ids (the logic is in ``notifications``)."""

from celery import shared_task

from passculture.bookings import notifications

RETRY_DELAYS = (30, 60, 120, 300, 600, 1800)  # seconds: the mail server may be down for a while


@shared_task(bind=True, name="bookings.send_booking_mails", max_retries=len(RETRY_DELAYS))
def send_booking_mails(self, booking_id: int, event: str, sides: list[str], comment: str = "") -> None:
    """The mails of a booking event; on a mail server error, tried again later for the sides not yet sent to."""
    try:
        notifications.booking_mails_send(booking_id, event, sides, comment)
    except notifications.BookingMailsFailed as failure:
        raise self.retry(
            args=(booking_id, event, failure.sides, comment),
            exc=failure,
            countdown=RETRY_DELAYS[min(self.request.retries, len(RETRY_DELAYS) - 1)],
        ) from failure
