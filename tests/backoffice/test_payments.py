"""Payment batches in the back office (docs/domain/finance.md#batches): staff run a batch after a confirmation page,
see its transfers, the bookings held back and its SEPA file, then confirm it after another confirmation page."""

import datetime

import pytest
from django.urls import reverse
from lxml import etree

from passculture.bookings.models import BookingStatus
from passculture.finance.models import PaymentBatch, PaymentBatchStatus, Transfer
from passculture.finance.services import sepa
from tests.factories import BankAccountFactory, TransferFactory, VenueFactory, used_booking
from tests.html import texts, visible_text

pytestmark = pytest.mark.django_db

JUNE_3 = datetime.datetime(2026, 6, 3, 10, tzinfo=datetime.UTC)
SINCE = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def fortnight():
    paid, held = VenueFactory(), VenueFactory()
    BankAccountFactory(offerer=paid.offerer, accepted=True, label="Compte du cinéma", pays=[paid], pays__since=SINCE)
    BankAccountFactory(offerer=held.offerer, pending=True, pays=[held], pays__since=SINCE)
    return used_booking(paid, price_cents=2_000, used_at=JUNE_3), used_booking(held, price_cents=900, used_at=JUNE_3)


def test_running_a_batch_asks_for_a_confirmation_first(staff_client, fortnight):
    page = staff_client.get(reverse("backoffice:payment-batch-run"), {"cutoff": "2026-06-15"})

    assert "1ère quinzaine 06-2026" in visible_text(page)
    assert not PaymentBatch.objects.exists()

    response = staff_client.post(reverse("backoffice:payment-batch-run"), {"cutoff": "2026-06-15"}, follow=True)

    batch = PaymentBatch.objects.get()
    text = visible_text(response)
    assert "1 virement(s) préparé(s)" in text
    assert "Compte du cinéma" in visible_text(response, "[data-testid=transfers]")
    assert "1 réservation valorisée avant la fin de la quinzaine" in text  # the pending account's booking
    sepa_file = staff_client.get(reverse("backoffice:payment-batch-sepa", args=[batch.pk]))
    sepa.validate(sepa_file.content)
    assert etree.fromstring(sepa_file.content).findtext(".//{*}InstdAmt") == "20.00"


def test_a_cutoff_that_is_not_the_end_of_a_fortnight_is_refused_on_its_field(staff_client):
    response = staff_client.get(reverse("backoffice:payment-batch-run"), {"cutoff": "2026-06-14"})

    assert response.status_code == 400
    error = visible_text(response, "#id_cutoff-errors")  # the back office's field errors, tied to the input
    assert error == "Une quinzaine se termine le 15 ou le dernier jour du mois."


def test_confirming_a_batch_reimburses_its_bookings(staff_client, fortnight):
    paid, held = fortnight
    staff_client.post(reverse("backoffice:payment-batch-run"), {"cutoff": "2026-06-15"})
    batch = PaymentBatch.objects.get()

    confirm_page = staff_client.get(reverse("backoffice:payment-batch-confirm", args=[batch.pk]))
    assert "Cette action est définitive" in visible_text(confirm_page)
    staff_client.post(reverse("backoffice:payment-batch-confirm", args=[batch.pk]))

    batch.refresh_from_db()
    paid.refresh_from_db()
    held.refresh_from_db()
    assert batch.status == PaymentBatchStatus.CONFIRMED
    assert (paid.status, held.status) == (BookingStatus.REIMBURSED, BookingStatus.USED)
    transfers = texts(staff_client.get(reverse("backoffice:transfers")), "[data-testid=transfers] tbody tr")
    assert Transfer.objects.get().justificatif_number in transfers[0]


def test_the_list_shows_each_batch_with_its_total(staff_client, fortnight):
    staff_client.post(reverse("backoffice:payment-batch-run"), {"cutoff": "2026-06-15"})

    row = texts(staff_client.get(reverse("backoffice:payment-batches")), "[data-testid=batches] tbody tr")[0]
    assert "Lot du 15/06/2026" in row and "20,00 €" in row and "Virements préparés" in row


def test_a_transfer_whose_pdf_is_being_rendered_shows_its_number_and_says_so(staff_client):
    pending = TransferFactory(justificatif="")
    ready = TransferFactory()

    rows = texts(staff_client.get(reverse("backoffice:transfers")), "[data-testid=transfers] tbody tr")

    row_of = {transfer.label: next(row for row in rows if transfer.label in row) for transfer in (pending, ready)}
    assert pending.justificatif_number in row_of[pending.label]
    assert "Justificatif en préparation" in row_of[pending.label]
    assert "Justificatif en préparation" not in row_of[ready.label]
