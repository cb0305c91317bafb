"""``passculture_fold`` folds the capital accented letters and ligatures itself.

Under the "C" collation PostgreSQL's ``lower()`` lowercases ASCII letters only: "HÉLÈNE" became "hÉlÈne" and was
missed by a search for "helene". The capitals are now in the ``translate`` and ``replace`` tables, as in
``catalogue_fold`` (``offers/0003``); the result is the Python ``fold`` of ``core/text.py`` whatever the collation.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION passculture_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
SELECT pg_catalog.translate(
    pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
        pg_catalog.lower(value), 'œ', 'oe'), 'æ', 'ae'), 'Œ', 'oe'), 'Æ', 'ae'),
    'àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ',
    'aaaaaaceeeeiiiinooooouuuuyyaaaaaaceeeeiiiinooooouuuuyy')
$$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_fold_function")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop, elidable=False)]
