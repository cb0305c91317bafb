import datetime

from django.db import migrations

SINCE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

PARAMETERS = [
    ("bookings.cancellation_delay_hours", 48, "Délai d'annulation par le jeune après la réservation, en heures"),
    ("bookings.auto_use_delay_hours", 48, "Validation automatique des réservations d'événements, heures après"),
    ("bookings.withdrawal_delay_days", 30, "Délai de retrait des biens physiques, en jours"),
    ("bookings.expiry_reminder_days", 7, "Rappel au jeune avant l'expiration d'un retrait, en jours"),
]


def seed(apps, schema_editor):
    Parameter = apps.get_model("core", "Parameter")
    for key, value, description in PARAMETERS:
        Parameter.objects.get_or_create(key=key, valid_from=SINCE, defaults={"value": value, "description": description})


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial"), ("core", "0002_parameter")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
