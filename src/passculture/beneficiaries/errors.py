from passculture.core.errors import DomainError


class NotEligibleAge(DomainError):
    code = "NOT_ELIGIBLE_AGE"
    message = "Le pass Culture est ouvert aux jeunes de {age} ans : votre date de naissance ne le permet pas."


class AlreadyDecided(DomainError):
    code = "ALREADY_DECIDED"
    message = "L'éligibilité de ce jeune a déjà été décidée."


class DepositAlreadyActive(DomainError):
    code = "DEPOSIT_ALREADY_ACTIVE"
    message = "Ce jeune a déjà un crédit en cours de validité."


class NotEligibleForDeposit(DomainError):
    code = "NOT_ELIGIBLE_FOR_DEPOSIT"
    message = "Ce jeune n'est pas éligible : confirmez d'abord son identité avant de lui accorder un crédit."
