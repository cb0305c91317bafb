from django.apps import AppConfig


class BeneficiaryConfig(AppConfig):
    name = "passculture.beneficiary"
    label = "beneficiary"
    verbose_name = "Catalogue des jeunes"

    def ready(self):
        from passculture.core import links

        # The young people's pages that mails link to (domain code names them, never our URL names).
        links.register({"young-resend-verification": "beneficiary:resend-verification"})
