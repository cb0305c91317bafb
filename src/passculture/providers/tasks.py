"""Celery tasks of the catalogue imports: the sync that follows a new link (the nightly ones are in deploy/crontab)."""

from celery import shared_task

from passculture.providers import services


@shared_task(name="providers.sync_venue_provider")
def sync_venue_provider(link_id: int) -> None:
    """Sync a venue right after a pro linked it (a paused or already running link is left alone)."""
    services.sync_link_quietly(link_id)


@shared_task(name="providers.import_pushed_stocks")
def import_pushed_stocks(venue_id: int, raw_items: list) -> None:
    """The stocks a stock software pushed for a venue (``POST /v2/venue/{id}/stocks``)."""
    services.import_pushed_stocks(venue_id, raw_items)
