"""Small read helpers of the back office that no domain selector covers (staff only)."""

from django.db.models import QuerySet

from passculture.accounts.models import User
from passculture.core.models import AuditLogEntry


def audit_log(action: str = "", actor_email: str = "") -> QuerySet[AuditLogEntry]:
    """The global audit log, newest first; ``action`` matches the start of the code (``offerer.``)."""
    entries = AuditLogEntry.objects.select_related("actor", "target_type")
    if action:
        entries = entries.filter(action__startswith=action.strip())
    if actor_email:
        entries = entries.filter(actor_label__icontains=actor_email.strip())
    return entries


def actions_by(user: User) -> QuerySet[AuditLogEntry]:
    """What ``user`` did, newest first."""
    return AuditLogEntry.objects.filter(actor=user).select_related("target_type")
