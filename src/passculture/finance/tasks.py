"""Celery tasks of finance: thin, taking ids (the logic is in the services)."""

from celery import shared_task

from passculture.finance.services import pricing


@shared_task(name="finance.price_bookings")
def price_bookings() -> dict[str, int]:
    """Price the ready finance events (the ``price_bookings`` job, on demand: after a pricing point is chosen)."""
    return pricing.price_events()
