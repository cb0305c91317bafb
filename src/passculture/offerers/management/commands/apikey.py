"""``passculture apikey create --siren <SIREN> [--label ...]``: print a new API key of a structure (once)."""

from django.core.management.base import BaseCommand, CommandError

from passculture.core.errors import DomainError
from passculture.core.identifiers import compact
from passculture.offerers.models import Offerer
from passculture.offerers.services import apikey_create


class Command(BaseCommand):
    help = "Create an API key for a structure (ticketing or bookstore software) and print it once."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a key")
        create.add_argument("--siren", required=True)
        create.add_argument("--label", default="Clé créée en ligne de commande")

    def handle(self, *args, **options):
        offerer = Offerer.objects.filter(siren=compact(options["siren"])).first()
        if offerer is None:
            raise CommandError(f"Aucune structure avec le SIREN {options['siren']}.")
        try:
            _, clear = apikey_create(offerer, "CLI", options["label"])
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(clear)
