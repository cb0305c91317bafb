"""``PASSCULTURE_ENV=production`` refuses to start with an unsafe configuration."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from passculture.core.checks import check_production_settings, production_problems, refuse_unsafe_production

# Overriding DATABASES is safe here: no test of this module touches the database.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES:UserWarning")

SQLITE = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
POSTGRES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "passculture"}}
REAL_CONNECTORS = {
    "SIRENE_BACKEND": "passculture.connectors.sirene.http.HttpSireneClient",
    "GEOCODING_BACKEND": "passculture.connectors.geocoding.http.HttpGeocodingClient",
    "ALLOCINE_BACKEND": "passculture.connectors.allocine.http.HttpAllocineClient",
    "STOCKS_BACKEND": "passculture.connectors.stocks.http.HttpStocksClient",
    "TITELIVE_BACKEND": "passculture.connectors.titelive.source.DirectoryTiteliveSource",
}
SAFE = {
    "DEBUG": False,
    "SECRET_KEY": "a-long-and-random-production-secret",
    "DATABASES": POSTGRES,
    "ALLOWED_HOSTS": ["pro.passculture.app"],
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "CELERY_TASK_ALWAYS_EAGER": False,
    **REAL_CONNECTORS,
}


def problems_with(**overrides):
    with override_settings(**{**SAFE, **overrides}):
        return production_problems()


class TestProductionProblems:
    def test_a_safe_configuration_has_none(self):
        assert problems_with() == []

    def test_debug(self):
        assert problems_with(DEBUG=True) == ["DEBUG est activé."]

    def test_sqlite(self):
        [problem] = problems_with(DATABASES=SQLITE)
        assert "SQLite" in problem and "DATABASE_URL" in problem

    def test_fake_sirene(self):
        [problem] = problems_with(SIRENE_BACKEND="passculture.connectors.sirene.fake.FakeSireneClient")
        assert "SIRENE_BACKEND" in problem and "factice" in problem

    def test_fake_geocoding(self):
        [problem] = problems_with(GEOCODING_BACKEND="passculture.connectors.geocoding.fake.FakeGeocodingClient")
        assert "GEOCODING_BACKEND" in problem and "factice" in problem

    @pytest.mark.parametrize(
        ("setting", "fake"),
        [
            ("ALLOCINE_BACKEND", "passculture.connectors.allocine.fake.FakeAllocineClient"),
            ("STOCKS_BACKEND", "passculture.connectors.stocks.fake.FakeStocksClient"),
            ("TITELIVE_BACKEND", "passculture.connectors.titelive.fake.SampleTiteliveSource"),
        ],
    )
    def test_fake_catalogue_connectors(self, setting, fake):
        [problem] = problems_with(**{setting: fake})
        assert setting in problem and "factice" in problem

    def test_mail_kept_in_the_database(self):
        [problem] = problems_with(EMAIL_BACKEND="passculture.core.mail.DatabaseEmailBackend")
        assert "EMAIL_HOST" in problem

    def test_no_task_broker(self):
        [problem] = problems_with(CELERY_TASK_ALWAYS_EAGER=True)
        assert "REDIS_URL" in problem and "courtier" in problem

    def test_no_allowed_hosts(self):
        assert problems_with(ALLOWED_HOSTS=[]) == ["ALLOWED_HOSTS est vide."]

    def test_missing_secret(self):
        assert problems_with(SECRET_KEY="") == ["SECRET_KEY est absent."]

    def test_the_embedded_default_lists_every_problem(self):
        problems = problems_with(
            DEBUG=True,
            DATABASES=SQLITE,
            EMAIL_BACKEND="passculture.core.mail.DatabaseEmailBackend",
            SIRENE_BACKEND="passculture.connectors.sirene.fake.FakeSireneClient",
            GEOCODING_BACKEND="passculture.connectors.geocoding.fake.FakeGeocodingClient",
            CELERY_TASK_ALWAYS_EAGER=True,
        )
        assert len(problems) == 6


class TestRefusal:
    def test_production_refuses_to_start_and_says_why(self):
        with override_settings(**{**SAFE, "IS_PRODUCTION": True, "DEBUG": True, "DATABASES": SQLITE}):
            with pytest.raises(ImproperlyConfigured) as exc_info:
                refuse_unsafe_production()
            errors = check_production_settings(None)
        assert "DEBUG est activé." in str(exc_info.value)
        assert "SQLite" in str(exc_info.value)
        assert [error.id for error in errors] == ["passculture.E001", "passculture.E001"]

    def test_outside_production_nothing_is_refused(self):
        with override_settings(IS_PRODUCTION=False, DEBUG=True):
            refuse_unsafe_production()
            assert check_production_settings(None) == []

    def test_a_safe_production_starts(self):
        with override_settings(**{**SAFE, "IS_PRODUCTION": True}):
            refuse_unsafe_production()
            assert check_production_settings(None) == []
