"""``passculture demo [--reset]``: build (or rebuild) the demo data set; refused in production."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from passculture.demo import seed


def describe_accounts() -> list[str]:
    """The demo accounts, one line each, for this command and ``passculture serve``."""
    width = max(len(account.email) for account in seed.ACCOUNTS)
    return [f"{account.email:<{width}}  {account.description}" for account in seed.ACCOUNTS]


class Command(BaseCommand):
    help = (
        "Create the demo accounts, structures and venues that are missing (idempotent); "
        "--reset deletes them first and rebuilds them. Refused in production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo data set, then rebuild it from scratch."
        )

    def handle(self, *args, reset: bool = False, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("The demo data set is never created in production (PASSCULTURE_ENV=production).")
        with transaction.atomic():
            if reset:
                wiped = seed.wipe_demo()
                self.stdout.write("Deleted: " + ", ".join(f"{n} {name}" for name, n in wiped.items()))
            created = seed.seed_demo()
        self.stdout.write("Created: " + ", ".join(f"{n} {name}" for name, n in created.items()))
        self.stdout.write(f"Demo accounts (password {seed.DEMO_PASSWORD}):")
        for line in describe_accounts():
            self.stdout.write(f"  {line}")
