"""Pricing on the scale, set-based (docs/domain/finance.md#pricing).

:func:`price_events` prices the ready finance events a batch of pricing points at a time, in a handful of SQL
statements per batch whatever the number of bookings (no Python loop per booking):

1. ``dirty``: per (pricing point, year) of the batch, the earliest value date that changes (a new event, the
   booking of a reverse event, or a paid pricing being reversed), in a temporary table;
2. reverse events: a paid pricing gets an adjustment (its negative); an unpaid one is cancelled; the events are
   closed;
3. the unpaid pricings at or after the earliest change are deleted and their events made ready again (they are
   priced anew below, with the revenue they now follow);
4. one ``INSERT … SELECT``: the cumulative revenue of the year (``SUM() OVER (PARTITION BY pricing point, year
   ORDER BY value date, event)``) over the kept pricings (those before the change summed into one row, paid ones
   after it in their place) and the new events, each booking included in its own revenue; the rule (a custom rule
   of the offer, venue or structure first, else the band of the booking's group holding that revenue); the amount
   in cents, rounded half up;
5. the events priced.

Window functions run on SQLite ≥ 3.25 and PostgreSQL alike. Runs take a lock (a PostgreSQL advisory lock; SQLite
serialises writers) so that two runs never price the same events.
"""

# S608: the SQL is put together from this module's constant fragments (table names, statuses); every value is a
# bound parameter.
# ruff: noqa: S608

from django.db import connection, transaction
from django.utils import timezone

from passculture.bookings.models import Booking
from passculture.core.audit import log_action
from passculture.finance import rules
from passculture.finance.models import (
    PAID_PRICING_STATUSES,
    FinanceEvent,
    FinanceEventStatus,
    Pricing,
    PricingRule,
    PricingRuleGroup,
    PricingStatus,
)
from passculture.offerers.models import Venue
from passculture.offers.models import Offer

ADVISORY_LOCK = 0x70726963  # "pric"
DEFAULT_BATCH_POINTS = 5_000
DIRTY = "finance_pricing_dirty"
WORK_MEM = "64MB"

EVENT = FinanceEvent._meta.db_table
PRICING = Pricing._meta.db_table
RULE = PricingRule._meta.db_table
BOOKING = Booking._meta.db_table
OFFER = Offer._meta.db_table
VENUE = Venue._meta.db_table

READY, PRICED, CANCELLED = FinanceEventStatus.READY, FinanceEventStatus.PRICED, FinanceEventStatus.CANCELLED
VALIDATED = PricingStatus.VALIDATED
PAID = tuple(str(status) for status in PAID_PRICING_STATUSES)
PAID_SQL = ", ".join(f"'{status}'" for status in PAID)

# The pricings of the batch's pricing points: said in every join with the dirty table, so that PostgreSQL reads them
# through the (pricing point, year, status) index instead of the whole table at each batch.
_IN_BATCH = "p.pricing_point_id BETWEEN %s AND %s"
# The rule of a row ``c`` of the window, valid at its value date.
_VALID = "r.valid_from <= c.value_date AND (r.valid_until IS NULL OR r.valid_until > c.value_date)"
_CUSTOM_RULE = f"""(SELECT r.id FROM {RULE} r WHERE r."group" = 'CUSTOM' AND {_VALID}
    AND (r.offer_id = c.offer_id OR r.venue_id = c.venue_id OR r.offerer_id = c.offerer_id)
    AND (r.subcategories = '' OR (',' || r.subcategories || ',') LIKE ('%%,' || c.subcategory_id || ',%%'))
    ORDER BY CASE WHEN r.offer_id IS NOT NULL THEN 0 WHEN r.venue_id IS NOT NULL THEN 1 ELSE 2 END,
        CASE WHEN r.subcategories = '' THEN 1 ELSE 0 END, r.valid_from DESC, r.id DESC LIMIT 1)"""
# The band of the scale holding the row's revenue (a join: the rules are few, and never overlap, pricing_rules).
_SCALE_JOIN = f"""LEFT JOIN {RULE} s ON s."group" = c.rule_group
    AND s.valid_from <= c.value_date AND (s.valid_until IS NULL OR s.valid_until > c.value_date)
    AND (s.revenue_above IS NULL OR c.revenue > s.revenue_above)
    AND (s.revenue_up_to IS NULL OR c.revenue <= s.revenue_up_to)"""


class UnpricedBookings(RuntimeError):
    """Some used bookings match no rule of the scale at their use date: the rules have a hole (staff ended a band
    without a new one). Nothing of the batch is kept; the job fails loudly until the rules are fixed."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} used booking(s) match no pricing rule at their use date")


def _group_case(column: str) -> tuple[str, list[str]]:
    """``CASE`` giving the scale group of a subcategory column, and its parameters."""
    not_reimbursed = rules.subcategories_of_group(rules.NOT_REIMBURSED)
    books = rules.subcategories_of_group(rules.BOOK)
    marks = lambda ids: ", ".join(["%s"] * len(ids)) or "NULL"  # noqa: E731
    sql = (
        f"CASE WHEN {column} IN ({marks(not_reimbursed)}) THEN 'NOT_REIMBURSED' "
        f"WHEN {column} IN ({marks(books)}) THEN 'BOOK' ELSE 'STANDARD' END"
    )
    return sql, [*not_reimbursed, *books]


def lock(cursor) -> None:
    """Serialise the pricing runs and the payment batches (one PostgreSQL advisory lock for both; SQLite serialises
    writers)."""
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])


def _lock(cursor) -> None:
    """One run at a time. The batch's commit need not wait for the disk: a batch lost in a crash is lost whole (its
    events are still ready) and the next run prices it again. (Payment batches take :func:`lock` alone: their
    commit waits for the disk.)"""
    lock(cursor)
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL synchronous_commit = off")
        # The window's sort of a batch (~100 bytes a booking) in memory rather than spilled to disk; no JIT
        # compilation (~0.1 s a statement, for plans that run in one pass anyway).
        cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        cursor.execute("SET LOCAL jit = off")


def _next_points(after: int, limit: int) -> list[int]:
    """The next pricing points (ids above ``after``) with ready events, ascending."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT pricing_point_id FROM {EVENT} WHERE status = %s AND pricing_point_id > %s "
            f"ORDER BY pricing_point_id LIMIT %s",
            [READY, after, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def price_events(*, batch_points: int = DEFAULT_BATCH_POINTS, actor="AUTO") -> dict[str, int]:
    """Price every ready event, ``batch_points`` pricing points per transaction. Idempotent; returns the counts."""
    counts = {"points": 0, "priced": 0, "reversed": 0, "repriced": 0}
    last = 0
    while points := _next_points(last, batch_points):
        batch = _price_batch(points[0], points[-1], connection.ops.adapt_datetimefield_value(timezone.now()))
        for key, value in batch.items():
            counts[key] += value
        last = points[-1]
    if counts["points"]:
        log_action(actor, "finance.priced", None, counts)
    return counts


@transaction.atomic
def _price_batch(first: int, last: int, now) -> dict[str, int]:
    """One batch: the ready events of the pricing points ``first``..``last`` (``now`` adapted for raw SQL)."""
    with connection.cursor() as cursor:
        _lock(cursor)
        cursor.execute(f"DROP TABLE IF EXISTS {DIRTY}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {DIRTY} (pricing_point_id bigint NOT NULL, year integer NOT NULL, "
            f"from_date {_datetime_type()} NOT NULL, PRIMARY KEY (pricing_point_id, year))"
        )
        batch = "e.status = %s AND e.pricing_point_id BETWEEN %s AND %s"
        # 1. Where each (pricing point, year) changes: a new use, the use a reverse event undoes, or (paid pricing)
        #    the reverse event itself.
        cursor.execute(
            f"""INSERT INTO {DIRTY} (pricing_point_id, year, from_date)
            SELECT pricing_point_id, year, MIN(from_date) FROM (
                SELECT e.pricing_point_id, e.year, e.value_date AS from_date FROM {EVENT} e
                    WHERE {batch} AND e.reverses_id IS NULL
                UNION ALL
                SELECT e.pricing_point_id, e.year,
                    CASE WHEN p.status IN ({PAID_SQL}) THEN e.value_date ELSE o.value_date END
                    FROM {EVENT} e JOIN {EVENT} o ON o.id = e.reverses_id
                    JOIN {PRICING} p ON p.event_id = o.id AND p.status <> 'CANCELLED'
                    WHERE {batch}
            ) changes GROUP BY pricing_point_id, year""",
            [READY, first, last] * 2,
        )
        # 2. Reverse events: a paid pricing gets its negative; an unpaid one is cancelled.
        cursor.execute(
            f"""INSERT INTO {PRICING} (event_id, booking_id, venue_id, pricing_point_id, status, value_date, year,
                rule_id, rate_bp, booking_amount, revenue_after, amount, created_at)
            SELECT e.id, p.booking_id, p.venue_id, p.pricing_point_id, %s, e.value_date, p.year,
                p.rule_id, p.rate_bp, -p.booking_amount, p.revenue_after, -p.amount, %s
            FROM {EVENT} e JOIN {PRICING} p ON p.event_id = e.reverses_id
            WHERE {batch} AND p.status IN ({PAID_SQL})""",
            [VALIDATED, now, READY, first, last],
        )
        reversed_events = f"SELECT e.reverses_id FROM {EVENT} e WHERE {batch} AND e.reverses_id IS NOT NULL"
        cursor.execute(
            f"UPDATE {PRICING} SET status = %s, cancelled_at = %s "
            f"WHERE status = %s AND event_id IN ({reversed_events})",
            [PricingStatus.CANCELLED, now, VALIDATED, READY, first, last],
        )
        reversed_count = cursor.rowcount
        cursor.execute(
            f"UPDATE {EVENT} SET status = %s WHERE id IN ({reversed_events})", [CANCELLED, READY, first, last]
        )
        cursor.execute(
            f"UPDATE {EVENT} SET status = %s WHERE status = %s AND reverses_id IS NOT NULL "
            f"AND pricing_point_id BETWEEN %s AND %s",
            [PRICED, READY, first, last],
        )
        # 3. The unpaid pricings from the earliest change on are priced again.
        later = (
            f"SELECT p.id FROM {PRICING} p JOIN {DIRTY} d ON d.pricing_point_id = p.pricing_point_id "
            f"AND d.year = p.year JOIN {EVENT} e ON e.id = p.event_id AND e.reverses_id IS NULL "
            f"WHERE p.status = %s AND {_IN_BATCH} AND p.value_date >= d.from_date"
        )
        cursor.execute(
            f"UPDATE {EVENT} SET status = %s WHERE id IN (SELECT event_id FROM {PRICING} WHERE id IN ({later}))",
            [READY, VALIDATED, first, last],
        )
        cursor.execute(f"DELETE FROM {PRICING} WHERE id IN ({later})", [VALIDATED, first, last])
        repriced = cursor.rowcount
        # 4. Price: the cumulative revenue of the year, the rule, the amount.
        group_sql, group_params = _group_case("o.subcategory_id")
        custom = PricingRule.objects.filter(group=PricingRuleGroup.CUSTOM).exists()
        rule_sql = f"COALESCE({_CUSTOM_RULE}, s.id)" if custom else "s.id"
        cursor.execute(
            f"""INSERT INTO {PRICING} (event_id, booking_id, venue_id, pricing_point_id, status, value_date, year,
                rule_id, rate_bp, booking_amount, revenue_after, amount, created_at)
            WITH rows_ AS (
                SELECT e.pricing_point_id, e.year, 1 AS part, e.value_date, e.id AS event_id,
                    CAST(b.unit_price_cents * b.quantity AS bigint) AS total, 1 AS is_new, e.booking_id, e.venue_id,
                    b.quantity, o.id AS offer_id, v.offerer_id, o.subcategory_id, {group_sql} AS rule_group
                FROM {EVENT} e JOIN {BOOKING} b ON b.id = e.booking_id JOIN {OFFER} o ON o.id = b.offer_id
                    JOIN {VENUE} v ON v.id = e.venue_id
                WHERE {batch} AND e.reverses_id IS NULL
                UNION ALL
                SELECT d.pricing_point_id, d.year, 0, NULL, NULL, CAST(SUM(p.booking_amount) AS bigint), 0,
                    NULL, NULL, NULL, NULL, NULL, NULL, NULL
                FROM {PRICING} p JOIN {DIRTY} d ON d.pricing_point_id = p.pricing_point_id AND d.year = p.year
                WHERE p.status <> 'CANCELLED' AND {_IN_BATCH} AND p.value_date < d.from_date
                GROUP BY d.pricing_point_id, d.year
                UNION ALL
                SELECT p.pricing_point_id, p.year, 1, p.value_date, p.event_id, p.booking_amount, 0,
                    NULL, NULL, NULL, NULL, NULL, NULL, NULL
                FROM {PRICING} p JOIN {DIRTY} d ON d.pricing_point_id = p.pricing_point_id AND d.year = p.year
                WHERE p.status <> 'CANCELLED' AND {_IN_BATCH} AND p.value_date >= d.from_date
            ), cumulated AS (
                SELECT rows_.*, SUM(total) OVER (PARTITION BY pricing_point_id, year
                    ORDER BY part, value_date, event_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS revenue
                FROM rows_
            ), ruled AS (
                SELECT c.*, {rule_sql} AS rule_id FROM cumulated c {_SCALE_JOIN} WHERE c.is_new = 1
            )
            SELECT c.event_id, c.booking_id, c.venue_id, c.pricing_point_id, %s, c.value_date, c.year, c.rule_id,
                r.rate_bp, c.total, c.revenue,
                CASE WHEN r.amount_per_place IS NULL THEN (c.total * r.rate_bp + 5000) / 10000
                    WHEN r.amount_per_place * c.quantity > c.total THEN c.total
                    ELSE r.amount_per_place * c.quantity END,
                %s
            FROM ruled c JOIN {RULE} r ON r.id = c.rule_id""",
            [*group_params, READY, first, last, first, last, first, last, VALIDATED, now],
        )
        priced = cursor.rowcount
        # 5. The events priced: every new one of the batch (a booking no rule prices is a broken scale: say so).
        cursor.execute(
            f"UPDATE {EVENT} SET status = %s WHERE status = %s AND reverses_id IS NULL "
            f"AND pricing_point_id BETWEEN %s AND %s",
            [PRICED, READY, first, last],
        )
        if cursor.rowcount != priced:
            raise UnpricedBookings(cursor.rowcount - priced)
        cursor.execute(f"SELECT COUNT(*) FROM {DIRTY}")
        points = cursor.fetchone()[0]
        cursor.execute(f"DROP TABLE {DIRTY}")
    return {"points": points, "priced": priced - repriced, "reversed": reversed_count, "repriced": repriced}


def _datetime_type() -> str:
    return "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
