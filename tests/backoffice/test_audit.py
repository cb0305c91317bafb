from django.urls import reverse

from passculture.core.audit import log_action
from tests import factories
from tests.html import links

AUDIT = reverse("backoffice:audit")


def test_lists_entries_newest_first_with_links(staff_client, staff, offerer, pro):
    log_action(staff, "offerer.validated", offerer, {"before": "NEW", "after": "VALIDATED"})
    log_action(pro, "venue.created", offerer, {"siret": "12345678200010"})
    log_action("AUTO", "bookings.auto_used", None, {"count": 3})
    response = staff_client.get(AUDIT)
    assert response.status_code == 200
    text = response.text
    assert (
        text.index("<code>bookings.auto_used</code>")
        < text.index("<code>venue.created</code>")
        < text.index("<code>offerer.validated</code>")
    )
    assert reverse("backoffice:offerer-detail", args=[offerer.pk]) in text
    assert reverse("backoffice:user-detail", args=[staff.pk]) in text
    assert "AUTO" in text
    assert "3 entrée(s)" in text


def test_filter_by_action_prefix(staff_client, staff, offerer):
    log_action(staff, "offerer.validated", offerer)
    log_action(staff, "offerer.rejected", offerer)
    log_action(staff, "membership.validated", offerer)
    response = staff_client.get(AUDIT, {"action": "offerer."})
    actions = [entry.action for entry in response.context["page"]]
    assert sorted(actions) == ["offerer.rejected", "offerer.validated"]


def test_filter_by_actor_email(staff_client, staff, offerer, pro):
    log_action(staff, "offerer.validated", offerer)
    log_action(pro, "venue.created", offerer)
    response = staff_client.get(AUDIT, {"acteur": pro.email.upper()})
    assert [entry.actor for entry in response.context["page"]] == [pro]


def test_paginated_and_filters_kept(staff_client, staff, offerer):
    for _ in range(60):
        log_action(staff, "offerer.viewed", offerer)
    response = staff_client.get(AUDIT, {"action": "offerer."})
    assert len(response.context["page"].object_list) == 50
    assert any("action=offerer.&page=2" in href for href in links(response))


def test_query_count_does_not_grow(staff_client, django_assert_max_num_queries, offerer):
    for _ in range(20):
        log_action(factories.UserFactory(), "venue.created", offerer)
    with django_assert_max_num_queries(5):
        staff_client.get(AUDIT)
