from django.apps import AppConfig


class AccountConfig(AppConfig):
    name = "passculture.account"
    label = "account"
    verbose_name = "Compte (connexion, mot de passe, profil)"
