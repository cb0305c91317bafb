import datetime

from django.db import migrations

SINCE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

PARAMETERS = [
    ("beneficiaries.eligible_age", 18, "Âge d'éligibilité au pass Culture"),
    ("beneficiaries.deposit_amount_cents", 50000, "Montant du crédit, en centimes"),
    ("beneficiaries.deposit_validity_months", 24, "Durée de validité du crédit, en mois"),
    ("beneficiaries.physical_cap_cents", 20000, "Plafond des biens physiques, en centimes"),
    ("beneficiaries.digital_cap_cents", 20000, "Plafond des offres numériques, en centimes"),
]


def seed(apps, schema_editor):
    Parameter = apps.get_model("core", "Parameter")
    for key, value, description in PARAMETERS:
        Parameter.objects.get_or_create(key=key, valid_from=SINCE, defaults={"value": value, "description": description})


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0001_initial"), ("core", "0002_parameter")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
