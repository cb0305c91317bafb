"""Texts point only to pages that exist. Bank details are built: the home's next steps, the validation banner and
the structure's mails link to "Informations bancaires". Reimbursements are built ("Suivi des remboursements"): the
footer and the mails that promise them link to it; while no interface serves the link name, they are silent."""

import pytest
from django.urls import reverse

from passculture.core import links
from passculture.core.mail import build_message
from passculture.offerers.models import OffererStatus
from tests import factories
from tests.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def not_served(monkeypatch):
    """An interface without the reimbursements page (the link name unregistered)."""
    monkeypatch.delitem(links._URL_NAMES, "pro-reimbursements")


@pytest.fixture
def new_structure(client):
    offerer = factories.OffererFactory(status=OffererStatus.NEW)
    pro = factories.MembershipFactory(offerer=offerer).user
    client.force_login(pro)
    return offerer, pro


def mails(offerer, pro):
    requester = factories.UserFactory()
    contexts = {
        "offerer_under_review": {"user": pro, "offerer": offerer},
        "offerer_validated": {"offerer": offerer, "url": "https://pro.example/connexion/"},
        "offerer_on_hold": {"offerer": offerer, "comment": "Kbis ?"},
        "attachment_requested": {"offerer": offerer, "requester": requester, "url": "https://pro.example/"},
    }
    return {name: build_message(name, ["x@example.net"], context) for name, context in contexts.items()}


def test_the_home_and_its_banner_link_to_the_bank_details(client, new_structure, not_served):
    offerer, _pro = new_structure
    response = client.get(reverse("pro:home"))
    page, text = response.content.decode(), visible_text(response)
    assert "Votre structure est en cours de validation" in text
    assert "Vous pouvez déjà créer vos lieux et vos offres et renseigner vos coordonnées bancaires" in text
    assert "Renseigner vos coordonnées bancaires : vous pouvez publier vos offres sans attendre" in text
    bank_path = reverse("pro:bank-details", args=[offerer.pk])
    assert page.count(f'href="{bank_path}"') == 2  # next steps and banner
    assert "de suivre leurs réservations." in text  # the footer: reimbursements not served
    assert "remboursements" not in text


def test_the_mails_link_to_the_bank_details_and_promise_no_reimbursement_page(new_structure, not_served):
    offerer, pro = new_structure
    bank_url = links.link("pro-bank-details", pk=offerer.pk)
    for name, message in mails(offerer, pro).items():
        if name != "attachment_requested":
            assert bank_url in message.body, name
            assert bank_url in message.alternatives[0][0], name
        assert "aux réservations et aux remboursements" not in message.body, name


def test_the_reimbursements_texts_link_to_suivi_des_remboursements(client, new_structure):
    offerer, pro = new_structure
    page = client.get(reverse("pro:home")).content.decode()
    assert links.path("pro-reimbursements") == "/remboursements/"
    assert f'href="{links.path("pro-reimbursements")}"' in page  # the footer
    assert "aux réservations et aux remboursements" in mails(offerer, pro)["attachment_requested"].body
