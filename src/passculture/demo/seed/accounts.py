"""The demo accounts: staff, pros and the young person, all with the demo password."""

from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from passculture.accounts.models import User

DEMO_PASSWORD = "Demo-passCulture-2026!"
SEED_COMMENT = "Données de démonstration"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    description: str
    is_staff: bool = False
    phone: str = ""


ADMIN = DemoAccount(
    "admin@example.org", "Alex", "Admin", "équipe pass Culture : back office (/backoffice/)", is_staff=True
)
PRO = DemoAccount(
    "pro@example.org",
    "Camille",
    "Dupont",
    "pro, membre de la structure validée « Cinéma et Librairie Démo » (2 lieux)",
    phone="0612345678",
)
PENDING_PRO = DemoAccount(
    "attente@example.org",
    "Dominique",
    "Martin",
    "pro dont la structure « Théâtre en Attente » attend la validation",
    phone="0698765432",
)
BENEFICIARY = DemoAccount(
    "jeune@example.org",
    "Lou",
    "Martin",
    "jeune de 18 ans avec son crédit pass Culture : le catalogue (/catalogue/), un livre déjà réservé",
    phone="0623456789",
)
ACCOUNTS = (ADMIN, PRO, PENDING_PRO, BENEFICIARY)
DEMO_EMAILS = [account.email for account in ACCOUNTS]


def ensure_account(account: DemoAccount, password_hash: str, counts: Counter) -> User:
    user = User.objects.filter(email=account.email).first()
    if user is not None:
        return user
    user = User.objects.create(
        email=account.email,
        password=password_hash,
        first_name=account.first_name,
        last_name=account.last_name,
        phone=account.phone,
        is_staff=account.is_staff,
        is_superuser=account.is_staff,
        email_verified_at=timezone.now(),
    )
    counts["users"] += 1
    return user
