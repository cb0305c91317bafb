from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "passculture.api"
    label = "api"
    verbose_name = "API"
