"""Celery tasks of finance: thin wrappers of its services (docs/domain/finance.md#dms-updates)."""

from celery import shared_task

from passculture.finance import services


@shared_task(name="finance.dms_poll")
def dms_poll(procedure_id: int | None = None) -> None:
    """Read the DS dossiers updated since the last poll: of one procedure, or of every followed one."""
    if procedure_id is None:
        services.dms_poll_all()
    else:
        services.dms_poll(procedure_id)
