"""Status machines written as data: which transitions leave which states, and the error each refusal raises.

A domain app declares its machine in its ``rules.py``; its services guard every write with :meth:`StateMachine.check`
and the interface pages decide which buttons to show with :meth:`StateMachine.available` (the services still refuse
what the machine does not allow, so a stale page cannot force a transition). Pure: no ORM.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from passculture.core.errors import DomainError


@dataclass(frozen=True)
class Transition:
    """``name`` leaves any of ``sources`` for ``target`` (``None``: decided by the use case, as a publication
    decided by review rules); outside ``sources`` it raises ``refusal`` — one error, or the error of each state
    (``{CANCELLED: AlreadyCancelled, …}``) —, or is a no-op when there is none."""

    name: str
    sources: frozenset[str]
    target: str | None
    refusal: type[DomainError] | Mapping[str, type[DomainError]] | None


class StateMachine:
    def __init__(self, *transitions: Transition):
        self.transitions = {transition.name: transition for transition in transitions}

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def allows(self, name: str, state: str) -> bool:
        return state in self.transitions[name].sources

    def refusal(self, name: str, state: str, **params) -> DomainError | None:
        """The error (formatted with ``params``) refusing ``name`` from ``state``; ``None`` when allowed or a no-op."""
        transition = self.transitions[name]
        if state in transition.sources:
            return None
        refusal = transition.refusal
        if isinstance(refusal, Mapping):
            refusal = refusal.get(state)
        return refusal(**params) if refusal is not None else None

    def check(self, name: str, state: str, **params) -> None:
        """Raise the transition's refusal (formatted with ``params``) when ``state`` does not allow it."""
        error = self.refusal(name, state, **params)
        if error is not None:
            raise error

    def move(self, name: str, state: str, **params) -> str:
        """The state ``name`` leads to from ``state``, after :meth:`check`."""
        self.check(name, state, **params)
        target = self.transitions[name].target
        if target is None:
            raise ValueError(f"the transition {name!r} leaves its target to the use case")
        return target

    def available(self, state: str, names: Iterable[str] | None = None) -> set[str]:
        """The transitions (among ``names``, default all) that ``state`` allows: the buttons a page shows."""
        return {name for name in (names if names is not None else self.transitions) if self.allows(name, state)}
