"""Authentication of the JSON APIs: JWTs for the young people's app, API keys for ticketing software.

- The app (``/native/v1/``) signs in once and then sends ``Authorization: Bearer <access token>``. Tokens are JWTs
  (PyJWT, HS256 signed with ``SECRET_KEY``) with the claims ``sub`` (user id), ``type`` (``access`` or
  ``refresh``), ``iat``, ``exp`` (access: 15 minutes, refresh: 30 days), ``jti`` and ``pwd`` (a digest of the
  password hash, as Django's sessions keep one): a password change or reset revokes every token issued before it,
  as it ends the account's web sessions. The refresh token only buys new access tokens
  (``POST /native/v1/refresh_access_token``) and is refused everywhere else, and vice versa.
- Ticketing software (``/v2/``) sends ``Authorization: Bearer <api key>``; the key identifies one structure
  (``offerers.apikeys``), whose bookings are the only ones it can see.

Every refusal is a 401 with a French message (the API's exception handlers shape the body).
"""

import datetime
import uuid

import jwt
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from passculture.accounts.models import User
from passculture.accounts.selectors import active_user
from passculture.offerers.models import ApiKey
from passculture.offerers.services import apikey_authenticate

ALGORITHM = "HS256"
ACCESS = "access"
REFRESH = "refresh"
LIFETIMES = {ACCESS: datetime.timedelta(minutes=15), REFRESH: datetime.timedelta(days=30)}
REQUIRED_CLAIMS = ["sub", "type", "iat", "exp", "jti", "pwd"]

TOKEN_MISSING = "Authentification requise : envoyez l'en-tête « Authorization: Bearer <jeton> »."
TOKEN_EXPIRED = "Votre session a expiré : demandez un nouveau jeton d'accès."
TOKEN_INVALID = "Ce jeton d'authentification n'est pas valide."
TOKEN_WRONG_TYPE = "Ce jeton ne peut pas servir à cette requête."
ACCOUNT_INACTIVE = "Ce compte n'existe pas ou a été désactivé."
PASSWORD_CHANGED = "Le mot de passe de ce compte a changé depuis votre connexion : reconnectez-vous."
KEY_MISSING = "Clé d'API requise : envoyez l'en-tête « Authorization: Bearer <clé d'API> »."
KEY_INVALID = "Cette clé d'API n'est pas valide ou a été révoquée."


# --- JWT -------------------------------------------------------------------------------------------------------------


def issue_token(user: User, token_type: str, now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    claims = {
        "sub": str(user.pk),
        "type": token_type,
        "iat": now,
        "exp": now + LIFETIMES[token_type],
        "jti": uuid.uuid4().hex,
        "pwd": _password_digest(user),
    }
    return jwt.encode(claims, settings.SECRET_KEY, algorithm=ALGORITHM)


def _password_digest(user: User) -> str:
    """Changes with the password (Django's session hash: an HMAC of the password hash, nothing of the password)."""
    return user.get_session_auth_hash()[:32]


def user_from_token(token: str, token_type: str) -> User:
    """The active user a valid, unexpired token of ``token_type`` was issued to; ``AuthenticationError`` otherwise."""
    try:
        claims = jwt.decode(token, settings.SECRET_KEY, algorithms=[ALGORITHM], options={"require": REQUIRED_CLAIMS})
    except jwt.ExpiredSignatureError:
        raise AuthenticationError(message=TOKEN_EXPIRED) from None
    except jwt.InvalidTokenError:
        raise AuthenticationError(message=TOKEN_INVALID) from None
    if claims["type"] != token_type:
        raise AuthenticationError(message=TOKEN_WRONG_TYPE)
    if not str(claims["sub"]).isdigit():
        raise AuthenticationError(message=TOKEN_INVALID)
    user = active_user(int(claims["sub"]))
    if user is None:
        raise AuthenticationError(message=ACCOUNT_INACTIVE)
    if not constant_time_compare(str(claims["pwd"]), _password_digest(user)):
        raise AuthenticationError(message=PASSWORD_CHANGED)
    return user


# --- ninja authentication classes ----------------------------------------------------------------------------------


class _Bearer(HttpBearer):
    """``Authorization: Bearer <credential>``; a missing header is a 401 with a French message, not ninja's."""

    missing_message = TOKEN_MISSING

    def __call__(self, request: HttpRequest):
        scheme, _, credential = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not credential.strip():
            raise AuthenticationError(message=self.missing_message)
        return self.authenticate(request, credential.strip())


class AccessTokenAuth(_Bearer):
    """The app's routes: a JWT access token (``request.auth`` is the user)."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        return user_from_token(token, ACCESS)


class RefreshTokenAuth(_Bearer):
    """``POST /native/v1/refresh_access_token`` only: a JWT refresh token (``request.auth`` is the user)."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        return user_from_token(token, REFRESH)


class ApiKeyAuth(_Bearer):
    """The ticketing API: a structure's API key (``request.auth`` is the ``ApiKey``, with its ``offerer``)."""

    missing_message = KEY_MISSING

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey:
        key = apikey_authenticate(token)
        if key is None:
            raise AuthenticationError(message=KEY_INVALID)
        return key
