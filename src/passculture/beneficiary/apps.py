from django.apps import AppConfig


class BeneficiaryConfig(AppConfig):
    name = "passculture.beneficiary"
    label = "beneficiary"
    verbose_name = "Catalogue des jeunes"
