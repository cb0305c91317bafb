"""Booking mails go through a Celery task per recipient: built from the booking, and never fatal to it."""

import logging
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from passculture.beneficiaries.models import Deposit
from passculture.bookings import services, tasks
from passculture.bookings.models import Booking

pytestmark = pytest.mark.django_db

ATTEMPTS = {"count": 0}


class DownMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        ATTEMPTS["count"] += 1
        raise SMTPServerDisconnected("Connection unexpectedly closed")


def test_each_side_gets_its_own_mail_built_from_the_booking(beneficiary, event_stock, mailoutbox):
    booking = services.booking_create(beneficiary, event_stock.pk)  # enqueued once committed: not yet sent
    assert mailoutbox == []

    tasks.send_booking_mail(booking.pk, "booking_confirmed", "offerer")

    [venue_mail] = mailoutbox
    assert venue_mail.to == [event_stock.offer.venue.booking_email]
    assert venue_mail.subject == f"Nouvelle réservation : {event_stock.offer.name}"
    assert booking.token in venue_mail.body and beneficiary.email in venue_mail.body


def test_the_cancellation_mail_gives_the_reason_recorded_on_the_booking(beneficiary, event_stock, mailoutbox):
    booking = services.booking_create(beneficiary, event_stock.pk)
    services.booking_cancel_by_offerer(booking.pk, None, "Salle inondée")

    tasks.send_booking_mail(booking.pk, "booking_cancelled", "beneficiary", "Salle inondée")

    [young_mail] = mailoutbox
    assert young_mail.to == [beneficiary.email]
    assert "Annulée par la structure" in young_mail.body and "Salle inondée" in young_mail.body


def test_a_mail_server_down_never_fails_the_booking(
    beneficiary, event_stock, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.DownMailServer"
    ATTEMPTS["count"] = 0
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(beneficiary, event_stock.pk)

    assert Booking.objects.filter(pk=booking.pk, status="CONFIRMED").exists()
    assert Deposit.objects.get(user=beneficiary).spent_cents == event_stock.price_cents
    # Inline (no broker), each mail is tried once and its failure logged; a worker would try again later.
    assert ATTEMPTS["count"] == 2  # the venue's mail was still tried after the young person's failed
    assert caplog.text.count("Connection unexpectedly closed") >= 2
    assert mail.outbox == []
