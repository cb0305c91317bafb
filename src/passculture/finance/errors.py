from passculture.core.errors import DomainError

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
