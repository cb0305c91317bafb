"""Payments: a batch of a past fortnight and its transfers, as a confirmed batch leaves them (a justificatif PDF
stored), without running the pricing: the pages' tests. The batch's own tests run the real services."""

import datetime

import factory
from django.core.files.base import ContentFile

from passculture.finance.models import PaymentBatch, PaymentBatchStatus, Transfer

from .finance import BankAccountFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class PaymentBatchFactory(factory.django.DjangoModelFactory):
    """The batch of the first half of June 2026 (``confirmed=True``: staff confirmed it)."""

    class Meta:
        model = PaymentBatch
        django_get_or_create = ("cutoff",)

    cutoff = datetime.date(2026, 6, 15)
    execution_date = datetime.date(2026, 6, 23)
    message_id = factory.LazyAttribute(lambda batch: f"PASSCULTURE-{batch.cutoff:%Y%m%d}")
    status = PaymentBatchStatus.CREATED

    class Params:
        confirmed = factory.Trait(status=PaymentBatchStatus.CONFIRMED)


class TransferFactory(factory.django.DjangoModelFactory):
    """A transfer of a confirmed batch to an accepted account, with its justificatif (a stand-in PDF)."""

    class Meta:
        model = Transfer

    batch = factory.SubFactory(PaymentBatchFactory, confirmed=True)
    bank_account = factory.SubFactory(BankAccountFactory, accepted=True)
    label = factory.Sequence(lambda n: f"VIR{9000 + n}")
    amount = 12_345
    iban = factory.SelfAttribute("bank_account.iban")
    bic = factory.SelfAttribute("bank_account.bic")
    account_label = factory.SelfAttribute("bank_account.label")
    justificatif_number = factory.Sequence(lambda n: f"F26{n + 1:07d}")
    justificatif_date = datetime.date(2026, 6, 24)
    justificatif = factory.LazyAttribute(lambda t: ContentFile(PDF, name=f"{t.justificatif_number}.pdf"))
