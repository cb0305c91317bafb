from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "passculture.providers"
    label = "providers"
    verbose_name = "Imports de catalogue"
