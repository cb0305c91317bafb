"""Sign-up, activation, login and venues (docs/domain/offerers.md), as a new pro lives them, in a real Chromium."""

import re

import pytest
from playwright.sync_api import expect
from stdnum import luhn

from passculture.offerers.models import Offerer, OffererStatus
from tests.browser.helpers import log_in
from tests.factories import PASSWORD, StaffFactory, valid_siret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SIREN_BASE = "84172316"
SIREN = SIREN_BASE + luhn.calc_check_digit(SIREN_BASE)
EMAIL = "directrice@theatre-des-lilas.fr"


def open_latest_mail(page, recipient: str, subject_part: str):
    page.goto("/dev/mails/")
    page.get_by_label("Destinataire").fill(recipient)
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name=re.compile(subject_part)).first.click()


def test_a_new_pro_signs_up_is_validated_and_creates_a_venue(page):
    staff = StaffFactory(email="equipe@passculture.app")

    # Step 1: sign up with the guide's fields.
    page.goto("/inscription/")
    page.get_by_label("Adresse email professionnelle").fill(EMAIL)
    page.get_by_label("Mot de passe", exact=True).fill("court")
    expect(page.locator("#password-policy .pc-missing").first).to_be_visible()
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    expect(page.locator("#password-policy .pc-ok")).to_have_count(4)
    page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    page.get_by_label("Prénom").fill("Inès")
    page.get_by_label("Nom", exact=True).fill("Moreau")
    page.get_by_label("Nom de la structure").fill("Théâtre des Lilas")
    page.get_by_label("Numéro de téléphone").fill("01 23 45 67 89")
    page.get_by_label("Numéro de SIREN").fill(SIREN)
    page.get_by_text("J'accepte les conditions générales").click()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", name="Vérifiez votre adresse email")).to_be_visible()

    # Not verified yet: login is refused.
    log_in(page, EMAIL)
    expect(page.get_by_text("Ce compte n'est pas validé")).to_be_visible()

    # Step 1.4: the verification mail, opened in the development mailbox.
    open_latest_mail(page, EMAIL, "Validez votre adresse email")
    page.get_by_role("link", name="Valider mon adresse email").click()
    expect(page.get_by_text("Votre adresse email est vérifiée")).to_be_visible()

    log_in(page, EMAIL)
    expect(page.get_by_text("Votre structure est en cours de validation").first).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    # Step 2: the pass Culture team validates the structure in the back office.
    log_in(page, staff.email)
    page.goto("/backoffice/")
    page.get_by_role("link", name=re.compile("Structures à valider")).first.click()
    registered_name = Offerer.objects.get(siren=SIREN).name  # as the Sirene register spells it
    page.get_by_role("link", name=registered_name).click()
    page.get_by_role("button", name="Valider").first.click()
    expect(page.get_by_text("a été validée")).to_be_visible()
    assert Offerer.objects.get(siren=SIREN).status == OffererStatus.VALIDATED
    page.get_by_role("button", name="Se déconnecter").click()

    # The activation mail arrives.
    open_latest_mail(page, EMAIL, "validée")
    expect(page.get_by_role("heading", name=re.compile("validée")).first).to_be_visible()

    # Steps 3 and 4: first login, create a venue with a SIRET of the structure's SIREN.
    log_in(page, EMAIL)
    expect(page.get_by_text("Votre structure est en cours de validation")).to_have_count(0)
    page.get_by_role("link", name="Créer un lieu").first.click()
    page.get_by_label("SIRET du lieu").fill(valid_siret(SIREN, 12))
    page.get_by_label("SIRET du lieu").blur()
    expect(page.get_by_text("Établissement trouvé")).to_be_visible()
    page.get_by_label("Type de lieu").select_option(label="Spectacle vivant")
    page.get_by_role("button", name="Créer le lieu").click()
    expect(page.get_by_text("a été créé")).to_be_visible()

    # A SIRET of another SIREN is refused with a clear message.
    page.goto("/")
    page.get_by_role("link", name="Créer un lieu").first.click()
    page.get_by_label("SIRET du lieu").fill(valid_siret("123456782", 99))
    page.get_by_label("Type de lieu").select_option(label="Spectacle vivant")
    page.get_by_role("textbox", name="Adresse (Optionnel)").fill("1 Rue Test")
    page.get_by_label("Code postal").fill("75020")
    page.get_by_label("Ville").fill("Paris")
    page.get_by_role("button", name="Créer le lieu").click()
    expect(
        page.get_by_text(re.compile("Le SIRET doit commencer par le SIREN de votre structure")).first
    ).to_be_visible()
