"""Billets à éditer, printed: the "Édité" column gives the box office a box to tick on each ticket's line."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.factories import BookingFactory, EventStockFactory, MembershipFactory, UserFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_printed_list_has_a_box_to_tick_on_each_line(page):
    pro = UserFactory(email="billetterie@salle-demo.fr")
    venue = VenueFactory(offerer=MembershipFactory(user=pro).offerer, name="Salle Démo")
    stock = EventStockFactory(offer__venue=venue, offer__name="Le Misanthrope")
    BookingFactory(stock=stock, quantity=2)
    log_in(page, pro.email)

    page.goto(f"/billets/{stock.pk}/")
    page.emulate_media(media="print")

    expect(page.get_by_role("columnheader", name="Édité (à cocher)")).to_be_visible()
    boxes = page.locator("tbody .pc-print-check")
    expect(boxes).to_have_count(2)  # a Duo: two tickets
    for box in boxes.all():
        expect(box).to_be_visible()
        expect(box).to_contain_text("☐")
