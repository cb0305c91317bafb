"""Every booking email, rendered from a real booking, reads well on both sides."""

import copy
import datetime

import pytest
from django.conf import settings

from passculture.bookings import services
from tests.factories import EventOfferFactory, StockFactory

pytestmark = pytest.mark.django_db

TEMPLATES = [
    "booking_confirmed_beneficiary",
    "booking_confirmed_offerer",
    "booking_cancelled_beneficiary",
    "booking_cancelled_offerer",
    "booking_expiry_reminder_beneficiary",
]


@pytest.fixture(autouse=True)
def strict_templates(settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = "INVALID[%s]"
    settings.TEMPLATES = templates


def sent(mailoutbox, template_subject_part):
    return [m for m in mailoutbox if template_subject_part in m.subject]


def test_booking_and_cancellation_mails(beneficiary, venue, django_capture_on_commit_callbacks, mailoutbox):
    offer = EventOfferFactory(venue=venue, name="L'Orchestre & ses amis")
    stock = StockFactory(offer=offer, price_cents=1250)
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(beneficiary, stock.pk, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel_by_beneficiary(beneficiary, booking.pk)
    assert len(mailoutbox) == 4
    for message in mailoutbox:
        html = message.alternatives[0][0]
        for text in (message.subject, message.body, html):
            assert "INVALID[" not in text and "{{" not in text
        assert "&#x27;" not in message.body and "&amp;" not in message.body
        assert "L'Orchestre & ses amis" in message.subject
    to_venue = [m for m in mailoutbox if m.to == [venue.booking_email]]
    assert "Nouvelle réservation" in to_venue[0].subject
    assert "25,00" in to_venue[0].body and "(Duo)" in to_venue[0].body
    assert "annulée" in to_venue[1].subject
    to_young = [m for m in mailoutbox if m.to == [beneficiary.email]]
    assert booking.token in to_young[0].body
    assert "recrédités" in to_young[1].body


def test_expiry_reminder_mail(beneficiary, book_stock, django_capture_on_commit_callbacks, mailoutbox):
    booking = services.booking_create(beneficiary, book_stock.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_send_expiry_reminder(booking.pk, booking.expiration_datetime - datetime.timedelta(days=7))
    [message] = mailoutbox
    assert "Pensez à retirer" in message.subject
    assert "INVALID[" not in message.body and settings.SUPPORT_EMAIL in message.body
