"""Bank details as a pro and the pass Culture team live them (docs/domain/finance.md), in a real Chromium: the
yellow banner, the application with its two documents, the staff's acceptance, the banner gone, and the venue
showing the account that pays it."""

import re

import pytest
from playwright.sync_api import expect

from passculture.finance.models import BankAccount, BankAccountStatus
from tests.browser.helpers import log_in
from tests.factories import PDF, PNG, MembershipFactory, OffererFactory, StaffFactory, UserFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_pro_sends_bank_details_staff_accept_them_and_the_venue_is_paid(page):
    offerer = OffererFactory(name="Cinéma du Port")
    venue = VenueFactory(offerer=offerer, name="Salle du Port")
    pro = UserFactory(email="gerante@cinema-du-port.fr")
    MembershipFactory(user=pro, offerer=offerer)
    staff = StaffFactory(email="equipe@passculture.app")

    # The pro has no bank details: the guide's yellow banner, with what to prepare.
    log_in(page, pro.email)
    page.get_by_role("link", name="Informations bancaires").first.click()
    banner = page.get_by_test_id("bank-details-banner")
    expect(banner).to_contain_text("Renseignez vos coordonnées bancaires")
    expect(banner).to_contain_text("Kbis de moins de 6 mois")
    expect(banner).to_contain_text("une semaine à 10 jours")
    expect(banner).to_contain_text("Vous pouvez publier vos offres sans attendre")

    # The application: label, IBAN, BIC, the two documents, the venue it pays.
    page.get_by_label("Intitulé du compte bancaire").fill("Compte courant du Port")
    page.get_by_label(re.compile(r"^\s*IBAN")).fill("FR76 3000 6000 0112 3456 7890 189")
    page.get_by_label(re.compile(r"^\s*BIC")).fill("BNPAFRPP")
    page.get_by_label(re.compile(r"^\s*Justificatif de l'identité")).set_input_files(
        {"name": "kbis.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    rib = {"name": "rib.png", "mimeType": "image/png", "buffer": PNG}
    page.get_by_label(re.compile(r"^\s*RIB")).set_input_files(rib)
    page.get_by_role("checkbox", name="Salle du Port").check()
    page.get_by_role("button", name="Envoyer le dossier").click()
    expect(page.get_by_text("Votre dossier « Compte courant du Port » a été envoyé")).to_be_visible()
    expect(page.get_by_test_id("bank-account")).to_contain_text("En cours de validation")
    expect(page.get_by_test_id("bank-account")).to_contain_text("FR76 •••• •••• 0189")
    page.get_by_role("button", name="Se déconnecter").click()

    # The pass Culture team reviews the documents and accepts.
    log_in(page, staff.email)
    page.goto("/backoffice/")
    page.get_by_role("link", name="Coordonnées bancaires à examiner").click()
    page.get_by_role("link", name="Compte courant du Port").click()
    expect(page.get_by_text("FR76 3000 6000 0112 3456 7890 189")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("kbis.pdf"))).to_be_visible()
    page.get_by_role("button", name="Valider le compte").click()
    expect(page.get_by_text("a été validé")).to_be_visible()
    assert BankAccount.objects.get().status == BankAccountStatus.ACCEPTED
    page.get_by_role("button", name="Se déconnecter").click()

    # The banner is gone; the venue shows the account that pays it.
    log_in(page, pro.email)
    page.get_by_role("link", name="Informations bancaires").first.click()
    expect(page.get_by_test_id("bank-account")).to_contain_text("Validé")
    expect(page.get_by_test_id("bank-details-banner")).to_have_count(0)
    page.goto(f"/lieux/{venue.pk}/")
    expect(page.get_by_test_id("bank-details-banner")).to_have_count(0)
    expect(page.get_by_test_id("venue-bank-account")).to_contain_text(
        "Remboursé sur le compte « Compte courant du Port »"
    )
