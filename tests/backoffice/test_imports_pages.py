"""Staff pages of the catalogue imports: providers, venue links, runs with their problems."""

import pytest
from django.urls import reverse

from passculture.providers.models import Provider, SyncProblem, SyncRun, VenueProvider
from tests.factories import VenueFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def test_staff_find_the_runs_with_problems_and_their_reasons(staff_client):
    venue = VenueFactory(name="Librairie des Canuts")
    provider = Provider.objects.get(code="titelive_stocks")
    link = VenueProvider.objects.create(venue=venue, provider=provider, venue_id_at_provider=venue.siret)
    clean = SyncRun.objects.create(provider=provider, venue_provider=link, venue=venue, status="SUCCESS", created=3)
    refused = SyncRun.objects.create(provider=provider, venue_provider=link, venue=venue, status="SUCCESS", refused=1)
    message = "Les livres scolaires et parascolaires ne sont pas éligibles au pass Culture."
    SyncProblem.objects.create(run=refused, line_number=2, item="Maths 3e", code="school_book", message=message)

    runs = staff_client.get(reverse("backoffice:sync-runs"), {"problemes": "1"})
    assert reverse("backoffice:sync-run", args=[refused.pk]) in runs.content.decode()
    assert reverse("backoffice:sync-run", args=[clean.pk]) not in runs.content.decode()
    detail = visible_text(staff_client.get(reverse("backoffice:sync-run", args=[refused.pk])))
    assert "Maths 3e" in detail and "ne sont pas éligibles" in detail
    links = visible_text(staff_client.get(reverse("backoffice:provider-links"), {"fournisseur": "titelive_stocks"}))
    assert "Librairie des Canuts" in links
    assert "Titelive (Dialogue)" in visible_text(staff_client.get(reverse("backoffice:providers")))
