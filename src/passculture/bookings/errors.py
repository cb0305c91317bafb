from passculture.core import errors as core_errors
from passculture.core.errors import DomainError
from passculture.offerers import errors as offerer_errors


class NoDeposit(DomainError):
    code = "NO_DEPOSIT"
    message = "Vous n'avez pas de crédit pass Culture en cours de validité."


class StockNotBookable(DomainError):
    code = "STOCK_NOT_BOOKABLE"
    message = "Cette offre n'est plus réservable."


class SoldOut(DomainError):
    code = "SOLD_OUT"
    message = "Il n'y a plus de place disponible pour cette offre."


class QuantityNotAllowed(DomainError):
    code = "QUANTITY_NOT_ALLOWED"
    message = "Vous pouvez réserver 1 place, ou 2 places pour une offre Duo."


class AlreadyBooked(DomainError):
    code = "ALREADY_BOOKED"
    message = "Vous avez déjà une réservation en cours pour cette offre."


class InsufficientCredit(DomainError):
    code = "INSUFFICIENT_CREDIT"
    message = "Votre crédit restant ({remaining}) ne suffit pas pour cette réservation ({amount})."


class PhysicalCapReached(DomainError):
    code = "PHYSICAL_CAP_REACHED"
    message = "Le plafond de {cap} pour les biens physiques serait dépassé (reste {remaining})."


class DigitalCapReached(DomainError):
    code = "DIGITAL_CAP_REACHED"
    message = "Le plafond de {cap} pour les offres numériques serait dépassé (reste {remaining})."


class ConfirmedBooking(DomainError):
    code = "CONFIRMED_BOOKING"
    message = "Le délai d'annulation de cette réservation est dépassé : elle est confirmée."


class AlreadyCancelled(DomainError):
    code = "ALREADY_CANCELLED"
    message = "Cette réservation a déjà été annulée."


class AlreadyUsed(DomainError):
    code = "ALREADY_USED"
    message = "Cette contremarque a déjà été validée."


class AlreadyReimbursed(DomainError):
    code = "ALREADY_REIMBURSED"
    message = "Cette réservation a déjà été remboursée."


class UnknownToken(DomainError):
    code = "UNKNOWN_TOKEN"
    message = "Cette contremarque n'a pas été trouvée."


class TooEarlyToValidate(DomainError):
    code = "TOO_EARLY"
    message = "Vous pourrez valider cette contremarque à partir du {date}, une fois le délai d'annulation passé."


class OffererClosed(offerer_errors.OffererClosed):
    message = "Cette structure est fermée : ses contremarques ne peuvent plus être validées."


class NotUsed(DomainError):
    code = "NOT_USED"
    message = "Cette contremarque n'a pas encore été validée."


class ReasonRequired(core_errors.ReasonRequired):
    message = "Indiquez le motif de l'annulation : il est envoyé au bénéficiaire."


class TooManyAttempts(DomainError):
    code = "TOO_MANY_ATTEMPTS"
    message = "Trop de contremarques saisies en peu de temps. Patientez une minute avant de réessayer."
