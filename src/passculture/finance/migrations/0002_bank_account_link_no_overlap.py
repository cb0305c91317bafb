"""On PostgreSQL, a venue's links to bank accounts never overlap in time: an exclusion constraint (no extension
needed: the venue is compared as a one-point range). The services check it too, under a lock, on every database."""

from django.db import migrations

CREATE = """
ALTER TABLE finance_bankaccountlink ADD CONSTRAINT bank_account_link_no_overlap EXCLUDE USING gist (
    int8range(venue_id, venue_id, '[]') WITH =,
    tstzrange(starts_at, ends_at, '[)') WITH &&
)
"""
DROP = "ALTER TABLE finance_bankaccountlink DROP CONSTRAINT IF EXISTS bank_account_link_no_overlap"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
