"""The app's session (``/native/v1/signin``, ``/native/v1/refresh_access_token``, JWTs) and ``/native/v1/me``."""

import datetime

import jwt
import pytest
import time_machine
from django.conf import settings as django_settings
from django.utils import timezone

from passculture.api.auth import ACCESS, REFRESH, issue_token
from passculture.beneficiaries.models import Deposit
from passculture.bookings.services import booking_create
from tests.factories import (
    PASSWORD,
    BeneficiaryFactory,
    EventStockFactory,
    OfferFactory,
    StockFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def signin(client, identifier, password=PASSWORD, **extra):
    return client.post(
        "/native/v1/signin",
        {"identifier": identifier, "password": password},
        content_type="application/json",
        **extra,
    )


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def claims(token: str) -> dict:
    return jwt.decode(token, django_settings.SECRET_KEY, algorithms=["HS256"])


@pytest.fixture
def young(db):
    return BeneficiaryFactory(email="jeune@example.org", birth_date=datetime.date(2008, 1, 1), phone="0612345678")


class TestSignin:
    def test_returns_an_access_and_a_refresh_token(self, client, young):
        response = signin(client, "jeune@example.org")
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"accessToken", "refreshToken"}
        access, refresh = claims(body["accessToken"]), claims(body["refreshToken"])
        assert access["sub"] == refresh["sub"] == str(young.pk)
        assert (access["type"], refresh["type"]) == ("access", "refresh")
        assert access["exp"] - access["iat"] == 15 * 60
        assert refresh["exp"] - refresh["iat"] == 30 * 24 * 3600
        assert access["jti"] != refresh["jti"]
        assert client.get("/native/v1/me", **bearer(body["accessToken"])).status_code == 200

    def test_the_identifier_is_case_insensitive(self, client, young):
        assert signin(client, "  JEUNE@example.org ").status_code == 200

    @pytest.mark.parametrize(
        ("identifier", "password"),
        [("jeune@example.org", "wrong-password"), ("nobody@example.org", PASSWORD)],
    )
    def test_wrong_credentials(self, client, young, identifier, password):
        response = signin(client, identifier, password)
        assert response.status_code == 400
        assert response.json() == {
            "code": "INVALID_CREDENTIALS",
            "message": "Identifiant ou mot de passe incorrect.",
        }

    def test_an_unverified_account_is_refused(self, client):
        UserFactory(email="nouveau@example.org", email_verified_at=None)
        response = signin(client, "nouveau@example.org")
        assert response.status_code == 400
        assert response.json()["code"] == "EMAIL_NOT_VALIDATED"
        assert "n'est pas validé" in response.json()["message"]

    def test_repeated_failures_are_throttled(self, client, young, settings):
        settings.LOGIN_THROTTLE_MAX_FAILURES = 3
        for _ in range(3):
            assert signin(client, "jeune@example.org", "wrong-password").status_code == 400
        response = signin(client, "jeune@example.org")  # even the right password, for now
        assert response.status_code == 429
        assert response.json()["code"] == "TOO_MANY_ATTEMPTS"
        assert "Trop de tentatives" in response.json()["message"]

    def test_a_malformed_body_is_a_422(self, client):
        response = client.post("/native/v1/signin", {"identifier": "x"}, content_type="application/json")
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "payload", "password"]


class TestTokens:
    def test_the_refresh_token_buys_a_new_access_token(self, client, young):
        refresh = signin(client, "jeune@example.org").json()["refreshToken"]
        response = client.post("/native/v1/refresh_access_token", **bearer(refresh))
        assert response.status_code == 200
        access = response.json()["accessToken"]
        assert claims(access)["type"] == "access"
        assert client.get("/native/v1/me", **bearer(access)).json()["id"] == young.pk

    def test_an_access_token_cannot_refresh(self, client, young):
        response = client.post("/native/v1/refresh_access_token", **bearer(issue_token(young, ACCESS)))
        assert response.status_code == 401
        assert response.json() == {"detail": "Ce jeton ne peut pas servir à cette requête."}

    def test_a_refresh_token_is_refused_as_an_access_token(self, client, young):
        response = client.get("/native/v1/me", **bearer(issue_token(young, REFRESH)))
        assert response.status_code == 401
        assert response.json() == {"detail": "Ce jeton ne peut pas servir à cette requête."}

    def test_the_access_token_expires_after_15_minutes_the_refresh_token_after_30_days(self, client, young):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            tokens = signin(client, "jeune@example.org").json()
        with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
            assert client.get("/native/v1/me", **bearer(tokens["accessToken"])).status_code == 200
        with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
            response = client.get("/native/v1/me", **bearer(tokens["accessToken"]))
            assert response.status_code == 401
            assert response.json() == {"detail": "Votre session a expiré : demandez un nouveau jeton d'accès."}
            renewed = client.post("/native/v1/refresh_access_token", **bearer(tokens["refreshToken"]))
            assert renewed.status_code == 200
            assert client.get("/native/v1/me", **bearer(renewed.json()["accessToken"])).status_code == 200
        with time_machine.travel(start + datetime.timedelta(days=30, minutes=1), tick=False):
            response = client.post("/native/v1/refresh_access_token", **bearer(tokens["refreshToken"]))
            assert response.status_code == 401

    @pytest.mark.parametrize(
        "authorization",
        [
            None,
            "",
            "Bearer",
            "Bearer not-a-jwt",
            "Basic amV1bmU6cGFzc3dvcmQ=",
            "Token {access}",
            "Bearer {forged}",
            "Bearer {unsigned}",
        ],
    )
    def test_missing_or_invalid_tokens_are_401(self, client, young, authorization):
        now = timezone.now()
        payload = {"sub": str(young.pk), "type": "access", "iat": now, "exp": now + datetime.timedelta(minutes=5)}
        values = {
            "access": issue_token(young, ACCESS),
            "forged": jwt.encode({**payload, "jti": "x"}, "another-secret-key-of-32-bytes-long!", algorithm="HS256"),
            "unsigned": jwt.encode({**payload, "jti": "x"}, None, algorithm="none"),
        }
        headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization.format(**values)}
        for response in (client.get("/native/v1/me", **headers), client.get("/native/v1/bookings", **headers)):
            assert response.status_code == 401
            assert response["WWW-Authenticate"] == "Bearer"
            assert response.json()["detail"]

    def test_a_token_without_its_claims_is_refused(self, client, young):
        token = jwt.encode({"sub": str(young.pk), "type": "access"}, django_settings.SECRET_KEY, algorithm="HS256")
        assert client.get("/native/v1/me", **bearer(token)).status_code == 401

    def test_a_deactivated_account_loses_its_tokens(self, client, young):
        token = issue_token(young, ACCESS)
        young.is_active = False
        young.save()
        response = client.get("/native/v1/me", **bearer(token))
        assert response.status_code == 401
        assert response.json() == {"detail": "Ce compte n'existe pas ou a été désactivé."}

    def test_a_password_change_revokes_the_tokens_issued_before(self, client, young):
        access, refresh = issue_token(young, ACCESS), issue_token(young, REFRESH)
        assert client.get("/native/v1/me", **bearer(access)).status_code == 200
        young.set_password("Un-autre-mot-de-passe-2026!")
        young.save()
        for response in (
            client.get("/native/v1/me", **bearer(access)),
            client.post("/native/v1/refresh_access_token", **bearer(refresh)),
        ):
            assert response.status_code == 401
            assert response.json() == {
                "detail": "Le mot de passe de ce compte a changé depuis votre connexion : reconnectez-vous."
            }
        fresh = signin(client, young.email, "Un-autre-mot-de-passe-2026!").json()["accessToken"]
        assert client.get("/native/v1/me", **bearer(fresh)).status_code == 200


class TestMe:
    def test_profile_and_credit_of_a_fresh_beneficiary(self, client, young):
        deposit = Deposit.objects.get(user=young)
        response = client.get("/native/v1/me", **bearer(issue_token(young, ACCESS)))
        assert response.status_code == 200
        assert response.json() == {
            "id": young.pk,
            "email": "jeune@example.org",
            "firstName": young.first_name,
            "lastName": young.last_name,
            "phoneNumber": "0612345678",
            "birthDate": "2008-01-01",
            "postalCode": "75011",
            "isBeneficiary": True,
            "depositExpirationDate": deposit.expires_at.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
            "domainsCredit": {
                "all": {"initial": 50000, "remaining": 50000},
                "physical": {"initial": 20000, "remaining": 20000},
                "digital": {"initial": 20000, "remaining": 20000},
            },
        }

    def test_the_credit_after_a_booking(self, client, young):
        venue = VenueFactory()
        book = StockFactory(offer=OfferFactory(venue=venue, name="Le Petit Prince"), price_cents=1250)
        concert = EventStockFactory(offer__venue=venue, price_cents=2000)
        booking_create(young, book.pk, 1)
        booking_create(young, concert.pk, 2)
        credit = client.get("/native/v1/me", **bearer(issue_token(young, ACCESS))).json()["domainsCredit"]
        assert credit == {
            "all": {"initial": 50000, "remaining": 50000 - 1250 - 4000},
            "physical": {"initial": 20000, "remaining": 20000 - 1250},
            "digital": {"initial": 20000, "remaining": 20000},
        }

    def test_a_cap_never_exceeds_what_is_left_overall(self, client, young):
        Deposit.objects.filter(user=young).update(spent_cents=49000)
        credit = client.get("/native/v1/me", **bearer(issue_token(young, ACCESS))).json()["domainsCredit"]
        assert credit["all"]["remaining"] == credit["physical"]["remaining"] == credit["digital"]["remaining"] == 1000

    def test_caps_that_do_not_exist_are_omitted(self, client, young):
        Deposit.objects.filter(user=young).update(physical_cap_cents=None, digital_cap_cents=None)
        credit = client.get("/native/v1/me", **bearer(issue_token(young, ACCESS))).json()["domainsCredit"]
        assert credit == {"all": {"initial": 50000, "remaining": 50000}}

    def test_an_expired_deposit_counts_as_zero(self, client, young):
        Deposit.objects.filter(user=young).update(expires_at=timezone.now() - datetime.timedelta(days=1))
        body = client.get("/native/v1/me", **bearer(issue_token(young, ACCESS))).json()
        assert body["domainsCredit"] == {"all": {"initial": 0, "remaining": 0}}
        assert body["depositExpirationDate"] is None
        assert body["isBeneficiary"] is True

    def test_someone_without_a_beneficiary_profile(self, client, user):
        body = client.get("/native/v1/me", **bearer(issue_token(user, ACCESS))).json()
        assert body["isBeneficiary"] is False
        assert (body["birthDate"], body["postalCode"], body["depositExpirationDate"]) == (None, None, None)
        assert body["domainsCredit"] == {"all": {"initial": 0, "remaining": 0}}
