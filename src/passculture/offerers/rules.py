"""Pure rules about structures: their validation status and their members' attachments, as data. No ORM."""

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
