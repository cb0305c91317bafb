"""docs/domain/offers.md#type-lock: the offer page and its edit form; the type is locked once the offer is validated."""

import pytest
from django.urls import reverse

from passculture.core.models import AuditLogEntry
from passculture.offers import errors
from passculture.offers.models import Offer, OfferValidation
from tests.factories import EventOfferFactory, EventStockFactory, OfferFactory, StockFactory
from tests.html import unescaped as text

TYPE_LOCKED_HELP = "Le type d'offre ne peut plus être modifié une fois l'offre validée"


def book_data(**overrides):
    data = {"name": "Le Petit Prince", "ean": "9782070612758", "author": "Antoine de Saint-Exupéry"}
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_the_offer_page_shows_status_stocks_and_history(pro_client, pro, venue):
    offer = EventOfferFactory(venue=venue, name="Jazz")
    EventStockFactory(offer=offer, price_cents=0)
    pro_client.post(
        reverse("pro:offer-edit", args=[offer.pk]),
        {"name": "Jazz au sous-sol", "music_type": "JAZZ_BLUES", "is_duo": "on"},
    )
    page = text(pro_client.get(reverse("pro:offer-detail", args=[offer.pk])))
    assert "Jazz au sous-sol" in page
    assert "Publiée" in page  # the derived status
    assert "Gratuit" in page and "Jazz, blues" in page
    assert "Historique" in page and "Modification (titre)" in page and pro.email in page


@pytest.mark.django_db
def test_a_validated_offers_type_is_shown_read_only_with_the_explanation(pro_client, venue):
    offer = OfferFactory(venue=venue)
    page = text(pro_client.get(reverse("pro:offer-edit", args=[offer.pk])))
    select = page[page.index('name="subcategory_id"') - 300 : page.index('name="subcategory_id"') + 300]
    assert "disabled" in select
    assert TYPE_LOCKED_HELP in page


@pytest.mark.django_db
def test_other_fields_of_a_validated_offer_stay_editable_and_are_audited(pro_client, pro, venue):
    offer = OfferFactory(venue=venue, name="Ancien titre")
    response = pro_client.post(reverse("pro:offer-edit", args=[offer.pk]), book_data(withdrawal_details="Au comptoir"))
    assert response.status_code == 302
    assert response.url == reverse("pro:offer-detail", args=[offer.pk])
    offer.refresh_from_db()
    assert (offer.name, offer.withdrawal_details, offer.subcategory_id) == (
        "Le Petit Prince",
        "Au comptoir",
        "LIVRE_PAPIER",
    )
    entry = AuditLogEntry.objects.get(action="offer.updated")
    assert entry.actor == pro and entry.data["name"] == {"before": "Ancien titre", "after": "Le Petit Prince"}


@pytest.mark.django_db
def test_a_forged_change_of_a_validated_offers_type_is_refused(pro_client, venue):
    offer = OfferFactory(venue=venue, name="Le Petit Prince")
    response = pro_client.post(
        reverse("pro:offer-edit", args=[offer.pk]), book_data(subcategory_id="LIVRE_AUDIO_PHYSIQUE", name="Changé")
    )
    assert response.status_code == 200
    assert errors.TypeLocked.message in text(response)
    offer.refresh_from_db()
    assert (offer.subcategory_id, offer.name) == ("LIVRE_PAPIER", "Le Petit Prince")


@pytest.mark.django_db
def test_a_drafts_type_can_still_change_and_its_fields_follow(pro_client, venue):
    offer = EventOfferFactory(venue=venue, validation=OfferValidation.DRAFT)
    page = text(pro_client.get(reverse("pro:offer-edit", args=[offer.pk])))
    assert TYPE_LOCKED_HELP not in page and "Étape 2 sur 4" in page
    response = pro_client.post(
        reverse("pro:offer-edit", args=[offer.pk]),
        {"subcategory_id": "SPECTACLE_REPRESENTATION", "name": "Théâtre"},
    )
    assert "Le champ « Type de spectacle » est obligatoire pour ce type d'offre." in text(response)
    response = pro_client.post(
        reverse("pro:offer-edit", args=[offer.pk]),
        {"subcategory_id": "SPECTACLE_REPRESENTATION", "name": "Théâtre", "show_type": "THEATRE", "is_duo": "on"},
    )
    assert response.status_code == 302
    assert response.url == reverse("pro:offer-stocks", args=[offer.pk])  # the wizard goes on
    offer.refresh_from_db()
    assert offer.subcategory_id == "SPECTACLE_REPRESENTATION"
    assert offer.extra_data == {"show_type": "THEATRE"}


@pytest.mark.django_db
def test_a_rejected_offer_cannot_be_edited(pro_client, venue):
    offer = OfferFactory(venue=venue, validation=OfferValidation.REJECTED, rejection_reason="Manuel scolaire")
    assert "Motif : Manuel scolaire" in text(pro_client.get(reverse("pro:offer-detail", args=[offer.pk])))
    response = pro_client.post(reverse("pro:offer-edit", args=[offer.pk]), book_data(name="Autre"))
    assert errors.OfferNotEditable.message in text(response)
    offer.refresh_from_db()
    assert offer.name != "Autre"


@pytest.mark.django_db
def test_the_image_can_be_removed(pro_client, venue):
    from django.core.files.base import ContentFile

    offer = OfferFactory(venue=venue, image_credit="A. Martin")
    offer.image.save("affiche.jpg", ContentFile(b"jpeg"), save=True)
    page = text(pro_client.get(reverse("pro:offer-edit", args=[offer.pk])))
    assert "Supprimer l'image actuelle" in page
    response = pro_client.post(reverse("pro:offer-edit", args=[offer.pk]), book_data(image_credit=""))
    assert "Indiquez le crédit de l'image (photographe ou source)." in text(response)
    pro_client.post(reverse("pro:offer-edit", args=[offer.pk]), book_data(remove_image="on"))
    offer.refresh_from_db()
    assert not offer.image and offer.image_credit == ""


@pytest.mark.django_db
def test_another_structures_offer_is_not_found(pro_client):
    offer = OfferFactory()
    StockFactory(offer=offer)
    for name in ["pro:offer-detail", "pro:offer-edit", "pro:offer-summary", "pro:offer-stocks"]:
        assert pro_client.get(reverse(name, args=[offer.pk])).status_code == 404, name
    for name in ["pro:offer-edit", "pro:offer-publish", "pro:offer-duplicate"]:
        assert pro_client.post(reverse(name, args=[offer.pk]), book_data(name="Volé")).status_code == 404, name
    offer.refresh_from_db()
    assert offer.name != "Volé"
    assert Offer.objects.count() == 1


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client, venue):
    offer = OfferFactory(venue=venue)
    response = client.get(reverse("pro:offer-edit", args=[offer.pk]))
    assert response.status_code == 302 and reverse("account:login") in response.url


GARBAGE = ["<script>", "é" * 300, "0" * 50, "\x00", "-1", "9" * 30, "１２"]


@pytest.mark.django_db
@pytest.mark.parametrize("garbage", GARBAGE)
def test_no_edit_input_produces_a_server_error(pro_client, venue, garbage):
    approved = OfferFactory(venue=venue)
    draft = EventOfferFactory(venue=venue, validation=OfferValidation.DRAFT)
    fields = ["subcategory_id", "name", "ean", "author", "music_type", "music_sub_type", "duration", "booking_email"]
    for offer in (approved, draft):
        for field in fields:
            data = {**book_data(), "music_type": "JAZZ_BLUES", field: garbage}
            response = pro_client.post(reverse("pro:offer-edit", args=[offer.pk]), data)
            assert response.status_code in (200, 302), (offer.subcategory_id, field)
