"""Indexes of the catalogue search (passculture.offers.search.postgresql): the venues of the structures not
validated, read from the indexes alone.

A visible offer's structure is validated. Instead of joining each offer read to its venue and structure (two index
probes an offer: 8 to 10 ms for the 1,001 offers of a count), the search checks that its venue is not one of the
structures not validated (``VENUE_OF_VALIDATED_OFFERER_SQL``): offer by offer, or the whole list (a few thousand
venues) hashed at once. These two small indexes answer that list without reading the tables.

The index of the national offers gets their venue (``offers_offer_national_venue_idx`` replaces
``offers_offer_national_idx`` of offers/0003, same keys): checked against that list, they are read from the index
alone.

PostgreSQL only (SQLite runs the querysets of ``offers/search/orm.py``). CREATE INDEX CONCURRENTLY (``atomic = False``):
the pros' writes are not blocked while they are built.
"""

from django.db import migrations

INDEXES = [
    # The structures not validated (5 % of them): the same condition as the search's subquery.
    ("offerers_offerer_unvalidated_idx", "ON offerers_offerer (id) WHERE status <> 'VALIDATED'"),
    # The venues of a structure, with their id.
    ("offerers_venue_offerer_idx", "ON offerers_venue (offerer_id) INCLUDE (id)"),
    # National offers (always part of a search near a place), by type, with their venue: read from the index alone.
    (
        "offers_offer_national_venue_idx",
        "ON offers_offer (subcategory_id, id) INCLUDE (venue_id) WHERE is_national AND validation = 'APPROVED'"
        " AND is_active",
    ),
]
REPLACED = (
    "offers_offer_national_idx",
    "ON offers_offer (subcategory_id, id) WHERE is_national AND validation = 'APPROVED' AND is_active",
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES:
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} {definition}")
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {REPLACED[0]}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {REPLACED[0]} {REPLACED[1]}")
    for name, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("offers", "0003_catalogue_search_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
