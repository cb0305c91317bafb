"""Pure finance rules. No ORM.

Pricing (docs/domain/finance.md#scale): the calendar year of a value date in Paris time, the amount of a booking at
a rate (integer cents, round half up), the group of the scale a subcategory falls in, and the gauge of a pricing
point's revenue against the bands of the scale.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from passculture.core.dates import PARIS
from passculture.offers.categories import SUBCATEGORIES, ReimbursementFamily

# =====================================================================================================================
# Pricing
# =====================================================================================================================

FULL_RATE_BP = 10_000  # rates are kept in ten-thousandths: 9 500 = 95 %

# The scale groups, as the values of ``PricingRuleGroup`` (models) spell them.
STANDARD, BOOK, NOT_REIMBURSED, CUSTOM = "STANDARD", "BOOK", "NOT_REIMBURSED", "CUSTOM"
GROUP_OF_FAMILY = {
    ReimbursementFamily.STANDARD: STANDARD,
    ReimbursementFamily.BOOK: BOOK,
    ReimbursementFamily.NOT_REIMBURSED: NOT_REIMBURSED,
}


def paris_year(value_date: datetime.datetime) -> int:
    """The calendar year of ``value_date`` in Paris time: the scale restarts at midnight on 1 January, Paris."""
    return value_date.astimezone(ZoneInfo(PARIS)).year


def amount_at_rate(total_cents: int, rate_bp: int) -> int:
    """``total × rate``, rounded half up to the cent (both non-negative): 8,70 € at 95 % → 8,27 € (8,265)."""
    return (total_cents * rate_bp + FULL_RATE_BP // 2) // FULL_RATE_BP


def subcategories_of_group(group: str) -> list[str]:
    """The subcategory ids whose reimbursement family maps to ``group`` (STANDARD, BOOK or NOT_REIMBURSED)."""
    return sorted(s.id for s in SUBCATEGORIES if GROUP_OF_FAMILY[s.reimbursement_family] == group)


def group_of_subcategory(subcategory_id: str) -> str:
    for subcategory in SUBCATEGORIES:
        if subcategory.id == subcategory_id:
            return GROUP_OF_FAMILY[subcategory.reimbursement_family]
    return STANDARD


def parse_subcategories(text: str) -> list[str]:
    return [part for part in (text or "").split(",") if part]


def join_subcategories(ids: Iterable[str]) -> str:
    return ",".join(sorted(set(ids)))


def format_rate(rate_bp: int | None) -> str:
    """9 500 → "95 %", 9 250 → "92,5 %" (French, narrow no-break space)."""
    if rate_bp is None:
        return "—"
    whole, rest = divmod(rate_bp, 100)
    text = str(whole) if rest == 0 else f"{rate_bp / 100:.2f}".rstrip("0").replace(".", ",")
    return f"{text}\u202f%"


@dataclass(frozen=True)
class Band:
    """A band of the scale: ``above`` < revenue ≤ ``up_to`` gets ``rate_bp`` (``None``: no floor, no ceiling)."""

    above: int | None
    up_to: int | None
    rate_bp: int
    label: str = ""

    def holds(self, revenue: int) -> bool:
        return (self.above is None or revenue > self.above) and (self.up_to is None or revenue <= self.up_to)


@dataclass(frozen=True)
class Gauge:
    """A pricing point's revenue of the year against the band edges of the general scale."""

    revenue: int
    edges: tuple[int, ...]  # the ceilings of the bands, ascending (20 000 €, 40 000 €, 150 000 €)
    bands: tuple[Band, ...]  # ascending
    current: Band | None  # the band the revenue is in
    next_rate_bp: int | None  # the rate of a booking of 1 cent more (the next one)
    percent: int  # how far along the last edge, 0..100 (the bar)

    @property
    def low(self) -> int:
        """The meter's marks: the first edge (low), the second (high), the last (max)."""
        return self.edges[0] if self.edges else 0

    @property
    def high(self) -> int:
        return self.edges[1] if len(self.edges) > 1 else self.low

    @property
    def max(self) -> int:
        return self.edges[-1] if self.edges else max(self.revenue, 1)

    @property
    def next_edge(self) -> int | None:
        return next((edge for edge in self.edges if edge >= self.revenue), None)


def gauge(revenue: int, bands: Sequence[Band]) -> Gauge:
    ordered = sorted(bands, key=lambda band: -1 if band.above is None else band.above)
    edges = tuple(band.up_to for band in ordered if band.up_to is not None)
    current = next((band for band in ordered if band.holds(revenue)), None)
    following = next((band for band in ordered if band.holds(revenue + 1)), None)
    ceiling = edges[-1] if edges else 0
    percent = 100 if not ceiling or revenue >= ceiling else revenue * 100 // ceiling
    return Gauge(revenue, edges, tuple(ordered), current, following.rate_bp if following else None, percent)
