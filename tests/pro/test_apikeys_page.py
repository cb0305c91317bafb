"""The API keys page of a structure: list by prefix, create (the clear key shown once), revoke, at most five."""

import pytest
from django.urls import reverse

from passculture.core.models import AuditLogEntry
from passculture.offerers import services as offerer_services
from passculture.offerers.models import ApiKey
from tests.factories import OffererFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


class TestList:
    def test_keys_are_listed_by_prefix_never_by_secret(self, pro_client, pro, offerer):
        key, clear = offerer_services.apikey_create(offerer, pro, "Billetterie")
        offerer_services.apikey_revoke(offerer_services.apikey_create(offerer, pro, "Ancienne")[0].pk, pro)
        response = pro_client.get(reverse("pro:apikeys", args=[offerer.pk]))
        html = page(response)
        assert response.status_code == 200
        assert f"{key.prefix}…" in html and "Billetterie" in html and "Jamais" in html
        assert "Ancienne" in html and "Révoquée le" in html
        assert clear not in html and key.secret_hash not in html
        assert "1 clé active sur 5" in html

    def test_another_structure_is_not_found(self, pro_client):
        other = OffererFactory()
        assert pro_client.get(reverse("pro:apikeys", args=[other.pk])).status_code == 404
        assert pro_client.post(reverse("pro:apikey-create", args=[other.pk]), {"label": "x"}).status_code == 404
        assert not ApiKey.objects.exists()


class TestCreate:
    def test_the_clear_key_is_shown_once(self, pro_client, pro, offerer):
        response = pro_client.post(reverse("pro:apikey-create", args=[offerer.pk]), {"label": "Logiciel X"})
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        clear = response.context["clear_key"]
        html = page(response)
        assert clear in html
        assert "Elle ne sera plus jamais affichée" in html and "copiez-la" in html.lower()
        key = offerer_services.apikey_authenticate(clear)
        assert key is not None and (key.offerer, key.label, key.created_by) == (offerer, "Logiciel X", pro)
        assert clear not in page(pro_client.get(reverse("pro:apikeys", args=[offerer.pk])))
        assert AuditLogEntry.objects.filter(action="apikey.created", actor=pro).exists()

    def test_a_label_is_required(self, pro_client, offerer):
        response = pro_client.post(reverse("pro:apikey-create", args=[offerer.pk]), {"label": ""})
        assert "Donnez un nom à la clé." in page(response)
        assert not ApiKey.objects.exists()

    def test_at_most_five_active_keys(self, pro_client, pro, offerer):
        for index in range(5):
            offerer_services.apikey_create(offerer, pro, f"Clé {index}")
        response = pro_client.post(reverse("pro:apikey-create", args=[offerer.pk]), {"label": "Sixième"})
        assert response.status_code == 200
        assert "Une structure peut avoir 5 clés d'API actives au maximum" in visible_text(response)
        assert response.context["clear_key"] is None
        assert ApiKey.objects.count() == 5


class TestRevoke:
    def test_confirmation_then_revocation(self, pro_client, pro, offerer):
        key, clear = offerer_services.apikey_create(offerer, pro, "Billetterie")
        url = reverse("pro:apikey-revoke", args=[key.pk])
        html = page(pro_client.get(url))
        assert "Confirmez la révocation" in html and key.prefix in html
        assert ApiKey.objects.get(pk=key.pk).revoked_at is None
        response = pro_client.post(url, follow=True)
        assert response.redirect_chain == [(reverse("pro:apikeys", args=[offerer.pk]), 302)]
        assert "a été révoquée" in page(response)
        assert offerer_services.apikey_authenticate(clear) is None
        assert AuditLogEntry.objects.filter(action="apikey.revoked", actor=pro).exists()
        response = pro_client.post(url, follow=True)
        assert "Cette clé d'API est déjà révoquée." in visible_text(response)
        response = pro_client.get(url, follow=True)
        assert "Cette clé d'API est déjà révoquée." in visible_text(response)

    def test_another_structure_key_is_not_found(self, pro_client, user):
        key, clear = offerer_services.apikey_create(OffererFactory(), user, "Leur clé")
        url = reverse("pro:apikey-revoke", args=[key.pk])
        assert pro_client.get(url).status_code == 404
        assert pro_client.post(url).status_code == 404
        assert offerer_services.apikey_authenticate(clear) is not None
