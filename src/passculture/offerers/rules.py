"""Pure rules about structures: their validation status and their members' attachments, as data; the shape of
API keys. No ORM."""

import hashlib
import re

from passculture.core.transitions import StateMachine, Transition
from passculture.offerers import errors
from passculture.offerers.models import MembershipStatus, OffererStatus

_NEW, _PENDING, _VALIDATED, _REJECTED, _CLOSED = (
    OffererStatus.NEW, OffererStatus.PENDING, OffererStatus.VALIDATED, OffererStatus.REJECTED, OffererStatus.CLOSED,
)  # fmt: skip

# A refusal says the structure's current status: ``check(name, status, status=<its label>)``.
OFFERER_STATUS = StateMachine(
    Transition("validate", frozenset({_NEW, _PENDING}), _VALIDATED, errors.InvalidStatusTransition),
    Transition("hold", frozenset({_NEW, _PENDING}), _PENDING, errors.InvalidStatusTransition),
    Transition("reject", frozenset({_NEW, _PENDING, _VALIDATED}), _REJECTED, errors.InvalidStatusTransition),
    Transition("close", frozenset({_NEW, _PENDING, _VALIDATED, _REJECTED}), _CLOSED, errors.InvalidStatusTransition),
)

MEMBERSHIP_STATUS = StateMachine(
    Transition(
        "validate", frozenset({MembershipStatus.PENDING}), MembershipStatus.VALIDATED, errors.MembershipAlreadyDecided
    ),
    Transition(
        "reject", frozenset({MembershipStatus.PENDING}), MembershipStatus.REJECTED, errors.MembershipAlreadyDecided
    ),
)


def offerer_actions(status: str) -> set[str]:
    """The staff decisions a structure in ``status`` allows: the buttons of its back-office page."""
    return OFFERER_STATUS.available(status)


# --- API keys of structures (ticketing and bookstore software) ------------------------------------------------------

MAX_ACTIVE_KEYS = 5
# ``<environment>_<prefix>_<secret>``: the prefix is shown in the pages, the secret only once, stored hashed.
KEY_PATTERN = re.compile(r"^(?P<env>[a-z]+)_(?P<prefix>[0-9a-f]{12})_(?P<secret>[0-9a-f]{64})$")


def key_secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def key_environment(environment: str) -> str:
    """The environment word a key starts with (``prod``, ``dev``…), so that a key is never used in the wrong one."""
    return {"production": "prod", "development": "dev"}.get(environment, environment[:8] or "dev")


# --- Venues (docs/domain/offerers.md#venues) ---------------------------------------------------------------------


def venue_without_siret_errors(*, no_siret_comment: str, street: str, postal_code: str, city: str) -> list:
    """Every refusal of a venue without SIRET that needs no outside call, all at once (a form shows them together;
    the services raise the first)."""
    refusals: list = []
    if not no_siret_comment.strip():
        refusals.append(errors.NoSiretCommentRequired(field="no_siret_comment"))
    if not (street.strip() and postal_code.strip() and city.strip()):
        refusals.append(errors.AddressRequired(field="street"))
    return refusals
