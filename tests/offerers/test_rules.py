"""The structure's validation status and the attachments, as data."""

import pytest

from passculture.offerers import errors, rules
from passculture.offerers.models import MembershipStatus, OffererStatus


@pytest.mark.parametrize(
    ("status", "actions"),
    [
        (OffererStatus.NEW, {"validate", "hold", "reject", "close"}),
        (OffererStatus.PENDING, {"validate", "hold", "reject", "close"}),
        (OffererStatus.VALIDATED, {"reject", "close"}),
        (OffererStatus.REJECTED, {"close"}),
        (OffererStatus.CLOSED, set()),
    ],
)
def test_the_staff_decisions_each_structure_status_allows(status, actions):
    assert rules.offerer_actions(status) == actions


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("validate", OffererStatus.VALIDATED),
        ("hold", OffererStatus.PENDING),
        ("reject", OffererStatus.REJECTED),
        ("close", OffererStatus.CLOSED),
    ],
)
def test_each_decision_leads_to_its_status(name, target):
    assert rules.OFFERER_STATUS[name].target == target


def test_a_refused_decision_names_the_current_status():
    with pytest.raises(errors.InvalidStatusTransition) as exc_info:
        rules.OFFERER_STATUS.check("validate", OffererStatus.CLOSED, status="Fermée")
    assert "« Fermée »" in exc_info.value.message


@pytest.mark.parametrize(("name", "target"), [("validate", MembershipStatus.VALIDATED), ("reject", "REJECTED")])
def test_only_a_pending_attachment_is_decided(name, target):
    assert rules.MEMBERSHIP_STATUS.available(MembershipStatus.PENDING) == {"validate", "reject"}
    assert rules.MEMBERSHIP_STATUS[name].target == target
    for decided in (MembershipStatus.VALIDATED, MembershipStatus.REJECTED):
        with pytest.raises(errors.MembershipAlreadyDecided):
            rules.MEMBERSHIP_STATUS.check(name, decided)
