"""The young people's pages in a real Chromium, on a desktop and on a phone: no card runs over the footer (a card
stretched to its column's height covered the footer and the République Française logo)."""

import pytest

from passculture.bookings.services import booking_create
from tests.browser.helpers import log_in
from tests.factories import BeneficiaryFactory, EventStockFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESCRIPTION = "\n\n".join(
    ["Un quartet venu de la Nouvelle-Orléans joue les standards du jazz et ses propres compositions."] * 6
)
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}

# Whatever a card is inside: DSFR cards, and the columns of the grid.
OVERLAPS = """() => {
  const footer = document.querySelector("footer.fr-footer").getBoundingClientRect();
  const cards = [...document.querySelectorAll("main .fr-card, main [class*='fr-col']")];
  return cards
    .map(card => ({text: card.innerText.slice(0, 40), bottom: card.getBoundingClientRect().bottom}))
    .filter(card => card.bottom > footer.top + 1);
}"""


@pytest.fixture
def world():
    venue = VenueFactory(public_name="Le Petit Bain", in_paris=True)
    stock = EventStockFactory(
        offer__venue=venue, offer__name="Quartet de la Seine", offer__description=DESCRIPTION, in_ten_days=True
    )
    young = BeneficiaryFactory(email="lou@example.net")
    booking = booking_create(young, stock.pk)
    return {"young": young, "offer": stock.offer, "booking": booking}


@pytest.mark.parametrize("width", WIDTHS)
def test_no_card_runs_over_the_footer(page, world, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    log_in(page, world["young"].email)
    offer, booking = world["offer"], world["booking"]
    for path in (
        "/catalogue/",
        f"/catalogue/offres/{offer.pk}/",
        "/catalogue/reservations/",
        f"/catalogue/reservations/{booking.pk}/",
        f"/catalogue/reservations/{booking.pk}/annuler/",
    ):
        page.goto(path)
        assert page.evaluate(OVERLAPS) == [], path
