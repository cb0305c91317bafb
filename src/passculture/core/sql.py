"""Statements built once per process and database vendor, for the hottest paths (the booking, issue 10 §3).

Compiling a queryset costs Django a few tenths of a millisecond of Python, every time it runs: a booking's six
statements spent 2.9 ms of its ~14.5 building SQL. A statement here is built once, from the models' ``_meta`` (tables
and columns: no hand-typed name that could drift from the models), cached for the database vendor, then run with
``cursor.execute(sql, params)``; rows become instances through the converters the ORM applies and ``Model.from_db``.
The catalogue search on PostgreSQL (``offers.search.postgresql``) is the precedent.

- :func:`compiled`: a function ``build(*args)`` called once per vendor and arguments, its result cached;
- :class:`Select`: the first row of a model (``filter(…).order_by(…).first()``), with the rows it points to
  (``select_related``), locked or not (``select_for_update``);
- :class:`Insert`: one instance inserted (``save()`` of a new instance, without its signals: none is connected);
- :class:`Increment`: counters of one row added to (``update(field=F(field) + n)``).
"""

# S608: the SQL is put together from quoted names read from the models' _meta; every value is a bound parameter.
# ruff: noqa: S608

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model

T = TypeVar("T")


def compiled(build: Callable[..., T]) -> Callable[..., T]:
    """``build(*args)``, called once per database vendor and arguments; the decorated function returns what it
    built."""
    built: dict[tuple, T] = {}

    @wraps(build)
    def statement(*args: Any) -> T:
        key = (connection.vendor, *args)
        try:
            return built[key]
        except KeyError:
            built[key] = result = build(*args)
            return result

    return statement


def quote(name: Any) -> str:
    return connection.ops.quote_name(name)


def field_of(model: type[Model], name: str) -> Any:
    """The field ``name`` of ``model`` (``pk``: its primary key)."""
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def column(model: type[Model], field: str) -> str:
    """``"table"."column"`` of ``field`` of ``model``."""
    return f"{quote(model._meta.db_table)}.{quote(field_of(model, field).column)}"


def db_value(model: type[Model], field: str, value: Any) -> Any:
    """``value`` as the database takes it for ``field`` of ``model`` (a datetime on SQLite, JSON on PostgreSQL…)."""
    return field_of(model, field).get_db_prep_value(value, connection)


def converters(model: type[Model], fields: Sequence[Any]) -> list[tuple[int, list, Any]]:
    """What the ORM applies to the values of ``fields`` read from the database (JSON documents, datetimes on
    SQLite…): ``(index, functions, column)`` for each field that has any."""
    found = []
    for index, field in enumerate(fields):
        col = field.get_col(model._meta.db_table)
        functions = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if functions:
            found.append((index, functions, col))
    return found


def from_row(model: type[Model], attnames: list[str], row: Sequence[Any], field_converters: list) -> Any:
    """The instance of ``model`` of the values ``row`` of ``attnames``, converted as the ORM does
    (:func:`converters`)."""
    values = list(row)
    for index, functions, col in field_converters:
        for function in functions:
            values[index] = function(values[index], col, connection)
    return model.from_db(connection.alias, attnames, values)


class Select:
    """``SELECT`` of the first row of ``model`` matching ``where`` (``(field, operator)`` pairs, each compared with a
    parameter, joined by ``AND``) in the order of ``order_by`` (``"-created_at"``…), read with the rows it points to
    through ``related`` (``select_related``'s paths of non-null foreign keys, joined) and cached on it as the ORM
    does; ``lock``: the row of ``model`` alone locked (``FOR UPDATE OF``) where the database locks rows."""

    def __init__(
        self,
        model: type[Model],
        *related: str,
        where: Sequence[tuple[str, str]],
        order_by: Sequence[str] = (),
        lock: bool = False,
    ) -> None:
        self.model = model
        # Each model read: its path from ``model`` ("" for itself), its number of columns, their attnames, converters.
        self.parts: list[tuple[type[Model], str, int, list[str], list]] = []
        self.where_fields = [field_of(model, field) for field, _ in where]
        self.joins: list[tuple[str, str]] = []  # (table, join condition) of each related row
        self._add(model, "")
        for path in related:
            parent_path, _, name = path.rpartition("__")
            parent = next(part_model for part_model, part_path, *_ in self.parts if part_path == parent_path)
            field = field_of(parent, name)
            target: type[Model] = field.related_model
            assert not field.null, f"{path}: a nullable foreign key would need an outer join"
            self.joins.append(
                (quote(target._meta.db_table), f"{column(target, field.target_field.name)} = {column(parent, name)}")
            )
            self._add(target, path)
        self.columns = ", ".join(
            column(part_model, attname) for part_model, _, _, attnames, _ in self.parts for attname in attnames
        )
        self.conditions = " AND ".join(f"{column(model, field)} {operator} %s" for field, operator in where)
        order = ", ".join(
            f"{column(model, field.lstrip('-'))}{' DESC' if field.startswith('-') else ' ASC'}" for field in order_by
        )
        locking = ""
        if lock and connection.features.has_select_for_update:
            of = [quote(model._meta.db_table)] if connection.features.has_select_for_update_of else []
            locking = " " + connection.ops.for_update_sql(of=of)
        joins = [f"INNER JOIN {table} ON {condition}" for table, condition in self.joins]
        self.sql = (
            f"SELECT {self.columns} FROM {' '.join([quote(model._meta.db_table), *joins])} WHERE {self.conditions}"
            + (f" ORDER BY {order}" if order else "")
            + " LIMIT 1"
            + locking
        )

    def _add(self, model: type[Model], path: str) -> None:
        fields = list(model._meta.concrete_fields)
        self.parts.append((model, path, len(fields), [field.attname for field in fields], converters(model, fields)))

    def first(self, *params: Any) -> Any:
        """The instance of the first row matching ``params`` (one per ``where`` pair), or ``None``."""
        return self._first((), params, ())

    def _first(self, leading: Sequence[Any], params: Sequence[Any], more: Sequence[Any]) -> Any:
        fields = zip(self.where_fields, params, strict=True)
        values = [field.get_db_prep_value(value, connection) for field, value in fields]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [*leading, *values, *more])
            row = cursor.fetchone()
        return None if row is None else self.instance(row)

    def instance(self, row: Sequence[Any]) -> Any:
        start, instances = 0, {}
        for model, path, count, attnames, field_converters in self.parts:
            obj = instances[path] = from_row(model, attnames, row[start : start + count], field_converters)
            start += count
            if path:
                parent_path, _, name = path.rpartition("__")
                parent = instances[parent_path]
                field_of(type(parent), name).set_cached_value(parent, obj)
        return instances[""]


class IncrementReturning(Select):
    """PostgreSQL's ``UPDATE … FROM … RETURNING``: the row of :class:`Select` (``where``) gets ``amount`` added to
    its counter ``field`` if ``conditions`` (SQL on its columns and on those of the ``related`` rows, their
    parameters given to :meth:`add` as the database takes them) hold; it comes back, with its related rows, as it is
    after the update, locked until the transaction ends; ``None``: no row matched (nothing changed). Only where
    :func:`updates_return_joined_rows`."""

    def __init__(
        self, model: type[Model], *related: str, field: str, where: Sequence[tuple[str, str]], conditions: str
    ) -> None:
        assert updates_return_joined_rows()
        super().__init__(model, *related, where=where)
        counter = quote(field_of(model, field).column)
        tables = " INNER JOIN ".join(
            [self.joins[0][0], *(f"{table} ON {condition}" for table, condition in self.joins[1:])]
        )
        self.sql = (
            f"UPDATE {quote(model._meta.db_table)} SET {counter} = {column(model, field)} + %s FROM {tables}"
            f" WHERE {self.joins[0][1]} AND {self.conditions} AND {conditions} RETURNING {self.columns}"
        )

    def add(self, amount: int, *params: Any, more: Sequence[Any] = ()) -> Any:
        return self._first([amount], params, more)


def updates_return_joined_rows() -> bool:
    """``UPDATE … FROM … RETURNING`` the joined rows: PostgreSQL (SQLite returns the updated table's alone)."""
    return connection.vendor == "postgresql"


class Insert:
    """``INSERT`` of one new instance of ``model`` (its primary key generated by the database), as ``save()`` does:
    each field's ``pre_save`` (``auto_now_add``…) and database value; the new key set on the instance."""

    def __init__(self, model: type[Model]) -> None:
        meta = model._meta
        assert meta.auto_field is not None and meta.pk is meta.auto_field, f"{model}: a generated key is expected"
        self.model = model
        self.fields = [field for field in meta.concrete_fields if field is not meta.auto_field]
        self.returning = connection.features.can_return_columns_from_insert
        self.sql = (
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(field.column) for field in self.fields)})"
            f" VALUES ({', '.join(['%s'] * len(self.fields))})"
            + (f" RETURNING {quote(field_of(model, 'pk').column)}" if self.returning else "")
        )

    def __call__(self, instance: Model) -> None:
        assert instance._state.adding and instance.pk is None, "a new instance is expected"
        values = [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in self.fields]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, values)
            if self.returning:
                instance.pk = cursor.fetchone()[0]
            else:
                table, key = self.model._meta.db_table, field_of(self.model, "pk").column
                instance.pk = connection.ops.last_insert_id(cursor, table, key)
        instance._state.adding, instance._state.db = False, connection.alias


class Increment:
    """``UPDATE`` of one row (by primary key) adding to counters ``fields``: called with the row's key and one
    amount per field, in their order (negative: taken off)."""

    def __init__(self, model: type[Model], *fields: str) -> None:
        meta = model._meta
        columns = [quote(field_of(model, field).column) for field in fields]
        self.sql = (
            f"UPDATE {quote(meta.db_table)} SET {', '.join(f'{column} = {column} + %s' for column in columns)}"
            f" WHERE {quote(field_of(model, 'pk').column)} = %s"
        )

    def __call__(self, pk: Any, *amounts: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [*amounts, pk])
            return cursor.rowcount
