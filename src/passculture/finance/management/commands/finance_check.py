"""Check the money (docs/domain/finance.md#checks): for each batch, Σ transfers = Σ its pricings = Σ the bookings
it marked REIMBURSED (plus its adjustments), every pricing against its rule, and no pricing
whose event, booking, venue, pricing point or rule is gone. Prints each difference and exits
non-zero when there is one."""

from django.core.management.base import BaseCommand, CommandError

from passculture.finance.selectors import payments


class Command(BaseCommand):
    help = (
        "Check the sums of the payment batches, the pricings against their rules and that none is orphaned; non-zero "
        "exit on a difference."
    )

    def handle(self, *args, **options):
        problems = payments.check_batches() + payments.check_pricings() + payments.check_orphaned_pricings()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} écart(s) trouvé(s)")
        self.stdout.write("finance_check: aucun écart")
