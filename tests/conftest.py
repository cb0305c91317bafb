import os
import shutil

import pytest
from django.db import connection

from tests import factories

IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's Chromium; PostgreSQL tests need PostgreSQL. In CI neither may be skipped."""
    chromium = shutil.which("chromium")
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    for item in items:
        if "browser" in item.keywords and not chromium and not IN_CI:
            # In CI the browser fixture fails loudly instead: browser tests must run there.
            item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed"))
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs DATABASE_URL=postgresql://…"))


@pytest.fixture(autouse=True)
def _fresh_content_types(request):
    """Transactional tests flush and recreate content types under new ids: forget cached ids around them."""
    from django.contrib.contenttypes.models import ContentType

    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or bool(marker and marker.kwargs.get("transaction"))
    if transactional:
        ContentType.objects.clear_cache()
    yield
    if transactional:
        ContentType.objects.clear_cache()


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
