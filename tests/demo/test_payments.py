"""The demo's reimbursements (README, "Demo accounts"): on a fresh demo, the batch of the last fortnight pays
"Cinéma Démo" (accepted account) and holds back "Librairie Démo Lyon" (account under review); a reset takes the
batch's transfers away with the demo."""

import pytest
from django.core.management import call_command

from passculture.core.dates import paris_today
from passculture.finance import rules
from passculture.finance.models import Transfer
from passculture.finance.services import payments

pytestmark = pytest.mark.django_db


def test_a_batch_on_the_demo_pays_the_cinema_and_holds_the_bookshop_back():
    call_command("demo", stdout=None)

    result = payments.payments_batch(rules.last_cutoff_before(paris_today()))

    transfer = Transfer.objects.get()
    assert transfer.account_label == "Compte courant Cinéma Démo"
    assert transfer.amount == 800 + 2 * 800 + 1_500  # two film tickets (one a duo) and a concert, at 100 %
    assert result.held == 2  # the two books of Lyon
    payments.payments_batch_confirm(result.batch.pk, "DEMO")

    call_command("demo", "--reset", stdout=None)

    assert not Transfer.objects.exists()
