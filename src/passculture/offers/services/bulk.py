"""Set-based writes of the import paths (``imports``, ``catalogue``): new rows by ``COPY`` on PostgreSQL, changed
stocks staged and updated by one ``UPDATE … FROM``, a batch committed without waiting for the disk."""

# S608: the staging SQL is put together from this module's constant table and column names; values are bound.
# ruff: noqa: S608

import datetime
import json
import operator
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, models
from django.utils import timezone

from passculture.offers.models import Stock


def commit_without_waiting_for_disk() -> None:
    """The current transaction's commit will not wait for its WAL to reach the disk (PostgreSQL; nothing elsewhere).

    For a sync's batches: a crash of the database server may lose the last batches, each whole with the run's counts,
    never half of one, and the next run redoes them; the run's end, committed normally, makes every batch before it
    durable (WAL is flushed in order). See docs/domain/imports.md#import-path."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


# --- Staging ---------------------------------------------------------------------------------------------------------


def insert_rows(model: type[models.Model], objects: list) -> None:
    """New rows at once: ``COPY`` straight into the table on PostgreSQL (no per-row SQL to build), ``bulk_create``
    elsewhere. On PostgreSQL the objects get no primary key: read them back by a unique column when needed."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects)
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for obj in objects:
        for f in fields:
            if getattr(f, "auto_now", False) or (getattr(f, "auto_now_add", False) and getattr(obj, f.attname) is None):
                setattr(obj, f.attname, now)
    # How each column is written: JSON as text, files by their name, anything else as is.
    converters = [
        (f.attname, json.dumps if isinstance(f, models.JSONField) else str if isinstance(f, models.FileField) else None)
        for f in fields
    ]
    columns = ", ".join(connection.ops.quote_name(f.column or f.attname) for f in fields)
    statement = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in objects:
            copy.write_row(
                tuple(convert(getattr(obj, name)) if convert else getattr(obj, name) for name, convert in converters)
            )


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value: Any) -> str:
    """A value in ``COPY``'s text format (``\\N`` for NULL, special characters escaped)."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):  # datetimes too, with their offset
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value).translate(_COPY_ESCAPES)
    return str(value).translate(_COPY_ESCAPES)


def insert_new(
    model: type[models.Model],
    rows: list[dict[str, Any]],
    constant: Mapping[str, Any] | None = None,
    *,
    with_ids: bool = False,
) -> list[int]:
    """New rows at once, each a dict of the same attribute names, the same ``constant`` values for all, the model's
    defaults for the rest: on PostgreSQL one ``COPY`` of prepared text (no model instance, no per-row SQL), the
    primary keys reserved from the table's sequence first when ``with_ids`` (returned, in order); ``bulk_create``
    elsewhere."""
    if not rows:
        return []
    constant = dict(constant or {})
    if connection.vendor != "postgresql":
        objects = [model(**constant, **row) for row in rows]
        model._default_manager.bulk_create(objects)
        return [obj.pk for obj in objects]
    table, pk = model._meta.db_table, model._meta.pk
    varying = [name for name in rows[0] if name != pk.attname]
    fields = {f.attname: f for f in model._meta.concrete_fields}
    template = model(**constant)
    now = timezone.now()
    others = [f for name, f in fields.items() if name not in varying and not f.primary_key]
    for f in others:
        if getattr(f, "auto_now", False) or (
            getattr(f, "auto_now_add", False) and getattr(template, f.attname) is None
        ):
            setattr(template, f.attname, now)
    suffix = "".join(
        "\t"
        + copy_text(
            getattr(template, f.attname)
            if isinstance(f, models.JSONField)
            else f.get_prep_value(getattr(template, f.attname))
        )
        for f in others
    )
    columns = [fields[name].column or name for name in varying] + [f.column or f.attname for f in others]
    ids: list[int] = []
    with connection.cursor() as cursor:
        if with_ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk.column, len(rows)],
            )
            ids = [pk_value for (pk_value,) in cursor.fetchall()]
            columns.insert(0, pk.column or pk.attname)
        values = operator.itemgetter(*varying)
        single = len(varying) == 1
        lines = []
        for index, row in enumerate(rows):
            row_values = (values(row),) if single else values(row)
            text = "\t".join(map(copy_text, row_values))
            lines.append(f"{ids[index]}\t{text}{suffix}\n" if with_ids else f"{text}{suffix}\n")
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
            copy.write("".join(lines))
    return ids


def stage(table: str, columns: Mapping[str, str], rows: Iterable[tuple], *, binary: bool = False) -> None:
    """A temporary table ``table`` (dropped at commit on PostgreSQL, emptied first on SQLite) filled with ``rows``:
    ``COPY`` on PostgreSQL (``binary``: typed values, nothing formatted as text in between; the rows' values must
    then match the column types exactly), ``executemany`` on SQLite."""
    definition = ", ".join(f"{name} {kind}" for name, kind in columns.items())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({definition}) ON COMMIT DROP")
            cursor.execute(f"TRUNCATE {table}")
            options = " (FORMAT BINARY)" if binary else ""
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN{options}") as copy:
                if binary:
                    copy.set_types(list(columns.values()))
                write_row = copy.write_row
                for row in rows:
                    write_row(row)
        else:
            cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({definition})")
            cursor.execute(f"DELETE FROM {table}")
            marks = ", ".join("%s" for _ in columns)
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", list(rows))


STOCK_STAGE_COLUMNS = {
    "id": "bigint",
    "price_cents": "integer",
    "quantity": "integer",
    "booking_limit_datetime": "timestamp with time zone",
}


def update_stocks(changes: Iterable[tuple[int, Mapping[str, Any]]], now: datetime.datetime) -> None:
    """Staged stock changes, written by one ``UPDATE … FROM``."""
    sqlite = connection.vendor == "sqlite"

    def when(value: datetime.datetime | None):
        if value is None or not sqlite:
            return value
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(sep=" ")

    stage(
        "import_stock_stage",
        STOCK_STAGE_COLUMNS,
        ((pk, v["price_cents"], v["quantity"], when(v["booking_limit_datetime"])) for pk, v in changes),
    )
    table = Stock._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET price_cents = s.price_cents, quantity = s.quantity, "
            "booking_limit_datetime = s.booking_limit_datetime, updated_at = %s "
            f"FROM import_stock_stage AS s WHERE {table}.id = s.id",
            [when(now) if sqlite else now],
        )
