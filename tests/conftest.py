import os
import shutil
import socket

import pytest
from django.db import connection

from tests import factories

IN_CI = os.environ.get("CI", "").lower() == "true"

# Fixtures shared by the tests of several areas: the fake Démarches simplifiées (``dms_fake``).
pytest_plugins = ["tests.finance.dms"]


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's Chromium; PostgreSQL tests need PostgreSQL; Redis tests need Redis. In CI none
    may be skipped."""
    chromium = shutil.which("chromium")
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    redis = IN_CI or _redis_reachable()  # in CI the test fails loudly instead
    for item in items:
        if "redis" in item.keywords and not redis:
            item.add_marker(pytest.mark.skip(reason="Redis is not running on 127.0.0.1:6379"))
        if "browser" in item.keywords and not chromium and not IN_CI:
            # In CI the browser fixture fails loudly instead: browser tests must run there.
            item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed"))
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs DATABASE_URL=postgresql://…"))


SEEDED_PARAMETERS = [  # data migrations whose rows a flush removes
    "passculture.offers.migrations.0002_seed_parameters_and_review_rules",
    "passculture.beneficiaries.migrations.0002_seed_parameters",
    "passculture.bookings.migrations.0002_seed_parameters",
    "passculture.providers.migrations.0002_seed_providers",
]
SEEDED_SCALE = "passculture.finance.migrations.0004_pricing"


@pytest.fixture(autouse=True)
def _transactional_hygiene(request):
    """Transactional tests flush the database: forget cached content type ids around them, and make sure the
    business parameters seeded by migrations are there (serialized rollback does not restore them in every
    order of fixtures). Every test starts and ends with the process's parameter cache empty."""
    from django.contrib.contenttypes.models import ContentType

    from passculture.core.parameters import clear_parameter_cache

    clear_parameter_cache()  # rows a test added (and rolled back) are never seen by the next one
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or bool(marker and marker.kwargs.get("transaction"))
    if transactional:
        import importlib

        from django.apps import apps as django_apps

        request.getfixturevalue("transactional_db")
        ContentType.objects.clear_cache()
        for module in SEEDED_PARAMETERS:
            importlib.import_module(module).seed(django_apps, None)
        from passculture.finance.models import PricingRule

        if not PricingRule.objects.exists():  # the guide's scale, seeded by the pricing migration
            importlib.import_module(SEEDED_SCALE).seed_scale(django_apps, None)
    yield
    clear_parameter_cache()
    if transactional:
        ContentType.objects.clear_cache()


@pytest.fixture(autouse=True, scope="session")
def _static_files_found_per_request():
    """WhiteNoise indexes STATIC_ROOT whenever a test client builds the middleware chain: once `serve` has collected
    the static files into var/static, every test would pay for a scan of thousands of files. Looked up per request
    instead (WhiteNoise's development mode), as DEBUG does."""
    from django.conf import settings

    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests/accounts checks it is the production hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test starts with an empty in-memory cache (login throttling lives there)."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path_factory):
    """Uploaded documents go to a temporary directory, never to var/private."""
    settings.PRIVATE_STORAGE_ROOT = tmp_path_factory.mktemp("private")
    return settings.PRIVATE_STORAGE_ROOT


@pytest.fixture
def one_throttle_window():
    """The clock stopped for the test: the fixed windows of the desk and API throttling (a minute each) cannot end
    between the attempts a test counts."""
    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now(), tick=False):
        yield


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service and its on-commit callbacks (mail), as a request would."""

    def run(service, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(*args, **kwargs)

    return run


@pytest.fixture
def user(db):
    return factories.UserFactory()


@pytest.fixture
def staff(db):
    return factories.StaffFactory()


@pytest.fixture
def offerer(db):
    return factories.OffererFactory()


@pytest.fixture
def pro(db, offerer):
    """A verified pro, validated member of ``offerer``."""
    member = factories.UserFactory()
    factories.MembershipFactory(user=member, offerer=offerer)
    return member


@pytest.fixture
def venue(db, offerer):
    return factories.VenueFactory(offerer=offerer)


@pytest.fixture
def pro_client(client, pro):
    client.force_login(pro)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"
