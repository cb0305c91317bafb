"""A status machine written as data: allowed transitions, refusals, the buttons a state allows."""

import pytest

from passculture.core.errors import DomainError
from passculture.core.transitions import StateMachine, Transition


class Refused(DomainError):
    code = "refused"
    message = "Déjà « {status} »."


MACHINE = StateMachine(
    Transition("open", frozenset({"NEW"}), "OPEN", Refused),
    Transition("close", frozenset({"NEW", "OPEN"}), "CLOSED", Refused),
    Transition("touch", frozenset({"OPEN"}), None, None),
)


def test_a_transition_is_allowed_only_from_its_sources():
    assert MACHINE.allows("close", "OPEN")
    assert not MACHINE.allows("open", "OPEN")
    assert MACHINE["open"].target == "OPEN"


def test_a_refused_transition_raises_its_error_with_its_parameters():
    MACHINE.check("open", "NEW")
    with pytest.raises(Refused) as exc_info:
        MACHINE.check("open", "CLOSED", status="fermé", field="status")
    assert exc_info.value.message == "Déjà « fermé »."
    assert exc_info.value.field == "status"


def test_a_transition_without_refusal_is_a_silent_no_op():
    MACHINE.check("touch", "CLOSED")
    assert not MACHINE.allows("touch", "CLOSED")


def test_available_lists_what_a_state_allows_among_the_names_asked():
    assert MACHINE.available("NEW") == {"open", "close"}
    assert MACHINE.available("OPEN", ["open", "close"]) == {"close"}
    assert MACHINE.available("CLOSED") == set()
