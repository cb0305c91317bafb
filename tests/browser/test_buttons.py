"""DSFR buttons with an icon show their label too: in a group of buttons, the group must say where the icon goes
(``fr-btns-group--icon-left``), else the DSFR shrinks each button to its icon and hides the text."""

import pytest
from playwright.sync_api import expect

from passculture.offers.models import OfferValidation
from tests.browser.helpers import log_in
from tests.factories import EventOfferFactory, EventStockFactory, MembershipFactory, UserFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_buttons_with_an_icon_show_their_label_on_the_offer_pages(page):
    pro = UserFactory(email="direction@salle-demo.fr")
    venue = VenueFactory(offerer=MembershipFactory(user=pro).offerer, name="Salle Démo")
    offer = EventOfferFactory(venue=venue, name="Quartet")
    EventStockFactory(offer=offer)
    draft = EventOfferFactory(venue=venue, name="Trio", validation=OfferValidation.DRAFT)
    EventStockFactory(offer=draft)
    log_in(page, pro.email)
    checked = []
    for url in [
        "/",
        "/offres/",
        f"/offres/{offer.pk}/",
        f"/offres/{offer.pk}/stocks/",
        f"/offres/{draft.pk}/recapitulatif/",
    ]:
        page.goto(url)
        expect(page.locator("main h1")).to_be_visible()
        for button in page.locator("main .fr-btns-group .fr-btn[class*='fr-icon-']").all():
            box = button.bounding_box()
            label = button.inner_text().strip()
            # The label is laid out beside the icon: the button is much wider than tall.
            assert label and box["width"] > 2 * box["height"], f"{url}: « {label} » shows its icon only"
            checked.append(label)
    assert {"Activer la sélection", "Désactiver la sélection"} <= set(checked) and len(checked) >= 6, checked
