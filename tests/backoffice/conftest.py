import pytest

from passculture.offerers.models import MembershipStatus, OffererStatus
from tests import factories


@pytest.fixture
def new_offerer(db):
    """A structure waiting for activation, with the pro who signed it up as its validated member."""
    offerer = factories.OffererFactory(status=OffererStatus.NEW, name="Librairie des Quais")
    factories.MembershipFactory(offerer=offerer, user=factories.UserFactory(email="requester@example.net"))
    return offerer


@pytest.fixture
def requester(new_offerer):
    return new_offerer.memberships.get().user


@pytest.fixture
def pending_membership(db, offerer):
    """Someone asking to join the (validated) ``offerer``."""
    return factories.MembershipFactory(
        offerer=offerer,
        user=factories.UserFactory(email="newcomer@example.net", first_name="Lou", last_name="Durand"),
        status=MembershipStatus.PENDING,
    )


@pytest.fixture
def superuser_client(client, db):
    admin = factories.StaffFactory(is_superuser=True)
    client.force_login(admin)
    return client
