import pytest

from tests import factories


@pytest.fixture
def new_offerer(db):
    """A structure waiting for activation, with the pro who signed it up as its validated member."""
    offerer = factories.OffererFactory(awaiting_validation=True, name="Librairie des Quais")
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
        pending=True,
    )


@pytest.fixture
def superuser_client(client, db):
    admin = factories.StaffFactory(superuser=True)
    client.force_login(admin)
    return client
