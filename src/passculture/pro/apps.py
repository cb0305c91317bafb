from django.apps import AppConfig


class ProConfig(AppConfig):
    name = "passculture.pro"
    label = "pro"
    verbose_name = "Portail pro"

    def ready(self):
        from passculture.core import links

        # The pages of the portal that mails link to (domain code names them, never our URL names).
        links.register(
            {
                "pro-signup": "pro:signup",
                "pro-offerer-detail": "pro:offerer-detail",
                "pro-bank-details": "pro:bank-details",
                "pro-reimbursements": "pro:reimbursements",
            }
        )
