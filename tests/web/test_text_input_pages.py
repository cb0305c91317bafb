"""The text input rules seen from the pages (docs/domain/README.md#text-inputs): a control character or a text too
long is refused under its field in French and nothing is written; a search is cleaned and answers."""

import pytest
from django.urls import reverse

from passculture.core.inputs import CONTROL_CHARACTERS_MESSAGE
from passculture.core.models import AuditLogEntry
from passculture.offerers.models import Venue
from tests.factories import VenueFactory
from tests.html import field_errors
from tests.pro.helpers import venue_data


@pytest.mark.django_db
def test_a_two_million_character_comment_on_a_venue_is_refused_and_nothing_is_written(pro_client, offerer):
    venue = VenueFactory(offerer=offerer)
    before = Venue.objects.values().get(pk=venue.pk)
    entries = AuditLogEntry.objects.count()
    data = venue_data(offerer, siret=venue.siret, name=venue.name, no_siret_comment="x" * 2_000_000)
    response = pro_client.post(reverse("pro:venue-edit", args=[venue.pk]), data)
    assert response.status_code == 200
    assert field_errors(response, "no_siret_comment") == [
        "Assurez-vous que cette valeur comporte au plus 1000 caractères (actuellement 2000000)."
    ]
    assert Venue.objects.values().get(pk=venue.pk) == before
    assert AuditLogEntry.objects.count() == entries


@pytest.mark.django_db
@pytest.mark.parametrize("control", ["\x00", "\x1b"])
def test_a_control_character_in_a_venue_name_is_refused_under_its_field(pro_client, offerer, control):
    response = pro_client.post(
        reverse("pro:venue-create", args=[offerer.pk]), venue_data(offerer, name=f"Salle{control}Lumière")
    )
    assert response.status_code == 200
    assert field_errors(response, "name") == [CONTROL_CHARACTERS_MESSAGE]
    assert not Venue.objects.filter(name__startswith="Salle").exists()


@pytest.mark.django_db
def test_a_multi_line_comment_keeps_its_line_breaks(pro_client, offerer):
    comment = "Lieu prêté par la mairie.\r\nImmatriculation\ten cours."
    data = venue_data(offerer, siret="", no_siret_comment=comment)
    response = pro_client.post(reverse("pro:venue-create", args=[offerer.pk]), data)
    assert response.status_code == 302
    assert Venue.objects.get(name="Salle Lumière").no_siret_comment == comment


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "url", "params"),
    [
        ("pro", "pro:bookings", {"q": "ab\x00cd"}),
        ("pro", "pro:offers", {"q": "ab\x00cd"}),
        ("anonymous", "beneficiary:catalogue", {"text": "ab\x00cd", "place": "Ly\x00on"}),
        ("staff", "backoffice:search", {"q": "ab\x00cd"}),
        ("staff", "backoffice:booking-search", {"q": "ab\x00cd"}),
        ("staff", "backoffice:audit", {"action": "offerer\x00", "acteur": "a\x00b"}),
        ("staff", "backoffice:offer-queue", {"structure": "ab\x00cd"}),
        ("anonymous", "devmail:list", {"to": "ab\x00cd"}),
    ],
)
def test_a_search_with_control_characters_answers(client, pro, staff, who, url, params):
    if who == "pro":
        client.force_login(pro)
    elif who == "staff":
        client.force_login(staff)
    response = client.get(reverse(url), params)
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()
