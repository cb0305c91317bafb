"""Informations bancaires: the yellow banner, the accounts with their masked IBAN and venues, the embedded
application with its documents, links of venues, and the venue page (docs/domain/finance.md)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passculture.finance import rules
from passculture.finance.models import BankAccount, BankAccountStatus
from tests import factories
from tests.factories import JPEG, PDF, PNG
from tests.html import field_errors, texts, visible_text

pytestmark = pytest.mark.django_db

IBAN = "FR7630006000011234567890189"


def page_of(offerer):
    return reverse("pro:bank-details", args=[offerer.pk])


def application(**overrides):
    data = {
        "label": "Compte courant",
        "iban": "FR76 3000 6000 0112 3456 7890 189",
        "bic": "BNPAFRPP",
        "identity": SimpleUploadedFile("kbis.pdf", PDF, content_type="application/pdf"),
        "rib": SimpleUploadedFile("rib.jpg", JPEG, content_type="image/jpeg"),
    }
    data.update(overrides)
    return data


def test_without_bank_details_the_page_shows_the_guides_yellow_banner(pro_client, offerer, venue):
    text = visible_text(pro_client.get(page_of(offerer)), "[data-testid=bank-details-banner]")
    assert "Renseignez vos coordonnées bancaires" in text
    assert "Kbis de moins de 6 mois" in text and "assemblée générale pour une association" in text
    assert "le RIB du compte" in text
    assert "une semaine à 10 jours" in text
    assert "Vous pouvez publier vos offres sans attendre : les paiements sont rétroactifs." in text


def test_the_navigation_leads_to_the_bank_details(pro_client, offerer):
    response = pro_client.get(reverse("pro:home"))
    assert 'href="/remboursements/informations-bancaires/"' in response.content.decode()
    landing = pro_client.get("/remboursements/informations-bancaires/")
    assert landing.status_code == 200
    assert offerer.name in visible_text(landing, "main")


def test_the_banner_also_shows_on_the_structure_and_the_venue_pages(pro_client, offerer, venue):
    for url in (reverse("pro:offerer-detail", args=[offerer.pk]), reverse("pro:venue-detail", args=[venue.pk])):
        assert "Renseignez vos coordonnées bancaires" in visible_text(pro_client.get(url)), url


def test_an_accepted_account_paying_every_venue_removes_the_banner(pro_client, offerer, venue):
    factories.BankAccountFactory(offerer=offerer, accepted=True, pays=[venue])
    for url in (
        page_of(offerer),
        reverse("pro:offerer-detail", args=[offerer.pk]),
        reverse("pro:venue-detail", args=[venue.pk]),
    ):
        assert "Renseignez vos coordonnées bancaires" not in visible_text(pro_client.get(url)), url


def test_a_venue_paid_by_no_accepted_account_keeps_the_banner(pro_client, offerer, venue):
    factories.BankAccountFactory(offerer=offerer, accepted=True, pays=[venue])
    other = factories.VenueFactory(offerer=offerer, name="Librairie du Port")
    factories.BankAccountFactory(offerer=offerer, pending=True, pays=[other])
    text = visible_text(pro_client.get(page_of(offerer)), "[data-testid=bank-details-banner]")
    assert "1 lieu de" in text and "Librairie du Port" in text
    venue_text = visible_text(pro_client.get(reverse("pro:venue-detail", args=[other.pk])))
    assert "Aucun compte bancaire validé ne rembourse le lieu « Librairie du Port »" in venue_text


def test_the_accounts_show_their_status_a_masked_iban_and_the_venues_they_pay(pro_client, offerer, venue):
    account = factories.BankAccountFactory(offerer=offerer, accepted=True, label="Compte principal", pays=[venue])
    response = pro_client.get(page_of(offerer))
    card = visible_text(response, "[data-testid=bank-account]")
    assert "Compte principal" in card and "Validé" in card
    assert rules.mask_iban(account.iban) in card
    assert venue.display_name in card
    assert account.iban not in response.content.decode()
    assert rules.format_iban(account.iban) not in response.content.decode()


def test_a_pro_sends_an_application_with_the_two_documents(pro_client, offerer, venue, _private_storage):
    response = pro_client.post(
        reverse("pro:bank-account-create", args=[offerer.pk]), application(venues=[str(venue.pk)])
    )
    assert response.status_code == 302
    account = BankAccount.objects.get(offerer=offerer)
    assert (account.status, account.iban) == (BankAccountStatus.ON_GOING, IBAN)
    assert sorted(d.original_name for d in account.documents.all()) == ["kbis.pdf", "rib.jpg"]
    page = pro_client.get(response.url)
    assert "Votre dossier « Compte courant » a été envoyé" in visible_text(page)
    assert "En cours de validation" in visible_text(page, "[data-testid=venue-row]")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"iban": "FR7630006000011234567890188"}, "iban", "L'IBAN n'est pas valide"),
        ({"iban": "FR5430006000011234567890100"}, "iban", "La clé RIB de cet IBAN ne correspond pas"),
        ({"bic": "BNPA"}, "bic", "Le BIC n'est pas valide"),
        ({"rib": SimpleUploadedFile("rib.pdf", b"<html>not a pdf</html>")}, "rib", "n'est ni un PDF"),
        ({"identity": ""}, "identity", "Joignez le justificatif de l'identité de la structure."),
    ],
)
def test_a_refused_application_shows_the_error_under_its_field(pro_client, offerer, overrides, field, message):
    response = pro_client.post(reverse("pro:bank-account-create", args=[offerer.pk]), application(**overrides))
    assert response.status_code == 400
    assert any(message in error for error in field_errors(response, field)), field_errors(response, field)
    assert not BankAccount.objects.exists()


def test_a_document_too_large_is_refused(pro_client, offerer, settings):
    big = SimpleUploadedFile("rib.png", PNG + b"\x00" * (rules.MAX_DOCUMENT_BYTES + 1))
    response = pro_client.post(reverse("pro:bank-account-create", args=[offerer.pk]), application(rib=big))
    assert "dépasse la taille maximale de 10 Mo" in " ".join(field_errors(response, "rib"))
    assert not BankAccount.objects.exists()


def test_a_path_in_a_file_name_never_reaches_the_disk(pro_client, offerer, _private_storage):
    """The browser's name is not trusted: a raw multipart body names the file ``../../evil.pdf``; the file is stored
    in the private storage under a name the server chose, and the name is only shown."""
    boundary = "XyZ"
    body = (
        "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in {"label": "Compte", "iban": IBAN, "bic": "BNPAFRPP"}.items()
        ).encode()
        + b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="../../evil.pdf"\r\n'
            f"Content-Type: application/pdf\r\n\r\n".encode()
            + PDF
            + b"\r\n"
            for name in ("identity", "rib")
        )
        + f"--{boundary}--\r\n".encode()
    )
    response = pro_client.generic(
        "POST",
        reverse("pro:bank-account-create", args=[offerer.pk]),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 302
    stored = list(_private_storage.rglob("*.*"))
    assert len(stored) == 2
    assert all(p.parent == _private_storage / "bank-details" and "evil" not in p.name for p in stored)
    assert not (_private_storage.parent / "evil.pdf").exists()
    names = set(BankAccount.objects.get().documents.values_list("original_name", flat=True))
    assert names == {"evil.pdf"}


def test_a_document_is_downloaded_as_an_attachment_never_sniffed(pro_client, offerer):
    document = factories.BankAccountDocumentFactory(bank_account__offerer=offerer, original_name="rib.pdf")
    response = pro_client.get(reverse("pro:bank-document", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_another_structures_account_documents_and_venues_are_not_found(pro_client):
    account = factories.BankAccountFactory(accepted=True)
    venue = factories.VenueFactory(offerer=account.offerer)
    factories.BankAccountLinkFactory(bank_account=account, venue=venue)
    document = factories.BankAccountDocumentFactory(bank_account=account)
    for url in (
        page_of(account.offerer),
        reverse("pro:bank-account-link", args=[account.pk]),
        reverse("pro:bank-venue-unlink", args=[venue.pk]),
        reverse("pro:bank-document", args=[document.pk]),
    ):
        assert pro_client.get(url).status_code == 404, url
    assert pro_client.post(reverse("pro:bank-venue-unlink", args=[venue.pk])).status_code == 404


def test_a_pro_chooses_the_venues_an_account_pays(pro_client, offerer, venue):
    first = factories.BankAccountFactory(offerer=offerer, accepted=True, label="Ancien compte", pays=[venue])
    second = factories.BankAccountFactory(offerer=offerer, accepted=True, label="Nouveau compte")
    url = reverse("pro:bank-account-link", args=[second.pk])
    assert venue.display_name in visible_text(pro_client.get(url))
    response = pro_client.post(url, {"venues": [str(venue.pk)]})
    assert response.status_code == 302
    rows = texts(pro_client.get(page_of(offerer)), "[data-testid=venue-row]")
    assert any(venue.display_name in row and "Nouveau compte" in row for row in rows)
    assert not first.links.filter(ends_at__isnull=True).exists()


def test_unlinking_a_venue_asks_for_a_confirmation(pro_client, offerer, venue):
    factories.BankAccountFactory(offerer=offerer, accepted=True, label="Compte principal", pays=[venue])
    url = reverse("pro:bank-venue-unlink", args=[venue.pk])
    confirmation = visible_text(pro_client.get(url))
    assert "Confirmez le détachement" in confirmation
    assert venue.display_name in confirmation
    pro_client.post(url)
    venue_page = visible_text(pro_client.get(reverse("pro:venue-detail", args=[venue.pk])))
    assert "Aucun compte bancaire ne rembourse ce lieu." in venue_page


def test_the_venue_page_shows_the_account_that_pays_it(pro_client, offerer, venue):
    account = factories.BankAccountFactory(offerer=offerer, accepted=True, label="Compte principal", pays=[venue])
    text = visible_text(
        pro_client.get(reverse("pro:venue-detail", args=[venue.pk])), "[data-testid=venue-bank-account]"
    )
    assert "Remboursé sur le compte « Compte principal »" in text
    assert rules.mask_iban(account.iban) in text


def test_a_pro_answers_a_request_for_corrections(pro_client, offerer, committed):
    account = factories.BankAccountFactory(offerer=offerer, with_corrections=True)
    account.status_changes.create(to_status=account.status, comment="Le Kbis a plus de 6 mois.")
    url = reverse("pro:bank-account-correct", args=[account.pk])
    assert "Le Kbis a plus de 6 mois." in visible_text(pro_client.get(url))
    response = pro_client.post(
        url,
        {"label": "Compte", "iban": IBAN, "bic": "BNPAFRPP", "identity": SimpleUploadedFile("kbis.png", PNG)},
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.status == BankAccountStatus.ON_GOING
    assert account.documents.get().original_name == "kbis.png"


def test_with_a_dms_procedure_the_page_links_to_it_instead_of_the_form(pro_client, offerer, settings):
    settings.DMS_APPLICATION_URL = "https://www.demarches-simplifiees.fr/commencer/demande-de-rattachement-bancaire"
    response = pro_client.get(page_of(offerer))
    assert f'href="{settings.DMS_APPLICATION_URL}"' in response.content.decode()
    assert "Envoyer le dossier" not in visible_text(response)
    post = pro_client.post(reverse("pro:bank-account-create", args=[offerer.pk]), application())
    assert post.status_code == 404


def test_each_venue_shows_the_pricing_point_its_rate_follows_or_asks_for_one(pro_client, offerer, venue):
    siretless = factories.SiretlessVenueFactory(offerer=offerer, name="Salle sans SIRET")
    digital = offerer.venues.get(is_virtual=True)
    factories.PricingPointLinkFactory(venue=digital, pricing_point=venue)
    response = pro_client.get(page_of(offerer))
    rows = dict(
        zip(texts(response, "[data-testid=venue-row] th"), texts(response, "[data-testid=venue-pricing-point]"))
    )
    assert rows[venue.display_name].strip() == "Le lieu lui-même"
    assert rows[digital.display_name].strip() == venue.display_name
    assert rows[siretless.display_name].strip() == "À choisir"
    link = reverse("pro:venue-detail", args=[siretless.pk]) + "#scale-title"
    assert link in response.content.decode()


def test_the_page_reads_the_pricing_points_of_all_venues_at_once(pro_client, offerer, venue):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert pro_client.get(page_of(offerer)).status_code == 200
        return len(captured)

    factories.PricingPointLinkFactory(venue=factories.SiretlessVenueFactory(offerer=offerer), pricing_point=venue)
    few = queries()
    for _ in range(3):
        factories.PricingPointLinkFactory(venue=factories.SiretlessVenueFactory(offerer=offerer), pricing_point=venue)
    assert queries() == few
