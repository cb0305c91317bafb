from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "passculture.finance"
    label = "finance"
    verbose_name = "Coordonnées bancaires et remboursements"
