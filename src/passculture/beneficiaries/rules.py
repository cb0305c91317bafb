"""Pure rules of the credit: what is left of a deposit and of its caps. No ORM."""

from passculture.offers.categories import Cap

# The deposit's fields of each cap: (cap, spent on it).
CAP_FIELDS: dict[str, tuple[str, str]] = {
    Cap.PHYSICAL: ("physical_cap_cents", "physical_spent_cents"),
    Cap.DIGITAL: ("digital_cap_cents", "digital_spent_cents"),
}


def cap_ceiling(deposit, cap: str) -> int | None:
    """The ceiling of the cap a booking of ``cap`` counts toward; ``None``: no such cap (or none set)."""
    fields = CAP_FIELDS.get(cap)
    return None if fields is None else getattr(deposit, fields[0])


def cap_left(deposit, cap: str) -> int | None:
    """What is left of the cap a booking of ``cap`` counts toward (its ceiling minus what was spent on it), in
    cents; ``None`` when that cap does not limit the booking (the total credit alone does)."""
    fields = CAP_FIELDS.get(cap)
    if fields is None or getattr(deposit, fields[0]) is None:
        return None
    ceiling, spent = (getattr(deposit, field) for field in fields)
    return ceiling - spent


def spendable_on(deposit, cap: str) -> int:
    """What a booking of ``cap`` may still cost: the credit left, and no more than what is left of its cap."""
    left = cap_left(deposit, cap)
    return deposit.remaining_cents if left is None else max(0, min(left, deposit.remaining_cents))


def spending_updates(cap: str, amount: int) -> dict[str, int]:
    """The spent counters a booking of ``cap`` changes by ``amount`` cents (negative: credited back)."""
    updates = {"spent_cents": amount}
    fields = CAP_FIELDS.get(cap)
    if fields is not None:
        updates[fields[1]] = amount
    return updates
