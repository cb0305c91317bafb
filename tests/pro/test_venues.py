"""docs/domain/offerers.md#venues: venues (lieux), field by field."""

import pytest
from django.urls import reverse

from passculture.offerers.models import Venue
from tests.factories import OffererFactory, VenueFactory, valid_siret
from tests.html import field_errors, visible_text
from tests.pro.helpers import venue_data


@pytest.mark.django_db
def test_a_pro_creates_a_venue_with_a_siret_of_their_siren(pro_client, pro, offerer):
    response = pro_client.post(reverse("pro:venue-create", args=[offerer.pk]), venue_data(offerer))
    venue = Venue.objects.get(siret=valid_siret(offerer.siren, 42))
    assert response.status_code == 302
    assert response.url == reverse("pro:venue-detail", args=[venue.pk])
    assert (venue.department_code, venue.timezone) == ("69", "Europe/Paris")
    assert venue.latitude is not None
    assert venue.booking_email == pro.email


@pytest.mark.django_db
def test_a_siret_of_another_siren_is_refused_with_a_clear_message(pro_client, offerer):
    other = OffererFactory()
    response = pro_client.post(
        reverse("pro:venue-create", args=[offerer.pk]), venue_data(offerer, siret=valid_siret(other.siren, 3))
    )
    page = response.content.decode()
    assert "Le SIRET doit commencer par le SIREN de votre structure" in page
    assert offerer.siren in page
    assert not Venue.objects.filter(is_virtual=False).exists()


VENUE_FIELD_ERRORS = [
    ({"siret": "1234"}, "Le SIRET doit comporter 14 chiffres et une clé valide."),
    (
        {"siret": "", "no_siret_comment": ""},
        "Sans SIRET, expliquez en commentaire pourquoi ce lieu n'en a pas.",
    ),
    ({"venue_type": ""}, "Veuillez renseigner le type de lieu."),
    ({"venue_type": "DIGITAL"}, "Sélectionnez un choix valide."),
    (
        {"siret": "", "no_siret_comment": "Lieu itinérant", "street": ""},
        "Renseignez l'adresse complète du lieu",
    ),
    (
        {"siret": "", "no_siret_comment": "Lieu itinérant", "city": ""},
        "Renseignez l'adresse complète du lieu",
    ),
    ({"postal_code": "7500"}, "Le code postal doit comporter 5 chiffres."),
    ({"latitude": "abc"}, "Latitude invalide"),
    ({"latitude": "91"}, "La latitude est comprise entre -90 et 90."),
    ({"longitude": "-181"}, "La longitude est comprise entre -180 et 180."),
    ({"booking_email": "pas-un-email"}, "Adresse email invalide."),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "message"), VENUE_FIELD_ERRORS)
def test_each_venue_field_has_a_french_error(pro_client, offerer, overrides, message):
    response = pro_client.post(reverse("pro:venue-create", args=[offerer.pk]), venue_data(offerer, **overrides))
    assert response.status_code == 200
    assert message in visible_text(response)
    assert not Venue.objects.filter(is_virtual=False).exists()


@pytest.mark.django_db
def test_a_siret_already_used_is_refused(pro_client, offerer):
    existing = VenueFactory(offerer=offerer)
    response = pro_client.post(
        reverse("pro:venue-create", args=[offerer.pk]), venue_data(offerer, siret=existing.siret)
    )
    assert "Un lieu avec ce SIRET existe déjà" in response.content.decode()


@pytest.mark.django_db
def test_a_venue_without_siret_needs_a_comment_and_an_address(pro_client, offerer):
    data = venue_data(
        offerer,
        siret="",
        no_siret_comment="Festival itinérant sans établissement",
        postal_code="97411",
        city="Saint-Paul",
    )
    response = pro_client.post(reverse("pro:venue-create", args=[offerer.pk]), data)
    assert response.status_code == 302
    venue = Venue.objects.get(name="Salle Lumière")
    assert venue.siret is None
    assert (venue.department_code, venue.timezone) == ("974", "Indian/Reunion")


@pytest.mark.django_db
def test_the_siret_cannot_be_changed_once_saved(pro_client, venue):
    other_siret = valid_siret(venue.offerer.siren, 77)
    response = pro_client.post(
        reverse("pro:venue-edit", args=[venue.pk]),
        venue_data(venue.offerer, siret=other_siret, name="Nouveau nom"),
    )
    assert response.status_code == 302
    venue.refresh_from_db()
    assert venue.siret != other_siret  # the disabled field ignores what was posted
    assert venue.name == "Nouveau nom"
    assert "ne peut plus être modifié" in visible_text(pro_client.get(reverse("pro:venue-edit", args=[venue.pk])))


@pytest.mark.django_db
def test_the_siret_lookup_prefills_name_and_address(pro_client, offerer):
    response = pro_client.post(
        reverse("pro:siret-lookup"),
        {"offerer": offerer.pk, "siret": valid_siret(offerer.siren, 5)},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert "Établissement trouvé" in page
    assert 'hx-swap-oob="true"' in page
    wrong = pro_client.post(
        reverse("pro:siret-lookup"), {"offerer": offerer.pk, "siret": "12345678901234"}, headers={"HX-Request": "true"}
    )
    assert "Le SIRET doit comporter 14 chiffres" in wrong.content.decode()


@pytest.mark.django_db
def test_the_siret_lookup_answers_htmx_only_and_sends_a_browser_back_to_the_venue_form(pro_client, offerer):
    data = {"offerer": offerer.pk, "siret": valid_siret(offerer.siren, 5)}
    fragment = pro_client.post(reverse("pro:siret-lookup"), data, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "Établissement trouvé" in fragment
    response = pro_client.post(reverse("pro:siret-lookup"), data)
    assert response.status_code == 302 and response.url == reverse("pro:venue-create", args=[offerer.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("garbage", ["<b>", "é" * 300, "9" * 40, "\x00"])
def test_no_venue_input_produces_a_server_error(pro_client, offerer, garbage):
    for field in [
        "siret",
        "name",
        "street",
        "postal_code",
        "city",
        "latitude",
        "longitude",
        "booking_email",
        "venue_type",
    ]:
        response = pro_client.post(
            reverse("pro:venue-create", args=[offerer.pk]), venue_data(offerer, **{field: garbage})
        )
        # Refused with a message, or accepted when merely odd (a name like "<b>" is still a name).
        assert response.status_code in (200, 302), field


@pytest.mark.django_db
def test_every_error_of_the_venue_form_is_reported_at_once(pro_client, offerer):
    data = venue_data(offerer, siret="", venue_type="", street="", postal_code="7500", city="Lyon")
    response = pro_client.post(reverse("pro:venue-create", args=[offerer.pk]), data)
    assert response.status_code == 200
    assert field_errors(response, "venue_type") == ["Veuillez renseigner le type de lieu."]
    assert field_errors(response, "no_siret_comment") == [
        "Sans SIRET, expliquez en commentaire pourquoi ce lieu n'en a pas."
    ]
    assert field_errors(response, "postal_code") == ["Le code postal doit comporter 5 chiffres."]
    assert field_errors(response, "street") == [
        "Renseignez l'adresse complète du lieu (adresse, code postal et ville)."
    ]
    assert not Venue.objects.filter(is_virtual=False).exists()
