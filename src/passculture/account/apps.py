from django.apps import AppConfig


class AccountConfig(AppConfig):
    name = "passculture.account"
    label = "account"
    verbose_name = "Compte (connexion, mot de passe, profil)"

    def ready(self):
        from passculture.core import links

        # The account pages that mails link to (domain code names them, never our URL names).
        links.register(
            {
                "login": "account:login",
                "verify-email": "account:verify-email",
                "resend-verification": "account:resend-verification",
            }
        )
