from passculture.core.errors import DomainError

SUPPORT = "En cas de difficulté, contactez support@passculture.app."


class InvalidSiren(DomainError):
    code = "siren_invalid"
    message = "Le SIREN doit comporter 9 chiffres et une clé valide. " + SUPPORT


class UnknownSiren(DomainError):
    code = "siren_unknown"
    message = "Ce SIREN n'est pas reconnu par le répertoire Sirene de l'INSEE. " + SUPPORT


class ClosedSiren(DomainError):
    code = "siren_closed"
    message = "Cette structure est fermée d'après le répertoire Sirene de l'INSEE. " + SUPPORT


class OffererClosed(DomainError):
    code = "offerer_closed"
    message = "Cette structure est fermée sur pass Culture Pro. " + SUPPORT


class AlreadyMember(DomainError):
    code = "already_member"
    message = "Vous êtes déjà rattaché(e) à cette structure, ou votre demande est en cours."


class InvalidStatusTransition(DomainError):
    code = "invalid_status_transition"
    message = "Cette structure est déjà « {status} » : l'action demandée n'est pas possible."


class ReasonRequired(DomainError):
    code = "reason_required"
    message = "Indiquez un motif : il est envoyé à la structure."


class MembershipAlreadyDecided(DomainError):
    code = "membership_already_decided"
    message = "Cette demande de rattachement a déjà été traitée."


class NotAllowed(DomainError):
    code = "not_allowed"
    message = "Vous n'avez pas les droits pour effectuer cette action."


class InvitationAlreadySent(DomainError):
    code = "invitation_already_sent"
    message = "Cette personne a déjà été invitée ou fait déjà partie de la structure."


class InvalidSiret(DomainError):
    code = "siret_invalid"
    message = "Le SIRET doit comporter 14 chiffres et une clé valide."


class SiretNotOfSiren(DomainError):
    code = "siret_not_of_siren"
    message = "Le SIRET doit commencer par le SIREN de votre structure ({siren})."


class SiretAlreadyUsed(DomainError):
    code = "siret_already_used"
    message = "Un lieu avec ce SIRET existe déjà sur pass Culture Pro."


class UnknownSiret(DomainError):
    code = "siret_unknown"
    message = "Ce SIRET n'est pas reconnu par le répertoire Sirene de l'INSEE. " + SUPPORT


class ClosedSiret(DomainError):
    code = "siret_closed"
    message = "Cet établissement est fermé d'après le répertoire Sirene de l'INSEE. " + SUPPORT


class SireneUnavailable(DomainError):
    code = "sirene_unavailable"
    message = (
        "Le répertoire Sirene de l'INSEE est momentanément indisponible : votre saisie est conservée, "
        "réessayez dans quelques minutes."
    )


class SiretImmutable(DomainError):
    code = "siret_immutable"
    message = "Le SIRET d'un lieu ne peut plus être modifié une fois enregistré."


class NoSiretCommentRequired(DomainError):
    code = "no_siret_comment_required"
    message = "Sans SIRET, expliquez en commentaire pourquoi ce lieu n'en a pas."


class AddressRequired(DomainError):
    code = "address_required"
    message = "Renseignez l'adresse complète du lieu (adresse, code postal et ville)."


class InvalidPostalCode(DomainError):
    code = "postal_code_invalid"
    message = "Le code postal doit comporter 5 chiffres."


class DigitalVenueNotEditable(DomainError):
    code = "digital_venue_not_editable"
    message = "Le lieu « Offre numérique » est créé avec la structure et n'a pas d'adresse."


class VenueChangedMeanwhile(DomainError):
    code = "venue_changed_meanwhile"
    message = "Ce lieu a été modifié par quelqu'un d'autre au même moment : rechargez la page et recommencez."


class TooManyApiKeys(DomainError):
    code = "too_many_api_keys"
    message = "Une structure peut avoir {maximum} clés d'API actives au maximum : révoquez-en une d'abord."


class ApiKeyAlreadyRevoked(DomainError):
    code = "api_key_already_revoked"
    message = "Cette clé d'API est déjà révoquée."
