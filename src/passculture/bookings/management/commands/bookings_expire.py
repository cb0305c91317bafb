"""Physical goods not collected within 30 days expire (credit and place restored, both sides emailed); a
reminder goes to the beneficiary 7 days before (docs/domain/bookings.md#expiry).

Idempotent and safe concurrently: a booking is re-read locked and only moves from CONFIRMED; a reminder is
sent once (``reminder_sent_at``).
"""

from django.utils import timezone

from passculture.bookings import selectors, services
from passculture.core.management.base import JobCommand


class Command(JobCommand):
    help = "Expire uncollected bookings of physical goods, and remind beneficiaries 7 days before."

    def run(self, *, dry_run: bool) -> dict[str, int]:
        now = timezone.now()
        counts = {"expired": 0, "reminded": 0}
        for booking in self.iterate(selectors.bookings_to_expire(now), label="réservations à expirer"):
            if services.booking_expire(booking.pk, now):
                counts["expired"] += 1
                self.report(f"{booking.token}: expirée, crédit rendu")
        for booking in self.iterate(selectors.bookings_to_remind(now), label="rappels"):
            if services.booking_send_expiry_reminder(booking.pk, now):
                counts["reminded"] += 1
                self.report(f"{booking.token}: rappel envoyé")
        return counts
