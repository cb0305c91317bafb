from passculture.core.errors import DomainError


class EmailAlreadyUsed(DomainError):
    code = "email_already_used"
    message = "Un compte lié à cet email existe déjà."


class InvalidVerificationLink(DomainError):
    code = "invalid_verification_link"
    message = "Ce lien de vérification n'est pas valide. Demandez un nouveau lien."


class ExpiredVerificationLink(DomainError):
    code = "expired_verification_link"
    message = "Ce lien de vérification a expiré. Demandez un nouveau lien : il est valable 24 heures."


class EmailAlreadyVerified(DomainError):
    code = "email_already_verified"
    message = "Votre adresse email est déjà vérifiée : vous pouvez vous connecter."


class EmailNotVerified(DomainError):
    code = "email_not_verified"
    message = (
        "Ce compte n'est pas validé. Cliquez sur le lien de vérification reçu par email "
        "(pensez à vérifier vos spams) ou demandez un nouveau lien."
    )


class TooManyLoginAttempts(DomainError):
    code = "too_many_login_attempts"
    message = (
        "Trop de tentatives de connexion infructueuses. Par sécurité, réessayez dans {minutes} "
        "ou réinitialisez votre mot de passe."
    )


class WeakPassword(DomainError):
    code = "password_policy"
    message = "Votre mot de passe ne respecte pas les règles de sécurité."
