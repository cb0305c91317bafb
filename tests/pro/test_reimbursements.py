"""Suivi des remboursements (docs/domain/finance.md#reimbursements-page): the transfers of the pro's structures with
their justificatif, the filters, the chart and its table, and the details CSV."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from passculture.finance.services import payments
from tests import factories
from tests.factories import BankAccountFactory, StaffFactory, TransferFactory, used_booking
from tests.html import texts, visible_text

pytestmark = pytest.mark.django_db

PAGE = "/remboursements/"
JUNE_3 = datetime.datetime(2026, 6, 3, 10, tzinfo=datetime.UTC)


@pytest.fixture
def paid(offerer, venue, committed):
    """Two bookings of the first half of June 2026 at ``venue``, paid by a confirmed batch."""
    BankAccountFactory(
        offerer=offerer,
        accepted=True,
        label="Compte courant du cinéma",
        pays=[venue],
        pays__since=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    bookings = [
        used_booking(venue, price_cents=1_250, used_at=JUNE_3),
        used_booking(venue, price_cents=870, quantity=2, used_at=JUNE_3, subcategory_id="LIVRE_PAPIER"),
    ]
    batch = payments.payments_batch(datetime.date(2026, 6, 15), today=datetime.date(2026, 7, 1)).batch
    committed(payments.payments_batch_confirm, batch.pk, StaffFactory())  # the PDF rendered after the commit
    return bookings, batch.transfers.get()


def test_the_page_lists_each_transfer_with_its_justificatif(pro_client, paid):
    _bookings, transfer = paid
    response = pro_client.get(PAGE)

    assert reverse("pro:reimbursements") == PAGE
    row = texts(response, "[data-testid=transfers] tbody tr")[0]
    assert transfer.label in row and "29,90 €" in row and "Compte courant du cinéma" in row
    assert transfer.justificatif_date.strftime("%d/%m/%Y") in row
    assert "tous les 15 jours" in visible_text(response)
    assert "1ère quinzaine 06-2026" in visible_text(response, "[data-testid=fortnights]")


def test_the_justificatif_pdf_says_the_total(pro_client, paid):
    _bookings, transfer = paid
    response = pro_client.get(reverse("pro:justificatif", args=[transfer.pk]))

    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert transfer.justificatif_number in text
    assert "Total remboursé : 29,90" in text  # 12,50 € + 2 × 8,70 € at 100 %
    assert "Barème général" in text and "Barème livres" in text
    assert "TVA" in text


def test_the_details_csv_has_one_line_per_booking(pro_client, paid):
    bookings, transfer = paid
    response = pro_client.get(reverse("pro:reimbursements-csv"))
    content = b"".join(response.streaming_content).decode("utf-8")

    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["Réservations concernées", "Date du justificatif", "N° du justificatif", "N° de virement"]
    assert sorted(row[10] for row in rows[1:]) == sorted(b.token for b in bookings)
    assert {row[3] for row in rows[1:]} == {transfer.label}
    assert sorted(row[14] for row in rows[1:]) == ["12,50", "17,40"]


def test_a_transfer_whose_pdf_is_being_rendered_says_so_without_a_link(pro_client, offerer):
    pending = TransferFactory(bank_account=BankAccountFactory(offerer=offerer, accepted=True), justificatif="")
    download = reverse("pro:justificatif", args=[pending.pk])

    response = pro_client.get(PAGE)

    row = texts(response, "[data-testid=transfers] tbody tr")[0]
    assert pending.label in row
    assert f"Justificatif en préparation ({pending.justificatif_number})" in row
    assert download not in response.content.decode()
    assert pro_client.get(download).status_code == 404


def test_another_structures_transfers_are_not_shown_nor_downloadable(pro_client, offerer):
    other = TransferFactory()
    mine = TransferFactory(bank_account=BankAccountFactory(offerer=offerer, accepted=True))

    page = visible_text(pro_client.get(PAGE))
    assert mine.label in page and other.label not in page
    assert pro_client.get(reverse("pro:justificatif", args=[other.pk])).status_code == 404


def test_filters_by_period_and_account(pro_client, offerer):
    account = BankAccountFactory(offerer=offerer, accepted=True)
    june = TransferFactory(bank_account=account)
    july = TransferFactory(
        bank_account=BankAccountFactory(offerer=offerer, accepted=True),
        batch=factories.PaymentBatchFactory(cutoff=datetime.date(2026, 7, 15), confirmed=True),
        justificatif_date=datetime.date(2026, 7, 20),
    )

    by_period = visible_text(pro_client.get(PAGE, {"since": "2026-07-01"}), "[data-testid=transfers]")
    by_account = visible_text(pro_client.get(PAGE, {"account": account.pk}), "[data-testid=transfers]")

    assert july.label in by_period and june.label not in by_period
    assert june.label in by_account and july.label not in by_account


def test_without_a_transfer_the_page_explains_when_the_first_comes(pro_client, offerer):
    assert "Aucun remboursement pour le moment" in visible_text(pro_client.get(PAGE))
