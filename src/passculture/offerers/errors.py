from passculture.core import errors as core_errors
from passculture.core.errors import DomainError

SUPPORT = "En cas de difficulté, contactez support@passculture.app."


class InvalidSiren(DomainError):
    code = "SIREN_INVALID"
    message = "Le SIREN doit comporter 9 chiffres et une clé valide. " + SUPPORT


class UnknownSiren(DomainError):
    code = "SIREN_UNKNOWN"
    message = "Ce SIREN n'est pas reconnu par le répertoire Sirene de l'INSEE. " + SUPPORT


class ClosedSiren(DomainError):
    code = "SIREN_CLOSED"
    message = "Cette structure est fermée d'après le répertoire Sirene de l'INSEE. " + SUPPORT


class OffererClosed(DomainError):
    code = "OFFERER_CLOSED"
    message = "Cette structure est fermée sur pass Culture Pro. " + SUPPORT


class AlreadyMember(DomainError):
    code = "ALREADY_MEMBER"
    message = "Vous êtes déjà rattaché(e) à cette structure, ou votre demande est en cours."


class InvalidStatusTransition(DomainError):
    code = "INVALID_STATUS_TRANSITION"
    message = "Cette structure est déjà « {status} » : l'action demandée n'est pas possible."


class ReasonRequired(core_errors.ReasonRequired):
    message = "Indiquez un motif : il est envoyé à la structure."


class MembershipAlreadyDecided(DomainError):
    code = "MEMBERSHIP_ALREADY_DECIDED"
    message = "Cette demande de rattachement a déjà été traitée."


class NotAllowed(DomainError):
    code = "NOT_ALLOWED"
    message = "Vous n'avez pas les droits pour effectuer cette action."


class RequesterNotVerified(DomainError):
    code = "REQUESTER_NOT_VERIFIED"
    message = (
        "Cette personne n'a pas encore vérifié son adresse email : sa demande pourra être acceptée une fois "
        "l'adresse vérifiée."
    )


class InvitationAlreadySent(DomainError):
    code = "INVITATION_ALREADY_SENT"
    message = "Cette personne a déjà été invitée ou fait déjà partie de la structure."


class InvalidSiret(DomainError):
    code = "SIRET_INVALID"
    message = "Le SIRET doit comporter 14 chiffres et une clé valide."


class SiretNotOfSiren(DomainError):
    code = "SIRET_NOT_OF_SIREN"
    message = "Le SIRET doit commencer par le SIREN de votre structure ({siren})."


class SiretAlreadyUsed(DomainError):
    code = "SIRET_ALREADY_USED"
    message = "Un lieu avec ce SIRET existe déjà sur pass Culture Pro."


class UnknownSiret(DomainError):
    code = "SIRET_UNKNOWN"
    message = "Ce SIRET n'est pas reconnu par le répertoire Sirene de l'INSEE. " + SUPPORT


class ClosedSiret(DomainError):
    code = "SIRET_CLOSED"
    message = "Cet établissement est fermé d'après le répertoire Sirene de l'INSEE. " + SUPPORT


class SireneUnavailable(DomainError):
    code = "SIRENE_UNAVAILABLE"
    message = (
        "Le répertoire Sirene de l'INSEE est momentanément indisponible : votre saisie est conservée, "
        "réessayez dans quelques minutes."
    )


class SiretImmutable(DomainError):
    code = "SIRET_IMMUTABLE"
    message = "Le SIRET d'un lieu ne peut plus être modifié une fois enregistré."


class NoSiretCommentRequired(DomainError):
    code = "NO_SIRET_COMMENT_REQUIRED"
    message = "Sans SIRET, expliquez en commentaire pourquoi ce lieu n'en a pas."


class AddressRequired(DomainError):
    code = "ADDRESS_REQUIRED"
    message = "Renseignez l'adresse complète du lieu (adresse, code postal et ville)."


class InvalidPostalCode(DomainError):
    code = "POSTAL_CODE_INVALID"
    message = "Le code postal doit comporter 5 chiffres."


class DigitalVenueNotEditable(DomainError):
    code = "DIGITAL_VENUE_NOT_EDITABLE"
    message = "Le lieu « Offre numérique » est créé avec la structure et n'a pas d'adresse."


class VenueChangedMeanwhile(DomainError):
    code = "VENUE_CHANGED_MEANWHILE"
    message = "Ce lieu a été modifié par quelqu'un d'autre au même moment : rechargez la page et recommencez."


class TooManyApiKeys(DomainError):
    code = "TOO_MANY_API_KEYS"
    message = "Une structure peut avoir {maximum} clés d'API actives au maximum : révoquez-en une d'abord."


class ApiKeyAlreadyRevoked(DomainError):
    code = "API_KEY_ALREADY_REVOKED"
    message = "Cette clé d'API est déjà révoquée."
