"""Bank details and reimbursements are not built yet: no page, mail or footer promises them or points to them;
once an interface serves them (a link name in ``core.links``), the same texts come back with their link."""

import pytest
from django.urls import reverse

from passculture.core import links
from passculture.core.mail import build_message
from passculture.offerers.models import OffererStatus
from tests import factories
from tests.html import visible_text

pytestmark = pytest.mark.django_db

NOT_BUILT = ["coordonnées bancaires", "remboursements"]


@pytest.fixture
def served(monkeypatch):
    """Bank details and reimbursements land: their pages are served (here by stand-in pages)."""
    monkeypatch.setitem(links._URL_NAMES, "pro-bank-details", "pro:offerer-invite")
    monkeypatch.setitem(links._URL_NAMES, "pro-reimbursements", "pro:bookings")


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


def test_the_home_and_its_banner_promise_nothing_not_built(client, new_structure):
    text = visible_text(client.get(reverse("pro:home")))
    assert "Votre structure est en cours de validation" in text
    assert "Vous pouvez déjà créer vos lieux et vos offres : vos offres seront visibles" in text
    assert "de suivre leurs réservations." in text  # the footer
    for words in NOT_BUILT:
        assert words not in text


def test_the_mails_promise_nothing_not_built(new_structure):
    for name, message in mails(*new_structure).items():
        for words in NOT_BUILT:
            assert words not in message.body, name
            assert words not in message.alternatives[0][0], name


def test_once_built_the_texts_link_to_them(client, new_structure, served):
    offerer, pro = new_structure
    bank_path = reverse("pro:offerer-invite", args=[offerer.pk])
    page = client.get(reverse("pro:home")).content.decode()
    assert page.count(f'href="{bank_path}"') == 2  # next steps and banner
    assert f'href="{links.path("pro-reimbursements")}"' in page  # the footer
    for name, message in mails(offerer, pro).items():
        assert bank_path in message.body or "remboursements" in message.body, name
