"""The providers of guide step 5: Allociné, the Titelive catalogue and the bookstore stock software."""

from django.db import migrations

PROVIDERS = [
    ("allocine", "Allociné", "CINEMA"),
    ("titelive", "Titelive (catalogue)", "BOOK_CATALOGUE"),
    ("titelive_stocks", "Titelive (Dialogue)", "STOCK_SOFTWARE"),
    ("place_des_libraires", "Place des libraires (2DCOM)", "STOCK_SOFTWARE"),
    ("tmic_ellipse", "TMIC Ellipse", "STOCK_SOFTWARE"),
    ("praxiel", "Praxiel Inférence", "STOCK_SOFTWARE"),
    ("livralog", "Livralog", "STOCK_SOFTWARE"),
    ("leituro", "Prosoft Leituro", "STOCK_SOFTWARE"),
    ("elanion", "Elanion", "STOCK_SOFTWARE"),
    ("byblos", "Byblos", "STOCK_SOFTWARE"),
]
# Stocks pushed through the API by a venue not linked to a provider: never offered in the pro pages.
PUSH = ("api_stocks", "Logiciel de stock (API)", "STOCK_SOFTWARE")


def seed(apps, schema_editor):
    Provider = apps.get_model("providers", "Provider")
    for code, name, kind in PROVIDERS:
        Provider.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
    code, name, kind = PUSH
    Provider.objects.get_or_create(code=code, defaults={"name": name, "kind": kind, "is_enabled_for_pro": False})


class Migration(migrations.Migration):
    dependencies = [("providers", "0001_providers")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
