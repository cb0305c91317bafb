"""The demo structure's bank details (docs/domain/finance.md): an accepted account paying "Cinéma Démo" and an
application waiting for the staff's review for "Librairie Démo Lyon", both sent through the embedded application
with small demo documents."""

from collections import Counter
from dataclasses import dataclass

from passculture.accounts.models import User
from passculture.finance.models import BankAccount, BankAccountDocument, BankAccountLink
from passculture.finance.services import bank_accounts
from passculture.offerers.models import Offerer

# A one-page PDF: what the demo "uploads" as its Kbis and its RIB.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass(frozen=True)
class DemoBankAccount:
    label: str
    iban: str
    bic: str
    venue_siret: str
    accepted: bool


BANK_ACCOUNTS = (
    DemoBankAccount("Compte courant Cinéma Démo", "FR7630006000011234567890189", "AGRIFRPP", "12345678200010", True),
    DemoBankAccount("Compte Librairie Démo Lyon", "FR7610107001011234567890129", "BREDFRPP", "12345678200028", False),
)


def ensure_bank_accounts(offerer: Offerer, pro: User, staff: User, counts: Counter) -> None:
    for demo in BANK_ACCOUNTS:
        if BankAccount.objects.filter(offerer=offerer, label=demo.label).exists():
            continue
        venue = offerer.venues.get(siret=demo.venue_siret)
        account = bank_accounts.bank_account_submit(
            offerer,
            pro,
            label=demo.label,
            iban=demo.iban,
            bic=demo.bic,
            identity=bank_accounts.Upload("kbis-cinema-et-librairie-demo.pdf", DEMO_PDF),
            rib=bank_accounts.Upload(f"rib-{demo.venue_siret}.pdf", DEMO_PDF),
            venue_ids=[venue.pk],
        )
        if demo.accepted:
            bank_accounts.bank_account_accept(account.pk, staff, "Données de démonstration")
        counts["bank_accounts"] += 1


def wipe_bank_accounts(offerers) -> int:
    """Delete the accounts of ``offerers`` with their links, history and documents (files included)."""
    accounts = BankAccount.objects.filter(offerer__in=offerers)
    count = accounts.count()
    for document in BankAccountDocument.objects.filter(bank_account__in=accounts):
        document.file.delete(save=False)
    BankAccountLink.objects.filter(bank_account__in=accounts).delete()
    accounts.delete()
    return count
