"""``passculture_fold(text)`` on PostgreSQL: the accent- and case-insensitive searches (``core/text.py``).

SQLite gets the same function from Python on each connection (``CoreConfig.ready``): nothing to do there. The SQL is
written out here, as it was when this migration was first applied (``core/0004`` replaces the function).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION passculture_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
SELECT pg_catalog.translate(pg_catalog.replace(pg_catalog.replace(pg_catalog.lower(value), 'œ', 'oe'), 'æ', 'ae'),
    'àâäáãåçéèêëíìîïñóòôöõúùûüýÿ', 'aaaaaaceeeeiiiinooooouuuuyy')
$$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS passculture_fold(text)")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_parameter")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
