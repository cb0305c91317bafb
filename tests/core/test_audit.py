"""The audit log records who did what to what; staff read it as the trail of an object."""

import pytest

from passculture.core.audit import audit_trail, log_action
from passculture.core.models import AuditLogEntry
from tests import factories

pytestmark = pytest.mark.django_db


class TestLogAction:
    def test_with_a_user(self, user, offerer):
        entry = log_action(user, "offerer.validated", offerer, {"before": "NEW", "after": "VALIDATED"})
        entry.refresh_from_db()
        assert entry.actor == user
        assert entry.actor_label == user.email
        assert entry.action == "offerer.validated"
        assert entry.target_id == str(offerer.pk)
        assert entry.target_type.model_class() is type(offerer)
        assert entry.target_label == str(offerer)
        assert entry.data == {"before": "NEW", "after": "VALIDATED"}

    def test_with_a_label(self, offerer):
        entry = log_action("AUTO", "booking.auto_used", offerer)
        assert entry.actor is None
        assert entry.actor_label == "AUTO"

    def test_by_the_system(self):
        entry = log_action(None, "job.run")
        entry.refresh_from_db()
        assert entry.actor is None
        assert entry.actor_label == "système"
        assert entry.target_type is None
        assert entry.target_id == ""
        assert entry.data == {}

    def test_long_target_label_is_cut(self, offerer):
        offerer.name = "x" * 300  # not saved: only str(target) matters
        entry = log_action(None, "offerer.renamed", offerer)
        assert len(entry.target_label) == 255

    def test_entry_survives_the_deletion_of_its_actor(self, user):
        entry = log_action(user, "user.signup", user)
        user_email = user.email
        user.delete()
        entry.refresh_from_db()
        assert entry.actor is None
        assert entry.actor_label == user_email


class TestAuditTrail:
    def test_only_the_target_newest_first(self, user, staff):
        offerer = factories.OffererFactory()
        other = factories.OffererFactory()
        first = log_action(user, "offerer.created", offerer)
        log_action(user, "offerer.created", other)
        log_action(None, "unrelated")
        second = log_action(staff, "offerer.validated", offerer)

        trail = list(audit_trail(offerer))

        assert trail == [second, first]
        assert [entry.actor for entry in trail] == [staff, user]

    def test_targets_of_different_models_with_the_same_id_are_apart(self, offerer):
        venue = factories.VenueFactory(offerer=offerer)
        user = factories.UserFactory()
        log_action(None, "on.offerer", offerer)
        log_action(None, "on.venue", venue)
        log_action(None, "on.user", user)
        assert [e.action for e in audit_trail(venue)] == ["on.venue"]
        assert AuditLogEntry.objects.count() == 3
