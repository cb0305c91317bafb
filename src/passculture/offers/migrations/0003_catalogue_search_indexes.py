"""Indexes of the beneficiaries' catalogue search (passculture.offers.search).

PostgreSQL only, except the venue coordinates index (plain SQL, useful to SQLite too). The models do not
declare them: they are expression, partial and covering indexes that only make sense for the raw SQL of
``offers/search.py``. **The three document expressions below must stay identical to** ``OFFER_DOCUMENT_SQL``,
``NAME_DOCUMENT_SQL`` **and** ``VENUE_DOCUMENT_SQL`` in ``offers/search.py`` (tests compare them, and check that
PostgreSQL uses the indexes); change both through a new migration.

Built with CREATE INDEX CONCURRENTLY (hence ``atomic = False``) so that applying it on a live database does not
block the writes of pros while the GIN index is built.
"""

from django.db import migrations

_FOLD_FROM = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ"
_FOLD_TO = "aaaaaaceeeeiiiinooooouuuuyyaaaaaaceeeeiiiinooooouuuuyy"

OFFER_DOCUMENT = (
    "to_tsvector('french'::regconfig, translate(replace(replace(lower(name || ' ' || description || ' ' || "
    "coalesce(extra_data ->> 'author', '') || ' ' || coalesce(extra_data ->> 'performer', '') || ' ' || "
    f"coalesce(extra_data ->> 'ean', '')), 'œ', 'oe'), 'æ', 'ae'), '{_FOLD_FROM}', '{_FOLD_TO}'))"
)
TITLE_DOCUMENT = (
    "to_tsvector('french'::regconfig, translate(replace(replace(lower(name), 'œ', 'oe'), 'æ', 'ae'), "
    f"'{_FOLD_FROM}', '{_FOLD_TO}'))"
)
VENUE_DOCUMENT = (
    "to_tsvector('french'::regconfig, translate(replace(replace(lower(coalesce(nullif(public_name, ''), name)), "
    f"'œ', 'oe'), 'æ', 'ae'), '{_FOLD_FROM}', '{_FOLD_TO}'))"
)
VISIBLE = "validation = 'APPROVED' AND is_active"

POSTGRESQL_INDEXES = [
    # Full-text search of offers. Not partial: PostgreSQL keeps statistics of the words of a (non-partial)
    # expression index, and estimates from them how many offers a word matches.
    ("offers_offer_search_idx", f"ON offers_offer USING gin (({OFFER_DOCUMENT}))"),
    # Titles alone: relevance puts title matches first, and a broad search starts from them.
    ("offers_offer_title_idx", f"ON offers_offer USING gin (({TITLE_DOCUMENT}))"),
    # National offers, OR-ed with the venues near a place.
    ("offers_offer_national_idx", f"ON offers_offer (id) WHERE is_national AND {VISIBLE}"),
    # Venue public name.
    ("offerers_venue_search_idx", f"ON offerers_venue USING gin (({VENUE_DOCUMENT}))"),
    # "Is there a bookable stock", next date and lowest price, answered from the index alone.
    (
        "offers_stock_bookable_idx",
        "ON offers_stock (offer_id) INCLUDE (beginning_datetime, booking_limit_datetime, price_cents, quantity,"
        " booked_quantity) WHERE NOT is_soft_deleted",
    ),
]
GEO_INDEX = (
    "offerers_venue_geo_idx",
    "ON offerers_venue (latitude, longitude) WHERE latitude IS NOT NULL AND longitude IS NOT NULL",
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in [*POSTGRESQL_INDEXES, GEO_INDEX]:
            schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} {definition}")
    else:
        name, definition = GEO_INDEX
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def drop_indexes(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    names = [name for name, _ in POSTGRESQL_INDEXES] if postgresql else []
    for name in [*names, GEO_INDEX[0]]:
        schema_editor.execute(f"DROP INDEX {'CONCURRENTLY ' if postgresql else ''}IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("offers", "0002_seed_parameters_and_review_rules"), ("offerers", "0002_offerer_declared_name")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
