"""API keys of structures (ticketing and bookstore software): create once, authenticate, revoke."""

import datetime
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from passculture.core.audit import log_action
from passculture.offerers import errors
from passculture.offerers.models import ApiKey, Offerer

MAX_ACTIVE_KEYS = 5
KEY_PATTERN = re.compile(r"^(?P<env>[a-z]+)_(?P<prefix>[0-9a-f]{12})_(?P<secret>[0-9a-f]{64})$")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def key_environment() -> str:
    return {"production": "prod", "development": "dev"}.get(settings.ENVIRONMENT, settings.ENVIRONMENT[:8] or "dev")


@transaction.atomic
def apikey_create(offerer: Offerer, actor, label: str = "") -> tuple[ApiKey, str]:
    """Returns the key and its clear value, which is never stored nor shown again."""
    Offerer.objects.select_for_update().get(pk=offerer.pk)  # serialise the count below
    if offerer.api_keys.filter(revoked_at__isnull=True).count() >= MAX_ACTIVE_KEYS:
        raise errors.TooManyApiKeys(maximum=MAX_ACTIVE_KEYS)
    prefix, secret = secrets.token_hex(6), secrets.token_hex(32)
    key = ApiKey.objects.create(
        offerer=offerer,
        prefix=prefix,
        secret_hash=_hash(secret),
        label=label,
        created_by=actor if getattr(actor, "pk", None) else None,  # a user, or a label such as "CLI"
    )
    log_action(actor, "apikey.created", offerer, {"prefix": prefix, "label": label})
    return key, f"{key_environment()}_{prefix}_{secret}"


@transaction.atomic
def apikey_revoke(key_id: int, actor) -> ApiKey:
    key = ApiKey.objects.select_for_update().get(pk=key_id)
    if key.revoked_at is not None:
        raise errors.ApiKeyAlreadyRevoked()
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    log_action(actor, "apikey.revoked", key.offerer, {"prefix": key.prefix})
    return key


def apikey_authenticate(clear: str) -> ApiKey | None:
    """The active key matching ``clear`` (constant-time comparison), or ``None``."""
    match = KEY_PATTERN.match((clear or "").strip())
    if not match:
        return None
    key = ApiKey.objects.select_related("offerer").filter(prefix=match["prefix"], revoked_at__isnull=True).first()
    if key is None or not hmac.compare_digest(key.secret_hash, _hash(match["secret"])):
        return None
    # At most one write a minute per key: every desk of a structure shares this row.
    now = timezone.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - datetime.timedelta(minutes=1))
    ApiKey.objects.filter(stale, pk=key.pk).update(last_used_at=now)
    return key
