"""Money is integer cents end to end; these helpers format it at the edges only."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NBSP = "\u00a0"
NNBSP = "\u202f"


def format_cents(cents: int | None, *, free_label: str | None = None) -> str:
    """``1250`` → ``"12,50 €"``; thousands grouped with a narrow no-break space (French typography)."""
    if cents is None:
        return ""
    if cents == 0 and free_label:
        return free_label
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(int(cents)), 100)
    grouped = f"{euros:,}".replace(",", NNBSP)
    return f"{sign}{grouped},{rest:02d}{NBSP}€"


def euros_to_cents(value: str | Decimal | int) -> int:
    """Parse ``"12,5"``, ``"12.50"`` or ``Decimal("12.5")`` into cents; raises ``ValueError`` on garbage."""
    text = str(value).strip().replace(NBSP, "").replace(NNBSP, "").replace(" ", "").replace("€", "")
    text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def cents_to_decimal_text(cents: int) -> str:
    """``1234`` → ``"12.34"``, ``-5`` → ``"-0.05"``: the dot-decimal amount a machine file (SEPA) writes, from
    integer cents with no float in between."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"
