from django.apps import AppConfig


class BeneficiariesConfig(AppConfig):
    name = "passculture.beneficiaries"
    label = "beneficiaries"
    verbose_name = "Bénéficiaires et crédits"
