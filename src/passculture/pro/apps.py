from django.apps import AppConfig


class ProConfig(AppConfig):
    name = "passculture.pro"
    label = "pro"
    verbose_name = "Portail pro"
