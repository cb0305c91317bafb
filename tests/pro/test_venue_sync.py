"""« Synchroniser des offres » on a venue: preview, import, runs with their refused lines, pause, unlink."""

import pytest
from django.urls import reverse

from passculture.connectors.allocine.fake import DEMO_THEATER_ID, UNKNOWN_THEATER_ID
from passculture.connectors.stocks.fake import DEMO_SIRET
from passculture.offers.models import Offer
from passculture.providers import services
from passculture.providers.models import Provider, SyncRun, VenueProvider
from tests.html import field_errors, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    services.sync_catalogue("titelive")


def form(provider_code, venue_id, action, **extra):
    return {
        "provider": Provider.objects.get(code=provider_code).pk,
        "venue_id_at_provider": venue_id,
        "action": action,
        **extra,
    }


def test_a_bookshop_previews_then_imports(pro_client, venue, catalogue, django_capture_on_commit_callbacks):
    url = reverse("pro:venue-sync", args=[venue.pk])

    page = pro_client.post(url, form("titelive_stocks", DEMO_SIRET, "preview"))

    text = visible_text(page)
    assert "Aperçu de l'import depuis Titelive (Dialogue)" in text
    assert "Les livres scolaires et parascolaires ne sont pas éligibles au pass Culture." in text
    assert "Le Petit Prince" in text
    assert not Offer.objects.exists() and not VenueProvider.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = pro_client.post(url, form("titelive_stocks", DEMO_SIRET, "import"))

    assert response.status_code == 302
    assert Offer.objects.filter(venue=venue, provider_code="titelive_stocks").exists()
    page = pro_client.get(url)
    assert "Synchronisé avec Titelive (Dialogue)" in visible_text(page)
    run = SyncRun.objects.get(venue=venue)
    detail = visible_text(pro_client.get(reverse("pro:sync-run", args=[run.pk])))
    assert "Les livres scolaires et parascolaires ne sont pas éligibles au pass Culture." in detail


def test_an_unknown_theater_is_said_under_its_field(pro_client, venue):
    page = pro_client.post(
        reverse("pro:venue-sync", args=[venue.pk]), form("allocine", UNKNOWN_THEATER_ID, "preview", price="5")
    )
    assert "Allociné ne connaît pas ce cinéma" in " ".join(field_errors(page, "venue_id_at_provider"))


def test_allocine_needs_a_price(pro_client, venue):
    page = pro_client.post(reverse("pro:venue-sync", args=[venue.pk]), form("allocine", DEMO_THEATER_ID, "preview"))
    assert field_errors(page, "price")


def test_pause_resume_and_unlink_after_confirmation(pro_client, venue):
    link = VenueProvider.objects.create(
        venue=venue, provider=Provider.objects.get(code="titelive_stocks"), venue_id_at_provider=DEMO_SIRET
    )
    pro_client.post(reverse("pro:venue-sync-active", args=[link.pk]), {"active": "0"})
    link.refresh_from_db()
    assert not link.is_active
    assert "En pause" in visible_text(pro_client.get(reverse("pro:venue-sync", args=[venue.pk])))

    confirm = pro_client.get(reverse("pro:venue-sync-delete", args=[link.pk]))
    assert "Les offres déjà importées restent en ligne" in visible_text(confirm)
    assert VenueProvider.objects.exists()
    pro_client.post(reverse("pro:venue-sync-delete", args=[link.pk]))
    assert not VenueProvider.objects.exists()


def test_an_imported_offer_shows_its_provider_and_locks_what_it_owns(pro_client, pro, venue, catalogue):
    from passculture.offers import errors as offer_errors
    from passculture.offers import services as offer_services
    from passculture.offers.models import Stock
    from tests.html import element

    link = VenueProvider.objects.create(
        venue=venue, provider=Provider.objects.get(code="titelive_stocks"), venue_id_at_provider=DEMO_SIRET
    )
    services.sync_link(link.pk)
    offer = Offer.objects.filter(venue=venue).first()

    assert "Offre importée depuis Titelive (Dialogue)" in visible_text(
        pro_client.get(reverse("pro:offer-detail", args=[offer.pk]))
    )
    assert element(pro_client.get(reverse("pro:offer-edit", args=[offer.pk])), "#id_name").has("disabled")
    with pytest.raises(offer_errors.ProviderOwned):
        offer_services.offer_update(offer.pk, pro, name="Un autre titre")
    stock = Stock.objects.get(offer=offer)
    offer_services.stock_update(stock.pk, pro, price_cents=100)  # the price stays the pro's
    stock.refresh_from_db()
    assert stock.edited_fields == ["price_cents"]
