"""The young people's pages in a real Chromium, on a desktop and on a phone: nothing is drawn over the footer (a card
stretched to its column's height covered the footer, its support link and the République Française logo)."""

import pytest

from tests.browser.helpers import footer_covered, log_in
from tests.url_matrix import add_young_people, build_world, young_requests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DESCRIPTION = "\n\n".join(
    ["Un quartet venu de la Nouvelle-Orléans joue les standards du jazz et ses propres compositions."] * 6
)
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture
def world():
    world = add_young_people(build_world())
    offer = world["young_offer"]
    offer.description = DESCRIPTION  # a long offer page: its venue card once ran over the footer
    offer.save(update_fields=["description"])
    return world


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_covers_the_footer(page, world, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    gets, _ = young_requests(world)
    for path in [url for role, _, url, _ in gets if role == "anonymous"]:
        page.goto(path)
        assert footer_covered(page) == [], path
    log_in(page, world["users"]["young"].email)
    for path in [url for role, _, url, _ in gets if role == "young"]:
        page.goto(path)
        assert footer_covered(page) == [], path
