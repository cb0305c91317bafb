"""Event bookings still unused 48 h after the event become USED, author AUTO (docs/domain/bookings.md).

Idempotent and safe concurrently: each booking is re-read locked (``skip_locked``) and only moves from CONFIRMED.
"""

from django.utils import timezone

from passculture.bookings import selectors, services
from passculture.core.management.base import JobCommand


class Command(JobCommand):
    help = "Mark as used the event bookings still unused 48 hours after the event."

    def run(self, *, dry_run: bool) -> dict[str, int]:
        now = timezone.now()
        counts = {"used": 0}
        for booking in self.iterate(selectors.bookings_to_auto_use(now), label="réservations"):
            if services.booking_auto_use(booking.pk, now):
                counts["used"] += 1
                self.report(f"{booking.token}: validée automatiquement")
        return counts
