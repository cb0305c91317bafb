"""``passculture_fold(text)`` on PostgreSQL: the accent- and case-insensitive searches (``core/text.py``).

SQLite gets the same function from Python on each connection (``CoreConfig.ready``): nothing to do there.
"""

from django.db import migrations

from passculture.core.text import SQL_FUNCTION, fold_sql


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {SQL_FUNCTION}(value text) RETURNS text LANGUAGE sql IMMUTABLE"
            f" PARALLEL SAFE STRICT AS $$ SELECT {fold_sql('value')} $$"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {SQL_FUNCTION}(text)")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_parameter")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
