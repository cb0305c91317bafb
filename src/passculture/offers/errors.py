from passculture.core import errors as core_errors
from passculture.core.errors import DomainError


class TypeLocked(DomainError):
    code = "TYPE_LOCKED"
    message = "Le type d'offre ne peut plus être modifié une fois l'offre validée."


class VenueMismatch(DomainError):
    code = "VENUE_MISMATCH"
    message = "{reason}"


class DuoNotAllowed(DomainError):
    code = "DUO_NOT_ALLOWED"
    message = "L'option Duo n'est pas disponible pour ce type d'offre."


class UrlRequired(DomainError):
    code = "URL_REQUIRED"
    message = "Une offre numérique doit indiquer l'adresse (URL) où le jeune y accède."


class UrlForbidden(DomainError):
    code = "URL_FORBIDDEN"
    message = "Une offre sur place n'a pas d'URL : retirez-la ou choisissez le lieu « Offre numérique »."


class MissingField(DomainError):
    code = "MISSING_FIELD"
    message = "Le champ « {label} » est obligatoire pour ce type d'offre."


class InvalidEan(DomainError):
    code = "INVALID_EAN"
    message = (
        "L'EAN doit comporter 13 chiffres avec une clé valide (ex. 9782070612758) ; "
        "pour un livre, l'ISBN à 10 caractères est aussi accepté."
    )


class EanOfAnotherTitle(DomainError):
    code = "EAN_OF_ANOTHER_TITLE"
    message = (
        "Cet EAN est celui de « {title} » dans le catalogue, pas de « {typed} » : vérifiez l'EAN, "
        "ou reprenez le titre du catalogue."
    )


class InvalidVisa(DomainError):
    code = "INVALID_VISA"
    message = "Le visa d'exploitation ne contient que des chiffres (ex. 149341)."


class OfferNotEditable(DomainError):
    code = "OFFER_NOT_EDITABLE"
    message = "Cette offre a été refusée par l'équipe du pass Culture : elle ne peut plus être modifiée."


class RejectedNotDuplicable(DomainError):
    code = "REJECTED_NOT_DUPLICABLE"
    message = "Cette offre a été refusée par l'équipe du pass Culture : elle ne peut pas être dupliquée."


class NoStock(DomainError):
    code = "NO_STOCK"
    message = "Ajoutez au moins {what} avant de publier l'offre."


class InvalidPrice(DomainError):
    code = "INVALID_PRICE"
    message = "Le prix doit être un montant positif ou nul (0 pour une offre gratuite)."


class QuantityBelowBooked(DomainError):
    code = "QUANTITY_BELOW_BOOKED"
    message = "La quantité ne peut pas être inférieure au nombre de places déjà réservées ({booked})."


class BeginningRequired(DomainError):
    code = "BEGINNING_REQUIRED"
    message = "Indiquez la date et l'heure de l'événement."


class BeginningForbidden(DomainError):
    code = "BEGINNING_FORBIDDEN"
    message = "Un bien ou un service n'a pas de date : retirez la date et l'heure."


class BeginningInPast(DomainError):
    code = "BEGINNING_IN_PAST"
    message = "La date de l'événement est déjà passée."


class BookingLimitAfterBeginning(DomainError):
    code = "BOOKING_LIMIT_AFTER_BEGINNING"
    message = "La date limite de réservation doit précéder le début de l'événement."


class BookingLimitInPast(DomainError):
    code = "BOOKING_LIMIT_IN_PAST"
    message = (
        "La date limite de réservation est déjà passée : personne ne pourrait réserver. "
        "Indiquez une date à venir ou laissez-la vide."
    )


class DuplicateDate(DomainError):
    code = "DUPLICATE_DATE"
    message = (
        "La date du {when} existe déjà à ce prix : les jeunes verraient deux dates identiques. "
        "Modifiez la date existante (ses places, par exemple) ou choisissez un autre horaire."
    )


class NoPlaces(DomainError):
    code = "NO_PLACES"
    message = (
        "Avec 0 place, personne ne pourrait réserver : indiquez au moins 1 place, "
        "ou laissez vide pour un nombre illimité."
    )


class PriceToConfirm(DomainError):
    """Not a refusal: warnings about a price, which the pro confirms before it is saved."""

    code = "PRICE_TO_CONFIRM"
    message = "{text}"

    def __init__(self, warnings: list[str]):
        super().__init__(field="price", text=" ".join(warnings))
        self.warnings = warnings


class ThingHasOneStock(DomainError):
    code = "THING_HAS_ONE_STOCK"
    message = "Un bien ou un service n'a qu'un seul stock : modifiez celui qui existe."


class StockDeletionTooLate(DomainError):
    code = "STOCK_DELETION_TOO_LATE"
    message = "Une date ne peut plus être supprimée plus de 48 heures après l'événement."


class InvalidRecurrence(DomainError):
    code = "INVALID_RECURRENCE"
    message = "{reason}"


class OfferAlreadyDecided(DomainError):
    code = "OFFER_ALREADY_DECIDED"
    message = "Cette offre n'est pas en attente de validation."


class ReasonRequired(core_errors.ReasonRequired):
    message = "Indiquez un motif de refus : il est envoyé à la structure."


class InvalidName(DomainError):
    code = "INVALID_NAME"
    message = "Le titre de l'offre est obligatoire et fait 90 caractères au maximum."


class ValueTooLarge(DomainError):
    code = "VALUE_TOO_LARGE"
    message = "{what} ne peut pas dépasser {maximum}."


class PlaceNotFound(DomainError):
    code = "PLACE_NOT_FOUND"
    message = "Nous ne trouvons pas ce lieu : saisissez un code postal (ex. 69001) ou un nom de ville."


class PlaceSearchUnavailable(DomainError):
    code = "PLACE_SEARCH_UNAVAILABLE"
    message = "La recherche par lieu est momentanément indisponible. Réessayez dans quelques instants."


class ProviderOwned(DomainError):
    code = "PROVIDER_OWNED"
    message = "{what} de cette offre importée vient de son fournisseur : il se modifie chez le fournisseur."
