"""The audit log: one call, in the transaction of the change it records."""

from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from passculture.core.models import AuditLogEntry
from passculture.core.sql import Insert, compiled


def _actor_fields(actor) -> dict[str, Any]:
    if actor is None:
        return {"actor": None, "actor_label": "système"}
    if isinstance(actor, str):  # "AUTO", "API <prefix>", a job name
        return {"actor": None, "actor_label": actor}
    return {"actor": actor, "actor_label": getattr(actor, "email", str(actor))}


def log_action(actor, action: str, target: models.Model | None = None, data: dict | None = None) -> AuditLogEntry:
    """Record ``actor`` (a user, a label such as ``"AUTO"``, or ``None`` for the system) doing ``action``."""
    fields = _actor_fields(actor)
    if target is not None:
        fields.update(
            target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
            target_id=str(target.pk),
            target_label=str(target)[:255],
        )
    entry = AuditLogEntry(action=action, data=data or {}, **fields)
    _insert_entry()(entry)
    return entry


@compiled
def _insert_entry() -> Insert:
    """Every change writes one entry (the booking's hot path among them): its SQL is built once (``core.sql``)."""
    return Insert(AuditLogEntry)


def audit_trail(target: models.Model):
    """Entries about ``target``, newest first."""
    return AuditLogEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
    ).select_related("actor")


def log_actions(
    actor, action: str, targets: Sequence[models.Model], data: dict | None = None, batch_size: int = 1000
) -> int:
    """:func:`log_action` for many targets of one model at once (bulk jobs, demo data)."""
    if not targets:
        return 0
    fields = _actor_fields(actor)
    target_type = ContentType.objects.get_for_model(targets[0], for_concrete_model=False)
    entries = [
        AuditLogEntry(
            action=action,
            data=data or {},
            target_type=target_type,
            target_id=str(target.pk),
            target_label=str(target)[:255],
            **fields,
        )
        for target in targets
    ]
    AuditLogEntry.objects.bulk_create(entries, batch_size=batch_size)
    return len(entries)
