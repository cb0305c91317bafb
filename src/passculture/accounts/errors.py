from passculture.core.errors import DomainError


class EmailAlreadyUsed(DomainError):
    code = "EMAIL_ALREADY_USED"
    message = "Un compte lié à cet email existe déjà."


class InvalidVerificationLink(DomainError):
    code = "INVALID_VERIFICATION_LINK"
    message = "Ce lien de vérification n'est pas valide. Demandez un nouveau lien."


class ExpiredVerificationLink(DomainError):
    code = "EXPIRED_VERIFICATION_LINK"
    message = "Ce lien de vérification a expiré. Demandez un nouveau lien : il est valable 24 heures."


class EmailAlreadyVerified(DomainError):
    code = "EMAIL_ALREADY_VERIFIED"
    message = "Votre adresse email est déjà vérifiée : vous pouvez vous connecter."


class EmailNotVerified(DomainError):
    code = "EMAIL_NOT_VERIFIED"
    message = (
        "Ce compte n'est pas validé. Cliquez sur le lien de vérification reçu par email "
        "(pensez à vérifier vos spams) ou demandez un nouveau lien."
    )


class TooManyLoginAttempts(DomainError):
    code = "TOO_MANY_LOGIN_ATTEMPTS"
    message = (
        "Trop de tentatives de connexion infructueuses. Par sécurité, réessayez dans {minutes} "
        "ou réinitialisez votre mot de passe."
    )


class TooManyPasswordResets(DomainError):
    code = "TOO_MANY_PASSWORD_RESETS"
    message = "Trop de demandes de réinitialisation du mot de passe. Par sécurité, réessayez dans {minutes}."


class WeakPassword(DomainError):
    code = "PASSWORD_POLICY"
    message = "Votre mot de passe ne respecte pas les règles de sécurité."
