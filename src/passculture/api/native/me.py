"""``/native/v1/me``: the signed-in young person's profile and credit (amounts in cents)."""

import datetime

from django.core.exceptions import ObjectDoesNotExist
from ninja import Field, Router, Schema
from pydantic import AwareDatetime, field_serializer

from passculture.api.auth import AccessTokenAuth
from passculture.api.native.schemas import CamelSchema, ErrorOut, _utc
from passculture.beneficiaries.models import EligibilityStatus
from passculture.beneficiaries.selectors import Credit, DomainsCredit, active_deposit, domains_credit

router = Router(tags=["Application : compte"], by_alias=True, auth=AccessTokenAuth())


class CreditOut(Schema):
    initial: int = Field(description="Montant initial en centimes")
    remaining: int = Field(description="Montant restant en centimes")


class DomainsCreditOut(Schema):
    all: CreditOut = Field(description="Crédit total")
    physical: CreditOut | None = Field(None, description="Plafond des biens physiques (absent s'il n'y en a pas)")
    digital: CreditOut | None = Field(None, description="Plafond des offres numériques (absent s'il n'y en a pas)")


class MeOut(CamelSchema):
    id: int
    email: str
    first_name: str
    last_name: str
    phone_number: str
    birth_date: datetime.date | None
    postal_code: str | None
    is_beneficiary: bool = Field(description="Éligible au pass Culture (identité vérifiée)")
    deposit_expiration_date: AwareDatetime | None = Field(description="Fin de validité du crédit en cours (UTC)")
    domains_credit: DomainsCreditOut = Field(description="Crédit en cours, en centimes (zéro sans crédit valide)")

    @field_serializer("deposit_expiration_date")
    def _as_utc(self, value: datetime.datetime | None) -> str | None:
        return _utc(value)


def _credit(credit: Credit) -> dict:
    return {"initial": credit.initial, "remaining": credit.remaining}


def _domains_credit(credit: DomainsCredit) -> dict:
    """The caps a deposit does not have are left out (the operation drops unset fields)."""
    domains = {"all": _credit(credit.all)}
    for name in ("physical", "digital"):
        if getattr(credit, name) is not None:
            domains[name] = _credit(getattr(credit, name))
    return domains


@router.get(
    "/me",
    response={200: MeOut, 401: ErrorOut},
    exclude_unset=True,
    summary="Mon profil et mon crédit",
    url_name="me",
)
def me(request):
    """Le profil du jeune connecté et son crédit : total, et par plafond (biens physiques, numérique)."""
    user = request.auth
    try:
        profile = user.beneficiary
    except ObjectDoesNotExist:
        profile = None
    credit = domains_credit(active_deposit(user))
    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone_number": user.phone,
        "birth_date": profile.birth_date if profile else None,
        "postal_code": profile.postal_code if profile else None,
        "is_beneficiary": profile is not None and profile.eligibility == EligibilityStatus.ELIGIBLE,
        "deposit_expiration_date": credit.expires_at,
        "domains_credit": _domains_credit(credit),
    }
