"""``POST /api/webhooks/dms/bank-details?token=<secret>``: Démarches simplifiées tells that a bank details dossier
changed (docs/domain/finance.md#dms-updates).

DS posts a form: ``procedure_id``, ``dossier_id``, ``state``, ``updated_at``. The secret in the URL
(``DMS_WEBHOOK_SECRET``) is compared in constant time before anything else: a wrong or missing one is a 403 and
nothing is read nor changed. The dossier itself is then read from DS by the finance service (the form only says
which one changed) and applied; a notification older than the update already applied changes nothing.
"""

import hmac

from django.conf import settings
from django.http import HttpRequest
from ninja import Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import APIKeyQuery

from passculture.api.errors import PublicErrorOut, mapping
from passculture.core.errors import DomainError
from passculture.finance import rules
from passculture.finance.services import dms as dms_services

router = Router(tags=["Démarches simplifiées"])

FORBIDDEN = "Jeton du webhook invalide."


class DmsWebhookToken(APIKeyQuery):
    """The secret in the webhook's URL (``?token=``), compared in constant time; none configured: always refused."""

    param_name = "token"

    def authenticate(self, request: HttpRequest, key: str | None) -> str:
        secret = settings.DMS_WEBHOOK_SECRET or ""
        if not secret or not key or not hmac.compare_digest(key.encode(), secret.encode()):
            raise HttpError(403, FORBIDDEN)
        return "DMS"


class DmsWebhookIn(Schema):
    procedure_id: int
    dossier_id: int
    state: str
    updated_at: str


class DmsWebhookOut(Schema):
    dossier_id: int
    applied: bool  # False: an update already applied (or older), nothing changed
    status: str  # the bank account's status after the update


@router.post(
    "/webhooks/dms/bank-details",
    auth=DmsWebhookToken(),
    response={200: DmsWebhookOut, frozenset({400, 403, 404, 503}): PublicErrorOut},
    summary="Démarches simplifiées : un dossier de coordonnées bancaires a changé",
    url_name="dms-webhook",
)
def dms_webhook(request: HttpRequest, data: Form[DmsWebhookIn]):
    try:
        rules.check_dms_state(data.state)
        notified_at = rules.parse_dms_date(data.updated_at)
        update = dms_services.dms_dossier_sync(
            data.procedure_id, data.dossier_id, actor="DMS webhook", notified_at=notified_at
        )
    except DomainError as exc:
        return Status(mapping(exc).public, {exc.field or "global": [exc.message]})
    return Status(200, {"dossier_id": data.dossier_id, "applied": update.changed, "status": update.account.status})
