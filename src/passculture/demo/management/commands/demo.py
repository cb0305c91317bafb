"""``passculture demo [--reset] [--beneficiaries N]``: build (or rebuild) the demo data set; refused in production."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from passculture.demo import seed


def describe_accounts() -> list[str]:
    """The demo accounts, one line each, for this command and ``passculture serve``."""
    width = max(len(account.email) for account in seed.ACCOUNTS)
    return [f"{account.email:<{width}}  {account.description}" for account in seed.ACCOUNTS]


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {name}" for name, n in counts.items())


class Command(BaseCommand):
    help = (
        "Create the demo accounts, structures, venues, offers and the young person's credit and booking that are "
        "missing (idempotent); --reset deletes them first and rebuilds them; --beneficiaries N adds "
        "jeune1@example.org … jeuneN@example.org with a credit each (load tests). Refused in production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo data set, then rebuild it from scratch."
        )
        parser.add_argument(
            "--beneficiaries",
            type=int,
            default=0,
            metavar="N",
            help="Also create jeune1@example.org … jeuneN@example.org (verified, eligible, with a credit each).",
        )

    def handle(self, *args, reset: bool = False, beneficiaries: int = 0, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("The demo data set is never created in production (PASSCULTURE_ENV=production).")
        if not 0 <= beneficiaries <= seed.MAX_LOAD_BENEFICIARIES:
            raise CommandError(f"--beneficiaries must be between 0 and {seed.MAX_LOAD_BENEFICIARIES}.")
        with transaction.atomic():
            if reset:
                self.stdout.write("Deleted: " + _summary(seed.wipe_demo()))
            created = seed.seed_demo()
            load = seed.seed_load_beneficiaries(beneficiaries) if beneficiaries else None
        self.stdout.write("Created: " + _summary(created))
        self.stdout.write(f"Demo accounts (password {seed.DEMO_PASSWORD}):")
        for line in describe_accounts():
            self.stdout.write(f"  {line}")
        if load is not None:
            first, last = seed.load_emails(beneficiaries)[0], seed.load_emails(beneficiaries)[-1]
            self.stdout.write(f"Load-test beneficiaries {first} … {last} (same password): created " + _summary(load))
