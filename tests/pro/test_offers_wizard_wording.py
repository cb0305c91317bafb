"""The offer wizard's words (docs/domain/offers.md): a required venue is not "optional", a book is not "on site",
a thing's stock is not counted in places, a refusal about the EAN stands under the EAN field."""

import pytest
from django.urls import reverse

from passculture.offers.models import Offer, Product
from tests.factories import OfferFactory, StockFactory
from tests.html import field_errors, visible_text
from tests.html import unescaped as text
from tests.pro.helpers import details_url

CREATE = reverse("pro:offer-create")
TYPE_FIELDS = reverse("pro:offer-type-fields")
HTMX = {"HX-Request": "true"}


@pytest.mark.django_db
def test_step_one_does_not_call_the_required_venue_optional(pro_client):
    page = pro_client.get(CREATE)
    assert "Optionnel" not in visible_text(page, "label[for=id_venue]")
    fragment = pro_client.get(TYPE_FIELDS, {"category": "LIVRE", "subcategory": "LIVRE_PAPIER"}, headers=HTMX)
    assert "Optionnel" not in visible_text(fragment, "label[for=id_venue]")


@pytest.mark.django_db
def test_step_one_still_asks_for_the_venue_when_none_is_chosen(pro_client, venue, offerer):
    # Two physical venues: nothing is preselected.
    from tests.factories import VenueFactory

    VenueFactory(offerer=offerer)
    response = pro_client.post(CREATE, {"category": "LIVRE", "subcategory": "LIVRE_PAPIER", "venue": ""})
    assert field_errors(response, "venue") == ["Veuillez choisir le lieu de l'offre."]


@pytest.mark.django_db
def test_a_paper_book_is_not_said_to_take_place_on_site(pro_client, venue):
    fragment = text(
        pro_client.get(TYPE_FIELDS, {"category": "LIVRE", "subcategory": "LIVRE_PAPIER", "part": "venue"}, headers=HTMX)
    )
    assert "se déroule sur place" not in fragment
    assert "retiré sur place" in fragment
    concert = text(
        pro_client.get(
            TYPE_FIELDS, {"category": "MUSIQUE_LIVE", "subcategory": "CONCERT", "part": "venue"}, headers=HTMX
        )
    )
    assert "se déroule sur place" in concert


@pytest.mark.django_db
def test_a_paper_book_in_the_digital_venue_is_refused_in_the_words_of_a_book(venue, pro, offerer):
    from passculture.offers import errors, services

    digital = offerer.venues.get(is_virtual=True)
    with pytest.raises(errors.VenueMismatch) as refused:
        services.offer_create(
            digital, pro, subcategory_id="LIVRE_PAPIER", name="Le Petit Prince", extra_data={"ean": "9782070612758"}
        )
    assert "se déroule sur place" not in refused.value.message
    assert "retiré" in refused.value.message


@pytest.mark.django_db
def test_a_books_stock_is_counted_in_copies_not_places(pro_client, venue):
    book = OfferFactory(venue=venue)
    StockFactory(offer=book, quantity=5)
    page = visible_text(pro_client.get(reverse("pro:offer-stocks", args=[book.pk])))
    assert "Places restantes" not in page
    assert "Quantité restante à la vente : 5." in page


@pytest.mark.django_db
def test_a_school_book_ean_is_refused_under_the_ean_field(pro_client, venue):
    Product.objects.create(
        ean="9782070612758", name="Manuel de maths", subcategory_id="LIVRE_PAPIER", is_eligible=False,
        ineligibility_reason="school_book",
    )  # fmt: skip
    response = pro_client.post(details_url(venue, "LIVRE_PAPIER"), {"name": "Manuel", "ean": "9782070612758"})
    assert field_errors(response, "ean") == [
        "Les livres scolaires et parascolaires ne sont pas éligibles au pass Culture."
    ]
    assert not Offer.objects.exists()


# --- Item: the EAN look-up and the title ----------------------------------------------------------------------------


@pytest.fixture
def petit_prince(db):
    return Product.objects.create(
        ean="9782070612758", name="Le Petit Prince", author="Antoine de Saint-Exupéry", subcategory_id="LIVRE_PAPIER"
    )


@pytest.mark.django_db
def test_the_ean_look_up_keeps_a_title_the_pro_typed(pro_client, petit_prince):
    query = {"ean": "9782070612758", "subcategory": "LIVRE_PAPIER", "name": "Le Petit Prince, édition collector"}
    fragment = text(pro_client.get(reverse("pro:offer-product"), query, headers=HTMX))
    assert 'value="Le Petit Prince"' not in fragment  # the typed title is not replaced
    assert "Votre titre est conservé" in fragment
    assert 'id="id_author"' in fragment and 'value="Antoine de Saint-Exupéry"' in fragment  # the empty author is filled


@pytest.mark.django_db
def test_the_ean_look_up_fills_an_empty_title(pro_client, petit_prince):
    query = {"ean": "9782070612758", "subcategory": "LIVRE_PAPIER", "name": "", "author": "A. de Saint-Exupéry"}
    fragment = text(pro_client.get(reverse("pro:offer-product"), query, headers=HTMX))
    assert 'id="id_name"' in fragment and 'value="Le Petit Prince"' in fragment
    assert 'value="Antoine de Saint-Exupéry"' not in fragment


@pytest.mark.django_db
def test_the_ean_input_sends_the_typed_title_and_author(pro_client, venue):
    page = pro_client.get(details_url(venue, "LIVRE_PAPIER"))
    from tests.html import element

    assert element(page, "#id_ean").get("hx-include") == "#id_name, #id_author"


@pytest.mark.django_db
def test_a_book_under_an_unrelated_title_with_a_known_ean_is_refused_on_the_ean(pro_client, venue, petit_prince):
    response = pro_client.post(details_url(venue, "LIVRE_PAPIER"), {"name": "Les Misérables", "ean": "9782070612758"})
    [message] = field_errors(response, "ean")
    assert "Cet EAN est celui de « Le Petit Prince » dans le catalogue" in message
    assert not Offer.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Le Petit Prince", "le petit prince (édition collector)", "Petit Prince"])
def test_a_title_close_to_the_catalogues_is_accepted(pro_client, venue, petit_prince, name):
    response = pro_client.post(details_url(venue, "LIVRE_PAPIER"), {"name": name, "ean": "9782070612758"})
    assert response.status_code == 302
    assert Offer.objects.get().product == petit_prince
