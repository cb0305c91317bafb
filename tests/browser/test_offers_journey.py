"""Guide step 5 in a real Chromium: a pro publishes a concert, a book and a digital offer; young people find them."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passculture.offerers.models import OffererStatus
from passculture.offers.models import Offer, OfferValidation, OfferValidationRule, Stock
from tests.browser.test_onboarding_journey import log_in
from tests.factories import MembershipFactory, OffererFactory, UserFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def world():
    OfferValidationRule.objects.update(is_active=False)  # publication goes straight to APPROVED here
    offerer = OffererFactory(name="Cité de la Musique Démo")
    pro = UserFactory(email="programmation@cite-musique.fr")
    MembershipFactory(user=pro, offerer=offerer)
    venue = VenueFactory(
        offerer=offerer, name="Salle Pleyel Démo", postal_code="75008", city="Paris", department_code="75",
        latitude="48.87790", longitude="2.30030",
    )  # fmt: skip
    waiting = OffererFactory(name="Structure en attente", status=OffererStatus.NEW)
    hidden = Offer.objects.create(
        venue=VenueFactory(offerer=waiting, latitude="48.87", longitude="2.30"),
        subcategory_id="CONCERT", name="Concert fantôme de jazz", validation=OfferValidation.APPROVED,
        extra_data={"music_type": "JAZZ_BLUES"},
    )  # fmt: skip
    start = timezone.now() + datetime.timedelta(days=20)
    Stock.objects.create(
        offer=hidden, price_cents=1000, quantity=10, beginning_datetime=start, booking_limit_datetime=start
    )
    return {"pro": pro, "offerer": offerer, "venue": venue}


def choose_type(page, category: str, subcategory: str, venue=None):
    page.goto("/offres/nouvelle/")
    page.get_by_label("Catégorie", exact=True).select_option(label=category)
    options = page.get_by_label("Type d'offre").locator("option", has_text=re.compile(f"^{re.escape(subcategory)}$"))
    expect(options).to_have_count(1)  # the htmx refresh of the subcategories has happened
    page.get_by_label("Type d'offre").select_option(label=subcategory)
    if venue:
        page.wait_for_load_state("networkidle")  # the venue list follows the type (htmx)
        expect(page.locator(f"#id_venue option[value='{venue.pk}']")).to_have_count(1)
        page.locator("#id_venue").select_option(value=str(venue.pk))
    page.get_by_role("button", name="Continuer").click()


def test_a_pro_publishes_three_kinds_of_offer_and_young_people_find_the_concert(page, world):
    log_in(page, world["pro"].email)

    # A concert with Duo and three dates.
    choose_type(page, "Musique live (concerts, festivals)", "Concert", venue=world["venue"])
    page.get_by_label("Titre de l'offre").fill("Nuit du jazz manouche")
    page.get_by_label("Description").fill("Trois soirées de swing avec le quartet Django Démo.")
    page.get_by_label(re.compile("Genre musical")).select_option(label="Jazz, blues")
    page.get_by_text("Accepter les réservations « Duo »").click()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    for days in (10, 11, 12):
        day = (timezone.localdate() + datetime.timedelta(days=days)).isoformat()
        page.get_by_label("Date", exact=True).fill(day)
        page.get_by_label("Heure", exact=True).fill("20:30")
        page.get_by_label("Prix (en euros)").first.fill("15")
        page.get_by_label("Nombre de places").first.fill("40")
        page.get_by_role("button", name="Ajouter cette date").click()
        expect(page.get_by_text(re.compile("date.*ajoutée|ajoutée", re.I)).first).to_be_visible()
    page.get_by_role("link", name="Continuer vers le récapitulatif").click()
    page.get_by_role("button", name="Publier l'offre").click()
    concert = Offer.objects.get(name="Nuit du jazz manouche")
    assert concert.validation == OfferValidation.APPROVED
    assert concert.is_duo and concert.stocks.count() == 3

    # The type of a validated offer cannot be changed.
    page.goto(f"/offres/{concert.pk}/modifier/")
    expect(page.get_by_text("Le type d'offre ne peut plus être modifié une fois l'offre validée").first).to_be_visible()

    # A paper book by its EAN.
    choose_type(page, "Livre", "Livre papier", venue=world["venue"])
    page.get_by_label("Titre de l'offre").fill("Le Petit Prince")
    page.get_by_label(re.compile("EAN-13")).fill("9782070612758")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_label("Prix (en euros)").fill("8,70")
    page.get_by_label("Quantité").fill("12")
    page.get_by_role("button", name="Ajouter le stock").click()
    page.get_by_role("link", name="Continuer vers le récapitulatif").click()
    page.get_by_role("button", name="Publier l'offre").click()
    assert Offer.objects.get(name="Le Petit Prince").validation == OfferValidation.APPROVED

    # A digital offer: it goes to the structure's digital venue and is national.
    choose_type(page, "Médias, presse", "Abonnement presse en ligne")
    page.get_by_label("Titre de l'offre").fill("Abonnement Jazz Magazine numérique")
    page.get_by_label("URL d'accès à l'offre").fill("https://jazz-magazine.example/abonnement")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_label("Prix (en euros)").fill("5")
    page.get_by_role("button", name="Ajouter le stock").click()
    page.get_by_role("link", name="Continuer vers le récapitulatif").click()
    page.get_by_role("button", name="Publier l'offre").click()
    digital = Offer.objects.get(name="Abonnement Jazz Magazine numérique")
    assert digital.venue.is_virtual and digital.is_national and digital.validation == OfferValidation.APPROVED

    # Young people find the concert by text…
    page.goto("/catalogue/")
    page.get_by_label("Rechercher une offre").fill("jazz manouche")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("link", name="Nuit du jazz manouche")).to_be_visible()
    expect(page.get_by_role("link", name="Concert fantôme de jazz")).to_have_count(0)

    # …and by place, then open it.
    page.goto("/catalogue/")
    page.get_by_label("Rechercher une offre").fill("")
    page.get_by_label("Autour de").fill("75008")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("link", name="Nuit du jazz manouche")).to_be_visible()
    expect(page.get_by_role("link", name="Concert fantôme de jazz")).to_have_count(0)
    page.get_by_role("link", name="Nuit du jazz manouche").click()
    expect(page.get_by_role("heading", name="Nuit du jazz manouche")).to_be_visible()
    expect(page.get_by_text("Salle Pleyel Démo").first).to_be_visible()
    expect(page.get_by_text("Duo").first).to_be_visible()

    # The offer of a structure awaiting validation never appears, even by its exact name.
    page.goto("/catalogue/?text=Concert+fant%C3%B4me+de+jazz")
    expect(page.get_by_role("link", name="Concert fantôme de jazz")).to_have_count(0)
