"""Staff review bank details: the queue, one account with its documents, whole IBAN, history and links, and the
decisions that tell the structure (docs/domain/finance.md#review)."""

import pytest
from django.urls import reverse

from passculture.finance import rules
from passculture.finance.models import BankAccountStatus
from tests import factories
from tests.html import texts, visible_text

pytestmark = pytest.mark.django_db

QUEUE = reverse("backoffice:bank-account-queue")


def decide(account, slug):
    return reverse("backoffice:bank-account-decide", args=[account.pk, slug])


def test_the_queue_lists_the_applications_to_review_oldest_first(staff_client):
    first = factories.BankAccountFactory(label="Compte A")
    second = factories.BankAccountFactory(label="Compte B", draft=True)
    factories.BankAccountFactory(label="Compte validé", accepted=True)
    rows = texts(staff_client.get(QUEUE), "tbody tr")
    assert [row.split()[:2] for row in rows] == [["Compte", "A"], ["Compte", "B"]]
    assert rules.format_iban(first.iban) in rows[0]
    everything = visible_text(staff_client.get(QUEUE, {"statut": "*"}))
    assert "Compte validé" in everything and second.label in everything


def test_the_queue_finds_an_account_by_siren(staff_client):
    account = factories.BankAccountFactory(label="Compte recherché")
    factories.BankAccountFactory(label="Autre compte")
    text = visible_text(staff_client.get(QUEUE, {"statut": "*", "q": account.offerer.siren}), "tbody")
    assert "Compte recherché" in text and "Autre compte" not in text


def test_a_dms_dossier_of_an_unknown_siret_is_shown(staff_client):
    factories.BankAccountFactory(from_dms=True, offerer=None, applicant_siret="99999999800016", label="Orphelin")
    text = visible_text(staff_client.get(QUEUE))
    assert "SIRET inconnu : 99999999800016" in text
    assert "1 dossier Démarches simplifiées sans structure connue" in text


def test_the_account_page_shows_the_whole_iban_and_the_documents(staff_client, offerer, venue):
    account = factories.BankAccountFactory(offerer=offerer, pays=[venue])
    document = factories.BankAccountDocumentFactory(bank_account=account, identity=True)
    response = staff_client.get(reverse("backoffice:bank-account-detail", args=[account.pk]))
    text = visible_text(response)
    assert rules.format_iban(account.iban) in text
    assert "kbis.pdf" in text and venue.display_name in text
    download = staff_client.get(reverse("backoffice:bank-document", args=[document.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_staff_accept_and_the_structure_is_told(
    staff_client, offerer, pro, mailoutbox, django_capture_on_commit_callbacks
):
    account = factories.BankAccountFactory(offerer=offerer)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(decide(account, "valider"), {"accept-comment": ""})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.status == BankAccountStatus.ACCEPTED
    assert [m.to for m in mailoutbox] == [[pro.email]]
    page = visible_text(staff_client.get(response.url))
    assert "Le compte « " + account.label + " » a été validé." in page
    assert "En cours de validation → Validé" in page  # the history


def test_a_refusal_needs_a_reason(staff_client, offerer, mailoutbox):
    account = factories.BankAccountFactory(offerer=offerer)
    response = staff_client.post(decide(account, "refuser"), {"refuse-comment": ""})
    assert response.status_code == 400
    assert "Indiquez le motif du refus" in visible_text(response)
    account.refresh_from_db()
    assert account.status == BankAccountStatus.ON_GOING
    assert not mailoutbox


def test_staff_ask_for_corrections(staff_client, offerer, pro, mailoutbox, django_capture_on_commit_callbacks):
    account = factories.BankAccountFactory(offerer=offerer)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(decide(account, "corrections"), {"ask_corrections-comment": "RIB illisible"})
    account.refresh_from_db()
    assert account.status == BankAccountStatus.WITH_PENDING_CORRECTIONS
    assert "RIB illisible" in mailoutbox[0].body


def test_a_decided_account_offers_no_decision(staff_client, offerer):
    account = factories.BankAccountFactory(offerer=offerer, accepted=True)
    text = visible_text(staff_client.get(reverse("backoffice:bank-account-detail", args=[account.pk])))
    assert "Décision" not in text
    response = staff_client.post(decide(account, "refuser"), {"refuse-comment": "Finalement non"})
    assert response.status_code == 302
    assert "« Validé » : l'action demandée n'est pas possible" in visible_text(staff_client.get(response.url))


def test_the_dashboard_counts_the_applications_to_review(staff_client):
    factories.BankAccountFactory()
    factories.BankAccountFactory(with_corrections=True)
    response = staff_client.get(reverse("backoffice:home"))
    assert visible_text(response, "#bank-accounts-total") == "1"
    assert "1 en attente de corrections de la structure" in visible_text(response)


def test_the_account_page_shows_the_pricing_point_of_each_venue_it_pays(staff_client, offerer, venue):
    digital = offerer.venues.get(is_virtual=True)
    waiting = factories.SiretlessVenueFactory(offerer=offerer, name="Salle sans SIRET")
    factories.PricingPointLinkFactory(venue=digital, pricing_point=venue)
    account = factories.BankAccountFactory(offerer=offerer, accepted=True, pays=[venue, digital, waiting])
    response = staff_client.get(reverse("backoffice:bank-account-detail", args=[account.pk]))
    venues = texts(response, "[data-testid=link-row] th")
    points = texts(response, "[data-testid=link-pricing-point]")
    rows = {name.strip(): point.strip() for name, point in zip(venues, points)}
    assert rows[venue.display_name] == "le lieu lui-même"
    assert rows[digital.display_name] == venue.display_name
    assert rows[waiting.display_name] == "aucun : ses réservations validées attendent"
