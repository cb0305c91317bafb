from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "passculture.backoffice"
    label = "backoffice"
    verbose_name = "Back office"
