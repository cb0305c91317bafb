import datetime

from django.db import migrations

SINCE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

REVIEW_RULES = [
    ("Prix élevé (plus de 150 €)", "PRICE_ABOVE", {"cents": 15000}),
    (
        "Mots-clés à vérifier",
        "NAME_KEYWORD",
        {"keywords": ["scolaire", "soutien scolaire", "manuel", "cours particulier", "vente flash", "réduction"]},
    ),
    ("Première offre d'une structure", "NEW_OFFERER", {"first_offers": 1}),
]


def seed(apps, schema_editor):
    Parameter = apps.get_model("core", "Parameter")
    Parameter.objects.get_or_create(
        key="offers.max_price_cents",
        valid_from=SINCE,
        defaults={"value": 30000, "description": "Prix maximum d'un bien ou service (hors événements), en centimes"},
    )
    Rule = apps.get_model("offers", "OfferValidationRule")
    for name, kind, parameters in REVIEW_RULES:
        Rule.objects.get_or_create(name=name, defaults={"kind": kind, "parameters": parameters})


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial"), ("core", "0002_parameter")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
