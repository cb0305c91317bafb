from passculture.core.errors import DomainError


class NotEligibleAge(DomainError):
    code = "not_eligible_age"
    message = "Le pass Culture est ouvert aux jeunes de {age} ans : votre date de naissance ne le permet pas."


class AlreadyDecided(DomainError):
    code = "already_decided"
    message = "L'éligibilité de ce jeune a déjà été décidée."


class DepositAlreadyActive(DomainError):
    code = "deposit_already_active"
    message = "Ce jeune a déjà un crédit en cours de validité."


class NotEligibleForDeposit(DomainError):
    code = "not_eligible_for_deposit"
    message = "Ce jeune n'est pas éligible : confirmez d'abord son identité avant de lui accorder un crédit."
