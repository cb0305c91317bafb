from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "passculture.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self):
        from django.db.backends.signals import connection_created

        from passculture.core import checks  # noqa: F401  (registers the system checks)
        from passculture.core.mail import autodiscover
        from passculture.core.text import register_lookups, register_sqlite_function

        register_lookups()
        connection_created.connect(register_sqlite_function, dispatch_uid="passculture_fold")
        autodiscover()  # every app's notifications.py registers its mails
