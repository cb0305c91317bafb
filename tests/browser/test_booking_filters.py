"""Suivi des réservations filtered by status, as the pro sees it: the count above the table is the count of what
the table lists, and the chip of the active status stands out from the others."""

import pytest
from playwright.sync_api import expect

from passculture.bookings.models import BookingStatus
from tests.browser.helpers import log_in
from tests.factories import BookingFactory, EventStockFactory, MembershipFactory, UserFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def background(locator) -> str:
    return locator.evaluate("element => getComputedStyle(element).backgroundColor")


def test_the_status_filter_shows_in_the_count_and_on_its_chip(page):
    pro = UserFactory(email="direction@salle-demo.fr")
    venue = VenueFactory(offerer=MembershipFactory(user=pro).offerer, name="Salle Démo")
    stock = EventStockFactory(offer__venue=venue)
    for _ in range(3):
        BookingFactory(stock=stock)
    BookingFactory(stock=stock, status=BookingStatus.CANCELLED)
    log_in(page, pro.email)

    page.goto("/reservations/?status=cancelled")

    expect(page.get_by_text("1 réservation (1 place) correspondant à ces filtres")).to_be_visible()
    active, other = page.get_by_role("link", name="Annulé (1)"), page.get_by_role("link", name="Toutes (4)")
    expect(active).to_have_attribute("aria-current", "true")
    assert background(active) != background(other)
