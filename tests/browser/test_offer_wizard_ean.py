"""docs/domain/offers.md#flags in Chromium: the EAN look-up fills the title of a book only when the pro typed none."""

import re

import pytest
from playwright.sync_api import expect

from passculture.offerers.models import OffererStatus
from passculture.offers.models import Product
from tests.browser.helpers import log_in
from tests.factories import MembershipFactory, OffererFactory, UserFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_ean_look_up_keeps_the_title_the_pro_typed(page):
    pro = UserFactory(email="librairie@exemple.fr")
    offerer = OffererFactory(name="Librairie Démo", status=OffererStatus.VALIDATED)
    MembershipFactory(user=pro, offerer=offerer)
    venue = VenueFactory(offerer=offerer, name="Librairie du Centre")
    Product.objects.create(
        ean="9782070612758", name="Le Petit Prince", author="Antoine de Saint-Exupéry", subcategory_id="LIVRE_PAPIER"
    )
    log_in(page, pro.email)
    page.goto(f"/offres/nouvelle/{venue.pk}/LIVRE_PAPIER/")
    page.get_by_label("Titre de l'offre").fill("Le Petit Prince, édition collector")
    page.get_by_label(re.compile("EAN-13")).press_sequentially("9782070612758")
    expect(page.get_by_text("Votre titre est conservé")).to_be_visible()
    expect(page.get_by_label("Titre de l'offre")).to_have_value("Le Petit Prince, édition collector")
    expect(page.get_by_label("Auteur")).to_have_value("Antoine de Saint-Exupéry")  # empty, so filled
