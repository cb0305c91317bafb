"""Bank details: accounts in each status of their review, their documents, and the links that make an account pay
a venue (``BankAccountFactory(accepted=True, pays=[venue])``)."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from schwifty import IBAN

from passculture.finance.models import (
    ApplicationSource,
    BankAccount,
    BankAccountDocument,
    BankAccountLink,
    BankAccountStatus,
    DocumentKind,
)

from .offerers import OffererFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def french_iban(n: int) -> str:
    """A valid French IBAN (RIB key included), different for each ``n``."""
    return IBAN.generate("FR", bank_code="30006", branch_code="00001", account_code=f"{n:011d}").compact


class BankAccountFactory(factory.django.DjangoModelFactory):
    """An embedded application waiting for the staff's review (``ON_GOING``) of a validated structure; traits:
    ``accepted``, ``pending`` (the default), ``draft``, ``refused``, ``with_corrections``, ``without_continuation``,
    ``from_dms``. ``pays=[venue, …]`` links venues to it from a day ago (``pays__since=<datetime>``: from then, as
    for an account that paid them during past fortnights)."""

    class Meta:
        model = BankAccount
        skip_postgeneration_save = True

    offerer = factory.SubFactory(OffererFactory)
    label = factory.Sequence(lambda n: f"Compte courant {n}")
    iban = factory.Sequence(lambda n: french_iban(n + 1))
    bic = "BNPAFRPPXXX"
    status = BankAccountStatus.ON_GOING
    source = ApplicationSource.UPLOAD
    status_changed_at = factory.LazyFunction(timezone.now)

    class Params:
        accepted = factory.Trait(status=BankAccountStatus.ACCEPTED)
        pending = factory.Trait(status=BankAccountStatus.ON_GOING)
        draft = factory.Trait(status=BankAccountStatus.DRAFT)
        refused = factory.Trait(status=BankAccountStatus.REFUSED)
        with_corrections = factory.Trait(status=BankAccountStatus.WITH_PENDING_CORRECTIONS)
        without_continuation = factory.Trait(status=BankAccountStatus.WITHOUT_CONTINUATION)
        from_dms = factory.Trait(
            source=ApplicationSource.DMS,
            dms_procedure_id="104811",
            dms_dossier_id=factory.Sequence(lambda n: str(900000 + n)),
        )

    @factory.post_generation
    def pays(obj, create, extracted, **kwargs):
        for venue in extracted or []:
            since = kwargs.get("since")
            BankAccountLinkFactory(bank_account=obj, venue=venue, **({"starts_at": since} if since else {}))


class BankAccountLinkFactory(factory.django.DjangoModelFactory):
    """A link in force since yesterday (``ended=True``: it ended an hour ago)."""

    class Meta:
        model = BankAccountLink

    bank_account = factory.SubFactory(BankAccountFactory)
    venue = factory.SubFactory(
        "tests.factories.offerers.VenueFactory", offerer=factory.SelfAttribute("..bank_account.offerer")
    )
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    ends_at = None

    class Params:
        ended = factory.Trait(ends_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1)))


class BankAccountDocumentFactory(factory.django.DjangoModelFactory):
    """A RIB in PDF (``identity=True``: the Kbis), stored in the private storage."""

    class Meta:
        model = BankAccountDocument

    bank_account = factory.SubFactory(BankAccountFactory)
    kind = DocumentKind.RIB
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="document.pdf"))
    original_name = "rib.pdf"
    content_type = "application/pdf"
    size = len(PDF)

    class Params:
        identity = factory.Trait(kind=DocumentKind.IDENTITY, original_name="kbis.pdf")
