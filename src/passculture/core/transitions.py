"""Status machines written as data: which transitions leave which states, and the error each refusal raises.

A domain app declares its machine in its ``rules.py``; its services guard every write with :meth:`StateMachine.check`
and the interface pages decide which buttons to show with :meth:`StateMachine.available` (the services still refuse
what the machine does not allow, so a stale page cannot force a transition). Pure: no ORM.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from passculture.core.errors import DomainError


@dataclass(frozen=True)
class Transition:
    """``name`` leaves any of ``sources`` for ``target`` (``None``: decided by the use case, as a publication
    decided by review rules); outside ``sources`` it raises ``refusal``, or is a no-op when ``refusal`` is None."""

    name: str
    sources: frozenset[str]
    target: str | None
    refusal: type[DomainError] | None


class StateMachine:
    def __init__(self, *transitions: Transition):
        self.transitions = {transition.name: transition for transition in transitions}

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def allows(self, name: str, state: str) -> bool:
        return state in self.transitions[name].sources

    def check(self, name: str, state: str, **params) -> None:
        """Raise the transition's refusal (formatted with ``params``) when ``state`` does not allow it."""
        transition = self.transitions[name]
        if state not in transition.sources and transition.refusal is not None:
            raise transition.refusal(**params)

    def available(self, state: str, names: Iterable[str] | None = None) -> set[str]:
        """The transitions (among ``names``, default all) that ``state`` allows: the buttons a page shows."""
        return {name for name in (names if names is not None else self.transitions) if self.allows(name, state)}
