"""The pro sees the image young people will see, not only its file name."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import OfferFactory
from tests.html import parse, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("page_name", ["pro:offer-detail", "pro:offer-edit"])
def test_the_offer_pages_preview_the_image_with_its_credit(pro_client, venue, page_name):
    offer = OfferFactory(venue=venue, name="Le Petit Prince", image_credit="A. Martin")
    offer.image.save("affiche.jpg", ContentFile(b"jpeg"), save=True)
    page = pro_client.get(reverse(page_name, args=[offer.pk]))
    [preview] = [img for img in parse(page).select("img") if img.get("src") == offer.image.url]
    assert preview.get("alt") == "Aperçu de l'image de l'offre « Le Petit Prince »"
    assert preview.get("width") and preview.get("height")
    if page_name == "pro:offer-detail":  # the edit page holds the credit in its field
        assert "Crédit : A. Martin" in visible_text(page)
