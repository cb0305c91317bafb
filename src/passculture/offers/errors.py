from passculture.core.errors import DomainError


class TypeLocked(DomainError):
    code = "type_locked"
    message = "Le type d'offre ne peut plus être modifié une fois l'offre validée."


class VenueMismatch(DomainError):
    code = "venue_mismatch"
    message = "{reason}"


class DuoNotAllowed(DomainError):
    code = "duo_not_allowed"
    message = "L'option Duo n'est pas disponible pour ce type d'offre."


class UrlRequired(DomainError):
    code = "url_required"
    message = "Une offre numérique doit indiquer l'adresse (URL) où le jeune y accède."


class UrlForbidden(DomainError):
    code = "url_forbidden"
    message = "Une offre sur place n'a pas d'URL : retirez-la ou choisissez le lieu « Offre numérique »."


class MissingField(DomainError):
    code = "missing_field"
    message = "Le champ « {label} » est obligatoire pour ce type d'offre."


class InvalidEan(DomainError):
    code = "invalid_ean"
    message = (
        "L'EAN doit comporter 13 chiffres avec une clé valide (ex. 9782070612758) ; "
        "pour un livre, l'ISBN à 10 caractères est aussi accepté."
    )


class InvalidVisa(DomainError):
    code = "invalid_visa"
    message = "Le visa d'exploitation ne contient que des chiffres (ex. 149341)."


class OfferNotEditable(DomainError):
    code = "offer_not_editable"
    message = "Cette offre a été refusée par l'équipe du pass Culture : elle ne peut plus être modifiée."


class RejectedNotDuplicable(DomainError):
    code = "rejected_not_duplicable"
    message = "Cette offre a été refusée par l'équipe du pass Culture : elle ne peut pas être dupliquée."


class NoStock(DomainError):
    code = "no_stock"
    message = "Ajoutez au moins {what} avant de publier l'offre."


class InvalidPrice(DomainError):
    code = "invalid_price"
    message = "Le prix doit être un montant positif ou nul (0 pour une offre gratuite)."


class QuantityBelowBooked(DomainError):
    code = "quantity_below_booked"
    message = "La quantité ne peut pas être inférieure au nombre de places déjà réservées ({booked})."


class BeginningRequired(DomainError):
    code = "beginning_required"
    message = "Indiquez la date et l'heure de l'événement."


class BeginningForbidden(DomainError):
    code = "beginning_forbidden"
    message = "Un bien ou un service n'a pas de date : retirez la date et l'heure."


class BeginningInPast(DomainError):
    code = "beginning_in_past"
    message = "La date de l'événement est déjà passée."


class BookingLimitAfterBeginning(DomainError):
    code = "booking_limit_after_beginning"
    message = "La date limite de réservation doit précéder le début de l'événement."


class ThingHasOneStock(DomainError):
    code = "thing_has_one_stock"
    message = "Un bien ou un service n'a qu'un seul stock : modifiez celui qui existe."


class StockDeletionTooLate(DomainError):
    code = "stock_deletion_too_late"
    message = "Une date ne peut plus être supprimée plus de 48 heures après l'événement."


class InvalidRecurrence(DomainError):
    code = "invalid_recurrence"
    message = "{reason}"


class OfferAlreadyDecided(DomainError):
    code = "offer_already_decided"
    message = "Cette offre n'est pas en attente de validation."


class ReasonRequired(DomainError):
    code = "reason_required"
    message = "Indiquez un motif de refus : il est envoyé à la structure."


class InvalidName(DomainError):
    code = "invalid_name"
    message = "Le titre de l'offre est obligatoire et fait 90 caractères au maximum."


class ValueTooLarge(DomainError):
    code = "value_too_large"
    message = "{what} ne peut pas dépasser {maximum}."
