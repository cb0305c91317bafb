"""Finding names as people type them: case and French accents ignored ("helene" finds "Hélène").

:func:`fold` is the rule; the database applies the same rule through the SQL function ``passculture_fold``
(PostgreSQL: created by migrations ``core/0003`` and ``core/0004``; SQLite: registered on each connection by
``CoreConfig``). The lookup ``field__fcontains=text`` ("folded contains") compares both folded::

    Booking.objects.filter(user__last_name__fcontains="lefevre")  # finds Lefèvre, LEFÈVRE, Lefevre

It reads every row it is given (no index): meant for lists already scoped to a structure, or for staff searches.
"""

from django.db.models import CharField, TextField
from django.db.models.lookups import Contains

SQL_FUNCTION = "passculture_fold"
_ACCENTED = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿ"
_PLAIN = "aaaaaaceeeeiiiinooooouuuuyy"
_LIGATURES = (("œ", "oe"), ("æ", "ae"))
_TABLE = str.maketrans(_ACCENTED, _PLAIN)


def fold(value: str) -> str:
    """Lower case, ligatures spelt out (œ → oe), accents removed.

    The SQL twin (migration ``core/0004``) also maps the capital accented letters itself: PostgreSQL's ``lower()``
    leaves them as they are under the "C" collation."""
    value = value.lower()
    for ligature, letters in _LIGATURES:
        value = value.replace(ligature, letters)
    return value.translate(_TABLE)


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: SQLite learns ``passculture_fold`` from Python."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQL_FUNCTION, 1, lambda value: None if value is None else fold(value), deterministic=True
        )


class FoldedContains(Contains):
    """``field__fcontains=text``: the field contains the text, case and accents ignored."""

    lookup_name = "fcontains"

    def process_lhs(self, compiler, connection, lhs=None):
        sql, params = super().process_lhs(compiler, connection, lhs)
        return f"{SQL_FUNCTION}({sql})", params

    def get_db_prep_lookup(self, value, connection):
        return super().get_db_prep_lookup(fold(str(value)), connection)

    def get_rhs_op(self, connection, rhs):
        return connection.operators["contains"] % rhs  # LIKE, with the database's escaping of % and _


def register_lookups() -> None:
    CharField.register_lookup(FoldedContains)
    TextField.register_lookup(FoldedContains)
