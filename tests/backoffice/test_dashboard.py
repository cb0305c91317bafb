import datetime

from django.urls import reverse
from django.utils import timezone

from passculture.offerers.models import Offerer, OffererStatus
from tests import factories

HOME = reverse("backoffice:home")


def test_counts_and_oldest_request(staff_client, new_offerer, pending_membership):
    factories.OffererFactory(status=OffererStatus.PENDING, sirene_check_pending=True)
    Offerer.objects.filter(pk=new_offerer.pk).update(created_at=timezone.now() - datetime.timedelta(days=9))
    response = staff_client.get(HOME)
    assert response.status_code == 200
    queue, attachments = response.context["queue"], response.context["attachments"]
    assert (queue["total"], queue["new"], queue["pending"]) == (2, 1, 1)
    assert queue["late"] == 1
    assert queue["sirene_to_check"] == 1
    assert attachments["total"] == 1
    assert response.context["queue_oldest_age"].days == 9
    assert "9 jours" in response.text
    assert "1 en retard" in response.text
    assert reverse("backoffice:offerer-queue") in response.text
    assert reverse("backoffice:attachment-requests") in response.text


def test_empty_back_office(staff_client):
    response = staff_client.get(HOME)
    assert response.context["queue"]["total"] == 0
    assert response.context["queue_oldest_age"] is None
    assert "Aucune demande en retard" in response.text
