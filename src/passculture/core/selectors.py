"""Reads of the cross-cutting data: the audit log and the parameters' versions (staff only; callers check)."""

from django.db.models import QuerySet

from passculture.core.models import AuditLogEntry, Parameter


def audit_log(action: str = "", actor_email: str = "") -> QuerySet[AuditLogEntry]:
    """The global audit log, newest first; ``action`` matches the start of the code (``offerer.``)."""
    entries = AuditLogEntry.objects.select_related("actor", "target_type")
    if action:
        entries = entries.filter(action__startswith=action.strip())
    if actor_email:
        entries = entries.filter(actor_label__icontains=actor_email.strip())
    return entries


def actions_by(user) -> QuerySet[AuditLogEntry]:
    """What ``user`` did, newest first."""
    return AuditLogEntry.objects.filter(actor=user).select_related("target_type")


def parameter_versions(key: str | None = None) -> QuerySet[Parameter]:
    """Every version of the parameters (of ``key`` only if given), by key then newest validity first."""
    rows = Parameter.objects.all() if key is None else Parameter.objects.filter(key=key)
    return rows.order_by("key", "-valid_from", "-pk")
