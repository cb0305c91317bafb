"""``/native/v1/signin`` and ``/native/v1/refresh_access_token``: the app's session, as JWTs (see ``api/auth.py``)."""

from ninja import Field, Router, Schema

from passculture.accounts.services import user_login
from passculture.api.auth import ACCESS, REFRESH, RefreshTokenAuth, issue_token
from passculture.api.errors import AppErrorOut, InvalidCredentials, ValidationErrorOut
from passculture.api.native.schemas import CamelSchema, ErrorOut
from passculture.api.text import Text
from passculture.web.client import client_ip

router = Router(tags=["Application : connexion"], by_alias=True)


class SigninIn(Schema):
    identifier: Text = Field(max_length=254, description="Adresse email du compte")
    password: Text = Field(max_length=4096)


class SigninOut(CamelSchema):
    access_token: str = Field(description="Jeton d'accès (JWT, 15 minutes) : « Authorization: Bearer <jeton> »")
    refresh_token: str = Field(description="Jeton de renouvellement (JWT, 30 jours)")


class AccessTokenOut(CamelSchema):
    access_token: str


@router.post(
    "/signin",
    response={200: SigninOut, 400: AppErrorOut, 422: ValidationErrorOut, 429: AppErrorOut},
    summary="Se connecter",
    url_name="signin",
)
def signin(request, payload: SigninIn):
    """Échange l'email et le mot de passe contre un jeton d'accès et un jeton de renouvellement.

    Refus (400) : `INVALID_CREDENTIALS`, `EMAIL_NOT_VALIDATED` ; trop d'échecs (429) : `TOO_MANY_ATTEMPTS`.
    """
    if "\x00" in payload.identifier or "\x00" in payload.password:  # no account has it; PostgreSQL refuses NUL
        raise InvalidCredentials()
    user = user_login(email=payload.identifier, password=payload.password, ip=client_ip(request), request=request)
    if user is None:
        raise InvalidCredentials()
    return {"access_token": issue_token(user, ACCESS), "refresh_token": issue_token(user, REFRESH)}


@router.post(
    "/refresh_access_token",
    auth=RefreshTokenAuth(),
    response={200: AccessTokenOut, 401: ErrorOut},
    summary="Renouveler le jeton d'accès",
    url_name="refresh-access-token",
)
def refresh_access_token(request):
    """Avec « Authorization: Bearer <jeton de renouvellement> », un nouveau jeton d'accès."""
    return {"access_token": issue_token(request.auth, ACCESS)}
