from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "passculture.web"
    label = "web"
    verbose_name = "Kit des interfaces"
