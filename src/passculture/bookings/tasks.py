"""Celery tasks of bookings: thin wrappers taking ids (the logic is in ``notifications``)."""

from smtplib import SMTPException

from celery import shared_task

from passculture.bookings.notifications import booking_mail_send


@shared_task(
    name="bookings.send_booking_mail",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,  # 30 s, 60 s, 120 s… while the mail server is unreachable
    max_retries=6,
)
def send_booking_mail(booking_id: int, event: str, side: str, comment: str = "") -> None:
    booking_mail_send(booking_id, event, side, comment)
