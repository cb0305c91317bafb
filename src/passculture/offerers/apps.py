from django.apps import AppConfig


class OfferersConfig(AppConfig):
    name = "passculture.offerers"
    label = "offerers"
    verbose_name = "Structures et lieux"
