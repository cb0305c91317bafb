"""Functions and indexes of the beneficiaries' catalogue search (passculture.offers.search).

PostgreSQL only, except the venue coordinates index (plain SQL, useful to SQLite too). The models do not declare
them: they serve the SQL of ``offers/search/postgresql.py``, which calls the functions below by name.

- ``catalogue_fold(text)``: lower case, ligatures spelt out, accents removed (``translate``: no extension needed);
- ``catalogue_offer_document(name, description, extra_data)``: the words of an offer (title, description, author,
  performer, EAN), ``catalogue_main_document(name, extra_data)`` those of its main fields (all but the
  description), ``catalogue_venue_document(public_name, name)`` the name of a venue; all 'french' text search
  vectors of folded text.

The document functions are PL/pgSQL so that PostgreSQL keeps their declared COST (SQL functions would be inlined):
parsing a description costs tens of microseconds, and at the default cost of ``to_tsvector`` the planner would
rather re-parse the descriptions of every offer of a city than combine the full-text and the venue indexes.
Changing a function later means a new migration that replaces it and rebuilds the indexes (REINDEX).

Indexes are built with CREATE INDEX CONCURRENTLY (hence ``atomic = False``): applying this on a live database does
not block the pros' writes while the GIN indexes are built. The full-text indexes are partial (offers that may be
visible); extended statistics on the same expressions let the planner estimate how many offers a word matches.
"""

from django.db import migrations

_FOLD_FROM = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ"
_FOLD_TO = "aaaaaaceeeeiiiinooooouuuuyyaaaaaaceeeeiiiinooooouuuuyy"


def _fold(value: str) -> str:
    return (
        f"pg_catalog.translate(pg_catalog.replace(pg_catalog.replace(pg_catalog.lower({value}), 'œ', 'oe'), 'æ', 'ae'),"
        f" '{_FOLD_FROM}', '{_FOLD_TO}')"
    )


def _document(name: str, arguments: str, text: str, cost: int) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}({arguments}) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE"
        f" COST {cost} AS $$ BEGIN RETURN pg_catalog.to_tsvector('french'::regconfig, {_fold(text)}); END $$"
    )


FUNCTIONS = [
    (
        "catalogue_fold(text)",
        "CREATE OR REPLACE FUNCTION catalogue_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE"
        f" AS $$ SELECT {_fold('value')} $$",
    ),
    (
        "catalogue_offer_document(text, text, jsonb)",
        _document(
            "catalogue_offer_document",
            "title text, body text, extra jsonb",
            "title || ' ' || coalesce(body, '') || ' ' || coalesce(extra ->> 'author', '') || ' ' || "
            "coalesce(extra ->> 'performer', '') || ' ' || coalesce(extra ->> 'ean', '')",
            2000,
        ),
    ),
    (
        "catalogue_main_document(text, jsonb)",
        _document(
            "catalogue_main_document",
            "title text, extra jsonb",
            "title || ' ' || coalesce(extra ->> 'author', '') || ' ' || coalesce(extra ->> 'performer', '') || ' ' "
            "|| coalesce(extra ->> 'ean', '')",
            300,
        ),
    ),
    (
        "catalogue_venue_document(text, text)",
        _document(
            "catalogue_venue_document", "public_name text, legal_name text", "coalesce(nullif(public_name, ''), legal_name)", 200
        ),
    ),
]

VISIBLE = "validation = 'APPROVED' AND is_active"
OFFER_DOCUMENT = "catalogue_offer_document(name, description, extra_data)"
MAIN_DOCUMENT = "catalogue_main_document(name, extra_data)"

POSTGRESQL_INDEXES = [
    # Full-text search of the offers that may be visible: every field, and the main ones (title, author, performer,
    # EAN) on their own: relevance puts them first, and a word found everywhere is looked for there only.
    ("offers_offer_search_idx", f"ON offers_offer USING gin (({OFFER_DOCUMENT})) WHERE {VISIBLE}"),
    ("offers_offer_main_idx", f"ON offers_offer USING gin (({MAIN_DOCUMENT})) WHERE {VISIBLE}"),
    # Local offers of the venues around a place, by type: answered from the index alone (no table read).
    (
        "offers_offer_place_idx",
        f"ON offers_offer (venue_id, subcategory_id) INCLUDE (id) WHERE NOT is_national AND {VISIBLE}",
    ),
    # National offers (always part of a search near a place), by type.
    ("offers_offer_national_idx", f"ON offers_offer (subcategory_id, id) WHERE is_national AND {VISIBLE}"),
    # Venue names.
    ("offerers_venue_search_idx", "ON offerers_venue USING gin ((catalogue_venue_document(public_name, name)))"),
    # "Is there a bookable stock", next date and lowest price, answered from the index alone.
    (
        "offers_stock_bookable_idx",
        "ON offers_stock (offer_id) INCLUDE (beginning_datetime, booking_limit_datetime, price_cents, quantity,"
        " booked_quantity) WHERE NOT is_soft_deleted",
    ),
]
STATISTICS = [
    ("offers_offer_document_stats", f"ON ({OFFER_DOCUMENT}) FROM offers_offer"),
    ("offers_offer_main_stats", f"ON ({MAIN_DOCUMENT}) FROM offers_offer"),
]
# Venue coordinates (bounding boxes), with the id so that PostgreSQL answers from the index alone.
GEO_INDEX = "offerers_venue_geo_idx"
GEO_COLUMNS = "ON offerers_venue (latitude, longitude)"
GEO_CONDITION = "WHERE latitude IS NOT NULL AND longitude IS NOT NULL"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {GEO_INDEX} {GEO_COLUMNS} {GEO_CONDITION}")
        return
    for _, sql in FUNCTIONS:
        schema_editor.execute(sql)
    geo = (GEO_INDEX, f"{GEO_COLUMNS} INCLUDE (id) {GEO_CONDITION}")
    for name, definition in [*POSTGRESQL_INDEXES, geo]:
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} {definition}")
    if schema_editor.connection.pg_version >= 140000:  # statistics on expressions
        for name, definition in STATISTICS:
            schema_editor.execute(f"CREATE STATISTICS IF NOT EXISTS {name} {definition}")


def drop(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    # offers_offer_title_idx: left by a draft of this migration on some development databases.
    names = [name for name, _ in POSTGRESQL_INDEXES] + ["offers_offer_title_idx"] if postgresql else []
    for name in [*names, GEO_INDEX]:
        schema_editor.execute(f"DROP INDEX {'CONCURRENTLY ' if postgresql else ''}IF EXISTS {name}")
    if postgresql:
        for name, _ in STATISTICS:
            schema_editor.execute(f"DROP STATISTICS IF EXISTS {name}")
        for signature, _ in reversed(FUNCTIONS):
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {signature}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("offers", "0002_seed_parameters_and_review_rules"), ("offerers", "0002_offerer_declared_name")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
