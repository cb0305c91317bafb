from django.apps import AppConfig


class ServerConfig(AppConfig):
    """The top floor: ``passculture serve`` runs the whole platform (it may import any app; no app imports it)."""

    name = "passculture.server"
    label = "server"
    verbose_name = "Serveur"
