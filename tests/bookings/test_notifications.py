"""Booking mails go through the mail task of core: built from the booking, retried per recipient, never fatal to it."""

import datetime
import logging
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from passculture.beneficiaries.models import Deposit
from passculture.bookings import services
from passculture.bookings.models import Booking
from passculture.core import tasks
from passculture.core.dates import format_datetime
from passculture.core.models import AuditLogEntry
from passculture.offers import services as offer_services
from passculture.offers.models import StockDateChange
from tests.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db

ATTEMPTS = {"count": 0}


class DownMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        ATTEMPTS["count"] += 1
        raise SMTPServerDisconnected("Connection unexpectedly closed")


def test_each_side_gets_its_own_mail_built_from_the_booking(beneficiary, event_stock, mailoutbox):
    booking = services.booking_create(beneficiary, event_stock.pk)  # enqueued once committed: not yet sent
    assert mailoutbox == []

    tasks.send_mail("booking_confirmed", {"booking_id": booking.pk}, ["offerer"])

    [venue_mail] = mailoutbox
    assert venue_mail.to == [event_stock.offer.venue.booking_email]
    assert venue_mail.subject == f"Nouvelle réservation : {event_stock.offer.name}"
    assert booking.token in venue_mail.body and beneficiary.email in venue_mail.body


def test_the_cancellation_mail_gives_the_reason_recorded_on_the_booking(beneficiary, event_stock, mailoutbox):
    booking = services.booking_create(beneficiary, event_stock.pk)
    services.booking_cancel_by_offerer(booking.pk, None, "Salle inondée")

    tasks.send_mail("booking_cancelled", {"booking_id": booking.pk, "comment": "Salle inondée"}, ["beneficiary"])

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
    # Inline (no broker), each mail is tried once and the failure logged; a worker would try again later.
    assert ATTEMPTS["count"] == 2  # the venue's mail was still tried after the young person's failed
    assert "booking_confirmed mails to beneficiary, offerer not sent: Connection unexpectedly closed" in caplog.text


class FlakyMailServer(BaseEmailBackend):
    """Refuses the first mail to the venue, then accepts everything (into Django's test outbox)."""

    def send_messages(self, email_messages):
        ATTEMPTS["count"] += 1
        if ATTEMPTS["count"] == 1 and email_messages[0].subject.startswith("Nouvelle réservation"):
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        mail.outbox.extend(email_messages)
        return len(email_messages)


def test_a_retry_sends_only_the_mails_not_yet_sent(beneficiary, event_stock, settings, monkeypatch):
    booking = services.booking_create(beneficiary, event_stock.pk)
    settings.EMAIL_BACKEND = f"{__name__}.FlakyMailServer"
    ATTEMPTS["count"] = 0
    retried = []
    monkeypatch.setattr(tasks.send_mail, "retry", lambda **kw: retried.append(kw) or Exception("retry"))

    with pytest.raises(Exception, match="retry"):
        tasks.send_mail("booking_confirmed", {"booking_id": booking.pk}, ["offerer", "beneficiary"])

    assert [m.to for m in mail.outbox] == [[beneficiary.email]]  # the young person's went out
    [retry] = retried
    assert retry["args"] == ("booking_confirmed", {"booking_id": booking.pk}, ["offerer"])  # only the venue's is left
    assert retry["countdown"] == tasks.RETRY_DELAYS[0]

    tasks.send_mail(*retry["args"])  # the retry, once the server is back

    assert sorted(m.to[0] for m in mail.outbox) == sorted([beneficiary.email, event_stock.offer.venue.booking_email])


class TestAnEventMoved:
    """docs/domain/offers.md#dates: a new date re-sends a notice to beneficiaries and recomputes their cancellation
    limits."""

    def move(self, stock, pro, days, callbacks):
        new_start = stock.beginning_datetime + datetime.timedelta(days=days)
        with callbacks(execute=True):
            offer_services.stock_update(stock.pk, pro, beginning_datetime=new_start, booking_limit_datetime=new_start)
        return new_start

    def test_the_young_people_are_told_and_their_cancellation_limit_follows(
        self, beneficiary, event_stock, pro, mailoutbox, django_capture_on_commit_callbacks
    ):
        old_start = event_stock.beginning_datetime
        booking = services.booking_create(beneficiary, event_stock.pk)
        cancelled = services.booking_create(BeneficiaryFactory(), event_stock.pk)
        services.booking_cancel_by_beneficiary(cancelled.user, cancelled.pk)
        mailoutbox.clear()

        # Booked 10 days ahead: cancellable for 48 h. Moved to tomorrow: the limit is the booking time itself.
        new_start = self.move(event_stock, pro, -9, django_capture_on_commit_callbacks)

        booking.refresh_from_db()
        assert booking.cancellation_limit_datetime == booking.created_at
        [notice] = mailoutbox  # the beneficiary only: the cancelled booking and the structure get nothing
        assert notice.to == [beneficiary.email]
        assert notice.subject == f"Nouvelle date pour votre réservation : {event_stock.offer.name}"
        timezone_name = event_stock.offer.venue.timezone
        assert f"Ancienne date : {format_datetime(old_start, timezone_name)}" in notice.body
        assert f"Nouvelle date : {format_datetime(new_start, timezone_name)}" in notice.body
        assert booking.token in notice.body and "contactez" in notice.body
        [change] = StockDateChange.objects.filter(stock=event_stock)
        assert change.notified_at is not None
        assert AuditLogEntry.objects.filter(action="booking.rescheduled").count() == 1

    def test_a_later_date_gives_back_the_right_to_cancel(
        self, beneficiary, event_stock, pro, mailoutbox, django_capture_on_commit_callbacks
    ):
        booking = services.booking_create(beneficiary, event_stock.pk)
        self.move(event_stock, pro, -9, django_capture_on_commit_callbacks)  # tomorrow: no longer cancellable
        event_stock.refresh_from_db()
        self.move(event_stock, pro, 20, django_capture_on_commit_callbacks)  # three weeks away: 48 h again
        booking.refresh_from_db()
        assert booking.cancellation_limit_datetime == booking.created_at + datetime.timedelta(hours=48)
        notice = mailoutbox[-1]
        limit = format_datetime(booking.cancellation_limit_datetime, event_stock.offer.venue.timezone)
        assert f"vous pouvez l'annuler jusqu'au {limit}" in notice.body
