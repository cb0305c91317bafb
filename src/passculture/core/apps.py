from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "passculture.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self):
        from passculture.core import checks  # noqa: F401  (registers the system checks)
