"""On PostgreSQL, Django gives a unique ``CharField`` a second index for ``LIKE`` queries (``varchar_pattern_ops``).
Nothing searches products by the start of their EAN (they are looked up by the whole EAN, which the unique index
serves), and the Titelive import writes a million products a night: that index was maintained for nothing (about a
fifth of the cost of inserting a product). Dropped; the reverse creates it again."""

from django.db import migrations

INDEX = "offers_product_ean_e881be9a_like"


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON offers_product (ean varchar_pattern_ops)")


class Migration(migrations.Migration):
    dependencies = [("offers", "0006_merge_bounded_texts_and_import_columns")]

    operations = [migrations.RunPython(drop, create, elidable=False)]
