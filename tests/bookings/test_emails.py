"""Every booking email, rendered from a real booking, reads well on both sides."""

import copy
import datetime

import pytest
from django.conf import settings

from passculture.bookings import services
from tests.factories import EbookFactory, EventOfferFactory, StockFactory

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


def test_the_young_persons_mails_come_from_the_pass_culture_not_from_the_pro_portal(
    beneficiary, venue, book_stock, django_capture_on_commit_callbacks, mailoutbox
):
    stock = StockFactory(offer=EventOfferFactory(venue=venue), price_cents=1250)
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(beneficiary, stock.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel_by_beneficiary(beneficiary, booking.pk)
    with django_capture_on_commit_callbacks(execute=True):
        reminded = services.booking_create(beneficiary, book_stock.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_send_expiry_reminder(reminded.pk, reminded.expiration_datetime - datetime.timedelta(days=7))
    to_young = [m for m in mailoutbox if m.to == [beneficiary.email]]
    to_venue = [m for m in mailoutbox if m.to == [venue.booking_email]]
    assert len(to_young) == 4 and to_venue
    for message in to_young:
        html = message.alternatives[0][0]
        assert "pass Culture Pro" not in message.body and "pass Culture Pro" not in html
        assert "Le portail des acteurs culturels" not in html
        assert "Le catalogue des offres culturelles réservables avec le pass Culture" in html
        assert "envoyé automatiquement par le pass Culture" in message.body
    for message in to_venue:  # the pros' mails keep their portal's name
        assert "pass Culture Pro" in message.body


def test_an_ebook_booking_mail_says_where_to_read_it_not_to_show_an_identity_card(
    beneficiary, django_capture_on_commit_callbacks, mailoutbox
):
    ebook = EbookFactory()
    stock = StockFactory(offer=ebook, price_cents=990)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(beneficiary, stock.pk)
    [young_mail] = [m for m in mailoutbox if m.to == [beneficiary.email]]
    assert "pièce d'identité" not in young_mail.body
    assert f"Offre numérique : rien à retirer, accédez-y en ligne : {ebook.url}" in young_mail.body
