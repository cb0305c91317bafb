"""Sign-up (docs/domain/offerers.md#sign-up): the sign-up page, field by field, and what the pro sees afterwards."""

import pytest
from django.urls import reverse

from passculture.accounts.models import User
from passculture.connectors.sirene.fake import FakeSireneClient
from passculture.offerers.models import Offerer
from tests.factories import PASSWORD, OffererFactory
from tests.html import count, visible_text

URL = reverse("pro:signup")


def form_data(**overrides):
    data = {
        "email": "Nouvelle.Pro@Example.FR ",
        "password": PASSWORD,
        "password_confirmation": PASSWORD,
        "first_name": "Alix",
        "last_name": "Bernard",
        "structure_name": "Librairie des Tilleuls",
        "phone": "06 12 34 56 78",
        "siren": "123 456 782",
        "accept_terms": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_the_page_shows_every_field_of_the_guide_and_the_password_policy(client):
    page = client.get(URL).content.decode()
    for label in [
        "Adresse email",
        "Mot de passe",
        "Prénom",
        "Nom",
        "Nom de la structure",
        "téléphone",
        "SIREN",
    ]:
        assert label in page
    assert "12 caractères minimum" in page
    assert "support@passculture.app" in page


@pytest.mark.django_db
def test_a_valid_sign_up_creates_the_account_and_asks_to_check_the_mailbox(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data())
    assert response.status_code == 302
    assert response.url == reverse("pro:signup-done")
    user = User.objects.get(email="nouvelle.pro@example.fr")
    assert not user.is_email_verified
    assert user.phone == "0612345678"
    assert Offerer.objects.get(siren="123456782").memberships.filter(user=user).exists()
    assert [m.to for m in mailoutbox] == [["nouvelle.pro@example.fr"]]
    done = client.get(response.url).content.decode()
    assert "nouvelle.pro@example.fr" in done
    assert "spams" in done


FIELD_ERRORS = [
    ("email", "", "Veuillez renseigner votre adresse email."),
    ("email", "pas-un-email", "Adresse email invalide"),
    ("password", "", "Veuillez renseigner un mot de passe."),
    ("password", "court1!A", "12 caractères minimum"),
    ("password", "sanschiffre!Abcdef", "au moins un chiffre"),
    ("password", "toutminuscule1!abc", "une lettre majuscule"),
    ("password", "SansSpecial12345", "caractère spécial"),
    ("password_confirmation", "", "Veuillez renseigner la confirmation du mot de passe."),
    ("password_confirmation", "Autre-passCulture-2026!", "Les deux mots de passe ne sont pas identiques."),
    ("first_name", "", "Veuillez renseigner votre prénom."),
    ("last_name", "", "Veuillez renseigner votre nom."),
    ("structure_name", "", "Veuillez renseigner le nom de votre structure."),
    ("phone", "", "Veuillez renseigner votre numéro de téléphone."),
    ("phone", "12345", "Numéro de téléphone invalide"),
    ("siren", "", "Veuillez renseigner le SIREN de votre structure."),
    ("siren", "12345678", "Le SIREN doit comporter 9 chiffres et une clé valide."),
    ("siren", "123456789", "Le SIREN doit comporter 9 chiffres et une clé valide."),
    ("siren", "abcdefghi", "Le SIREN doit comporter 9 chiffres et une clé valide."),
    ("accept_terms", None, "Vous devez accepter les conditions générales d'utilisation"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "message"), FIELD_ERRORS)
def test_each_field_has_a_french_error_and_nothing_is_created(client, field, value, message):
    response = client.post(URL, form_data(**{field: value}))
    assert response.status_code == 200
    assert message in visible_text(response)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_typed_values_are_kept_after_an_error(client):
    response = client.post(URL, form_data(phone="12"))
    page = response.content.decode()
    assert 'value="Librairie des Tilleuls"' in page
    assert 'value="Alix"' in page


@pytest.mark.django_db
def test_an_email_already_used_is_refused_whatever_its_case(client, user):
    response = client.post(URL, form_data(email=user.email.upper()))
    assert "Un compte lié à cet email existe déjà." in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_registering_an_existing_siren_becomes_an_attachment_request(client, offerer):
    response = client.post(URL, form_data(siren=offerer.siren))
    assert response.status_code == 302
    newcomer = User.objects.get(email="nouvelle.pro@example.fr")
    assert offerer.memberships.get(user=newcomer).status == "PENDING"
    done = visible_text(client.get(response.url))
    assert "Cette structure est déjà inscrite" in done
    assert f"La structure {offerer.name} (SIREN {offerer.siren}) est déjà inscrite sur pass Culture Pro" in done
    assert "votre demande de rattachement est alors envoyée aux membres de la structure" in done
    assert "vérifie ensuite votre structure" not in done


@pytest.mark.django_db
def test_a_new_structure_is_not_told_it_joins_one(client):
    response = client.post(URL, form_data())
    done = visible_text(client.get(response.url))
    assert "déjà inscrite" not in done
    assert "vérifie ensuite votre structure" in done


@pytest.mark.django_db
def test_a_closed_structure_on_the_platform_cannot_be_joined(client):
    closed = OffererFactory(status="CLOSED")
    response = client.post(URL, form_data(siren=closed.siren))
    assert "Cette structure est fermée sur pass Culture Pro." in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("garbage", ["<script>", "é" * 300, "0" * 50, "\x00"])
def test_no_input_produces_a_server_error(client, garbage):
    for field in ["email", "password", "first_name", "last_name", "structure_name", "phone", "siren"]:
        response = client.post(URL, form_data(**{field: garbage}))
        # Refused with a message, or accepted when the value is merely odd (a name like "<script>").
        assert response.status_code in (200, 302), field


@pytest.mark.django_db
def test_the_password_policy_is_checked_live(client):
    response = client.post(reverse("account:password-policy"), {"password": "abcdefghijkl"})
    assert count(response, "li.pc-ok") == 1  # only the length requirement holds
    assert count(response, "li.pc-missing") == 3


LOOKUP = reverse("pro:signup-siren-lookup")


@pytest.mark.django_db
def test_the_page_looks_the_siren_up_as_soon_as_it_is_typed(client):
    page = client.get(URL).content.decode()
    assert f'hx-post="{LOOKUP}"' in page
    assert 'id="siren-result"' in page


@pytest.mark.django_db
def test_the_register_name_is_shown_before_the_pro_confirms_and_the_typed_one_stays_public(client):
    siren = OffererFactory.build().siren
    register_name = FakeSireneClient().get_siren(siren).name
    text = visible_text(
        client.post(LOOKUP, {"siren": siren, "structure_name": "Compagnie du Soleil"}, HTTP_HX_REQUEST="true")
    )
    assert f"Nom au répertoire Sirene : {register_name}." in text
    assert "Vos offres paraîtront sous le nom de structure que vous avez saisi (Compagnie du Soleil)" in text

    response = client.post(URL, form_data(siren=siren, structure_name="Compagnie du Soleil"))
    assert response.status_code == 302
    assert Offerer.objects.get(siren=siren).name == "Compagnie du Soleil"


@pytest.mark.django_db
def test_the_look_up_says_a_registered_siren_will_ask_to_join(client, offerer):
    text = visible_text(
        client.post(LOOKUP, {"siren": offerer.siren, "structure_name": "Autre nom"}, HTTP_HX_REQUEST="true")
    )
    assert f"La structure {offerer.name} (SIREN {offerer.siren}) est déjà inscrite sur pass Culture Pro" in text
    assert "il demandera à rejoindre celle-ci" in text


@pytest.mark.django_db
def test_the_look_up_names_a_wrong_siren(client):
    text = visible_text(client.post(LOOKUP, {"siren": "123456789"}, HTTP_HX_REQUEST="true"))
    assert "9 chiffres" in text


@pytest.mark.django_db
def test_the_siren_lookup_answers_htmx_only_and_sends_a_browser_back_to_the_form(client):
    response = client.post(LOOKUP, {"siren": "123456782"})
    assert response.status_code == 302 and response["Location"] == URL
