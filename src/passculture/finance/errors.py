from passculture.core import errors as core_errors
from passculture.core.errors import DomainError


class InvalidIban(DomainError):
    code = "IBAN_INVALID"
    message = "L'IBAN n'est pas valide : vérifiez-le sur votre RIB (27 caractères commençant par FR76 en France)."


class InvalidRibKey(InvalidIban):
    message = "La clé RIB de cet IBAN ne correspond pas : vérifiez les chiffres recopiés depuis votre RIB."


class InvalidBic(DomainError):
    code = "BIC_INVALID"
    message = "Le BIC n'est pas valide : 8 ou 11 caractères, par exemple BNPAFRPP ou BNPAFRPPXXX."


class LabelRequired(DomainError):
    code = "BANK_ACCOUNT_LABEL_REQUIRED"
    message = "Indiquez l'intitulé du compte bancaire."


class InvalidBankAccountTransition(DomainError):
    code = "BANK_ACCOUNT_INVALID_TRANSITION"
    message = "Ce compte bancaire est « {status} » : l'action demandée n'est pas possible."


class ReasonRequired(core_errors.ReasonRequired):
    message = "Indiquez un motif : il est envoyé à la structure."


class DocumentMissing(DomainError):
    code = "DOCUMENT_MISSING"
    message = "Joignez {document}."


class DocumentType(DomainError):
    code = "DOCUMENT_TYPE"
    message = "Le fichier « {name} » n'est ni un PDF, ni une image PNG ou JPEG."


class DocumentTooLarge(DomainError):
    code = "DOCUMENT_TOO_LARGE"
    message = "Le fichier « {name} » dépasse la taille maximale de {limit} Mo."


class DocumentName(DomainError):
    code = "DOCUMENT_NAME"
    message = "Le nom du fichier ne doit contenir ni chemin ni caractère spécial (/, \\, ..)."


class VenueNotOfOfferer(DomainError):
    code = "VENUE_NOT_OF_OFFERER"
    message = "Ce lieu n'appartient pas à la structure de ce compte bancaire."


class BankAccountClosed(DomainError):
    code = "BANK_ACCOUNT_CLOSED"
    message = "Ce compte bancaire est « {status} » : il ne peut pas rembourser de lieu."


class LinkOverlap(DomainError):
    code = "BANK_ACCOUNT_LINK_OVERLAP"
    message = "Le lieu « {venue} » est déjà rattaché à un compte bancaire sur cette période."


class VenueNotLinked(DomainError):
    code = "VENUE_NOT_LINKED"
    message = "Le lieu « {venue} » n'est rattaché à aucun compte bancaire."


class UnknownDmsState(DomainError):
    code = "DMS_STATE_UNKNOWN"
    message = "État de dossier Démarches simplifiées inconnu : « {state} »."


# --- Reading Démarches simplifiées (docs/domain/finance.md#dms-updates) -------------------------------------------


class DmsProcedureNotFollowed(DomainError):
    code = "DMS_PROCEDURE_NOT_FOLLOWED"
    message = "La démarche {procedure} n'est pas une démarche de coordonnées bancaires suivie par pass Culture Pro."


class DmsDossierNotFound(DomainError):
    code = "DMS_DOSSIER_NOT_FOUND"
    message = "Le dossier {dossier} est introuvable sur Démarches simplifiées."


class DmsProcedureMismatch(DomainError):
    code = "DMS_PROCEDURE_MISMATCH"
    message = "Le dossier {dossier} n'appartient pas à la démarche {procedure}."


class DmsDateInvalid(DomainError):
    code = "DMS_DATE_INVALID"
    message = "Date de mise à jour illisible : « {value} »."


class DmsUnavailable(DomainError):
    code = "DMS_UNAVAILABLE"
    message = "Démarches simplifiées ne répond pas ({reason}) : le dossier sera relu à la prochaine synchronisation."


class DmsNoStructure(DomainError):
    code = "DMS_NO_STRUCTURE"
    message = "Aucune structure inscrite ne porte le SIRET « {siret} » du dossier."


# =====================================================================================================================
# Pricing (docs/domain/finance.md#pricing-points, #scale)
# =====================================================================================================================


class VenueHasSiret(DomainError):
    code = "PRICING_POINT_NOT_NEEDED"
    message = "Ce lieu a un SIRET : il est son propre point de valorisation."


class PricingPointWithoutSiret(DomainError):
    code = "PRICING_POINT_WITHOUT_SIRET"
    message = "Choisissez un lieu avec un SIRET comme point de valorisation."


class PricingPointOfAnotherOfferer(DomainError):
    code = "PRICING_POINT_OTHER_OFFERER"
    message = "Le point de valorisation doit être un lieu de la même structure."


class PricingPointAlreadySet(DomainError):
    code = "PRICING_POINT_ALREADY_SET"
    message = (
        "Ce lieu a déjà un point de valorisation depuis le {since}. Pour le changer, contactez support@passculture.app."
    )


class PricingPointOverlap(DomainError):
    code = "PRICING_POINT_OVERLAP"
    message = "Un point de valorisation est déjà en vigueur à cette date pour ce lieu."


class PricingRuleInvalid(DomainError):
    code = "PRICING_RULE_INVALID"
    message = "Cette règle est incomplète : {reason}"


class PricingRuleOverlap(DomainError):
    code = "PRICING_RULE_OVERLAP"
    message = "Une autre règle s'applique déjà aux mêmes réservations sur cette période : « {other} »."


class PricingRuleAlreadyUsed(DomainError):
    code = "PRICING_RULE_ALREADY_USED"
    message = "Cette règle a déjà servi à valoriser des réservations : terminez-la et créez-en une nouvelle."


# =====================================================================================================================
# Payments (docs/domain/finance.md#batches, #sepa)
# =====================================================================================================================


class CutoffInvalid(DomainError):
    code = "PAYMENT_CUTOFF_INVALID"
    message = "Une quinzaine se termine le 15 ou le dernier jour du mois, et avant aujourd'hui : « {cutoff} »."


class SepaInvalid(DomainError):
    code = "SEPA_FILE_INVALID"
    message = "Le fichier SEPA ne respecte pas le schéma pain.001.001.03 : {reason}"


class BatchAlreadyConfirmed(DomainError):
    code = "PAYMENT_BATCH_ALREADY_CONFIRMED"
    message = "Ce lot de virements a déjà été confirmé le {date}."
