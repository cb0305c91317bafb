"""Celery tasks of finance: thin wrappers of its services (docs/domain/finance.md#dms-updates)."""

from celery import shared_task

from passculture.finance.services import dms as dms_services
from passculture.finance.services import justificatifs, pricing


@shared_task(name="finance.dms_poll")
def dms_poll(procedure_id: int | None = None) -> None:
    """Read the DS dossiers updated since the last poll: of one procedure, or of every followed one."""
    if procedure_id is None:
        dms_services.dms_poll_all()
    else:
        dms_services.dms_poll(procedure_id)


@shared_task(name="finance.price_bookings")
def price_bookings() -> dict[str, int]:
    """Price the ready finance events (the ``price_bookings`` job, on demand: after a pricing point is chosen)."""
    return pricing.price_events()


@shared_task(name="finance.render_justificatifs")
def render_justificatifs(batch_id: int | None = None) -> dict[str, int]:
    """Render the justificatifs' PDFs still missing (of a batch just confirmed, or of every batch)."""
    return justificatifs.render_missing(batch_id)
