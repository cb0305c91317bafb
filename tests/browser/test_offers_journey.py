"""docs/domain/offers.md in Chromium: a pro publishes a concert, a book and a digital offer; young people find the
concert, never the offer of a structure the pass Culture team has not validated yet."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passculture.core.dates import format_datetime
from passculture.offerers.models import Offerer, OffererStatus
from passculture.offers.errors import TypeLocked
from passculture.offers.models import Offer, OfferValidation, OfferValidationRule, Product
from tests.browser.helpers import log_in
from tests.factories import MembershipFactory, OffererFactory, UserFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CONCERT = "Nuit du jazz manouche"
HIDDEN_CONCERT = "Concert fantôme de jazz"
BOOK = {"ean": "9782070612758", "name": "Le Petit Prince", "author": "Antoine de Saint-Exupéry"}
CONCERT_DAYS = (10, 11, 12)


def structure_with_pro(name: str, email: str, venue_name: str, status=OffererStatus.VALIDATED):
    """A structure, its venue near the Salle Pleyel (Paris 8e) and a pro who is a validated member of it."""
    offerer = OffererFactory(name=name, status=status)
    pro = UserFactory(email=email)
    MembershipFactory(user=pro, offerer=offerer)
    venue = VenueFactory(
        offerer=offerer, name=venue_name, postal_code="75008", city="Paris", department_code="75",
        latitude="48.87790", longitude="2.30030",
    )  # fmt: skip
    return pro, venue


@pytest.fixture
def world():
    OfferValidationRule.objects.update(is_active=False)  # publication goes straight to APPROVED here
    pro, venue = structure_with_pro("Cité de la Musique Démo", "programmation@cite-musique.fr", "Salle Pleyel Démo")
    waiting_pro, waiting_venue = structure_with_pro(
        "Structure en attente", "contact@structure-en-attente.fr", "Club en attente", status=OffererStatus.NEW
    )
    Product.objects.create(subcategory_id="LIVRE_PAPIER", **BOOK)  # the book is already in the catalogue
    return {"pro": pro, "venue": venue, "waiting_pro": waiting_pro, "waiting_venue": waiting_venue}


# --- Steps of the pro ------------------------------------------------------------------------------------------


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


def publish(page, expected_message: str) -> None:
    page.get_by_role("link", name="Continuer vers le récapitulatif").click()
    page.get_by_role("button", name="Publier l'offre").click()
    expect(page.get_by_text(expected_message).first).to_be_visible()


def create_jazz_concert(page, venue, name: str, days: tuple[int, ...]) -> None:
    """A Duo concert with one date at 20:30 on each of ``days`` (from today), 40 places at 15 €."""
    choose_type(page, "Musique live (concerts, festivals)", "Concert", venue=venue)
    page.get_by_label("Titre de l'offre").fill(name)
    page.get_by_label("Description").fill("Des soirées de swing avec le quartet Django Démo.")
    page.get_by_label(re.compile("Genre musical")).select_option(label="Jazz, blues")
    page.get_by_text("Accepter les réservations « Duo »").click()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    for day in days:
        page.get_by_label("Date", exact=True).fill((timezone.localdate() + datetime.timedelta(days=day)).isoformat())
        page.get_by_label("Heure", exact=True).fill("20:30")
        page.get_by_label("Prix (en euros)").first.fill("15")
        page.get_by_label("Nombre de places").first.fill("40")
        page.get_by_role("button", name="Ajouter cette date").click()
        expect(page.get_by_text(re.compile("date.*ajoutée|ajoutée", re.I)).first).to_be_visible()


def try_to_change_the_type(page, offer: Offer) -> None:
    """The type select of a validated offer is read-only; a forged change is refused by the server all the same."""
    page.goto(f"/offres/{offer.pk}/modifier/")
    type_select = page.get_by_label("Type d'offre")
    expect(type_select).to_be_disabled()
    expect(type_select).to_have_value(offer.subcategory_id)
    # A user who edits the page's HTML can still send another type.
    type_select.evaluate("select => select.removeAttribute('disabled')")
    type_select.select_option(label="Festival de musique")
    page.get_by_role("button", name="Enregistrer les modifications").click()
    expect(page.locator("#id_subcategory_id-desc-error")).to_have_text(TypeLocked.message)
    expect(page.get_by_text("Les modifications de l'offre ont été enregistrées.")).to_have_count(0)
    # The page shows the offer's own type again, still read-only, not the refused one.
    expect(type_select).to_have_value(offer.subcategory_id)
    expect(type_select).to_be_disabled()


def log_out(page) -> None:
    page.get_by_role("button", name="Se déconnecter").click()


# --- Steps of the young visitor --------------------------------------------------------------------------------


def search(page, *, text: str = "", place: str = "") -> None:
    page.goto("/catalogue/")
    page.get_by_label("Rechercher une offre").fill(text)
    page.get_by_label("Autour de").fill(place)
    page.get_by_role("button", name="Rechercher").click()


def expect_concert_found_without_the_hidden_one(page) -> None:
    expect(page.get_by_role("link", name=CONCERT)).to_be_visible()
    expect(page.get_by_role("link", name=HIDDEN_CONCERT)).to_have_count(0)


# --- The journey -----------------------------------------------------------------------------------------------


def test_pros_publish_offers_and_young_people_only_find_those_of_validated_structures(
    page, world, browser, live_server
):
    log_in(page, world["pro"].email)

    # A concert with Duo and three dates.
    create_jazz_concert(page, world["venue"], CONCERT, CONCERT_DAYS)
    publish(page, "Elle est visible des jeunes sur le pass Culture.")
    concert = Offer.objects.get(name=CONCERT)
    assert concert.validation == OfferValidation.APPROVED and concert.subcategory_id == "CONCERT"
    assert concert.is_duo and concert.stocks.count() == 3

    # Its type can no longer be changed, even by a forged form.
    try_to_change_the_type(page, concert)
    concert.refresh_from_db()
    assert concert.subcategory_id == "CONCERT"

    # A paper book: typing its EAN is enough, the catalogue fills in the title and the author.
    choose_type(page, "Livre", "Livre papier", venue=world["venue"])
    page.get_by_label(re.compile("EAN-13")).press_sequentially(BOOK["ean"])
    expect(page.get_by_text("Trouvé dans le catalogue")).to_be_visible()
    expect(page.get_by_label("Titre de l'offre")).to_have_value(BOOK["name"])
    expect(page.get_by_label("Auteur")).to_have_value(BOOK["author"])
    expect(page.locator("#name-counter")).to_have_text(f"{len(BOOK['name'])}/90 caractères")  # follows the pre-fill
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_label("Prix (en euros)").fill("8,70")
    page.get_by_label("Quantité").fill("12")
    page.get_by_role("button", name="Ajouter le stock").click()
    publish(page, "Elle est visible des jeunes sur le pass Culture.")
    book = Offer.objects.get(name=BOOK["name"])
    assert book.validation == OfferValidation.APPROVED and book.product.ean == BOOK["ean"]
    assert book.extra_data["author"] == BOOK["author"]

    # A digital offer: it goes to the structure's digital venue and is national.
    choose_type(page, "Médias, presse", "Abonnement presse en ligne")
    page.get_by_label("Titre de l'offre").fill("Abonnement Jazz Magazine numérique")
    page.get_by_label("URL d'accès à l'offre").fill("https://jazz-magazine.example/abonnement")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_label("Prix (en euros)").fill("5")
    page.get_by_role("button", name="Ajouter le stock").click()
    publish(page, "Elle est visible des jeunes sur le pass Culture.")
    digital = Offer.objects.get(name="Abonnement Jazz Magazine numérique")
    assert digital.venue.is_virtual and digital.is_national and digital.validation == OfferValidation.APPROVED
    log_out(page)

    # The pro of a structure still awaiting validation publishes a concert nearby: it is approved, yet kept hidden.
    log_in(page, world["waiting_pro"].email)
    create_jazz_concert(page, world["waiting_venue"], HIDDEN_CONCERT, (15,))
    publish(page, "Elle sera visible des jeunes dès la validation de votre structure.")
    hidden = Offer.objects.get(name=HIDDEN_CONCERT)
    assert hidden.validation == OfferValidation.APPROVED and hidden.venue.offerer.status != OffererStatus.VALIDATED
    log_out(page)

    # A young visitor, in a browser of their own, finds the concert by text and by place, never the hidden one.
    visitor = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    search(visitor, text="jazz")
    expect_concert_found_without_the_hidden_one(visitor)
    search(visitor, place="75008")
    expect_concert_found_without_the_hidden_one(visitor)
    search(visitor, text=HIDDEN_CONCERT, place="75008")
    expect(visitor.get_by_role("link", name=HIDDEN_CONCERT)).to_have_count(0)
    assert visitor.goto(f"/catalogue/offres/{hidden.pk}/").status == 404

    # They open the concert: its three dates and Duo are shown.
    search(visitor, text="jazz manouche", place="75008")
    visitor.get_by_role("link", name=CONCERT).click()
    expect(visitor.get_by_role("heading", name=CONCERT)).to_be_visible()
    expect(visitor.get_by_text("Salle Pleyel Démo").first).to_be_visible()
    expect(visitor.get_by_text("Duo", exact=True)).to_be_visible()
    expect(visitor.get_by_role("table").locator("tbody tr")).to_have_count(len(CONCERT_DAYS))
    for stock in concert.stocks.all():
        when = format_datetime(stock.beginning_datetime, concert.venue.timezone)
        expect(visitor.get_by_role("cell", name=when)).to_be_visible()

    # Control: the hidden concert did match those searches; only its structure's status kept it out.
    Offerer.objects.filter(pk=hidden.venue.offerer_id).update(status=OffererStatus.VALIDATED)
    search(visitor, text="jazz", place="75008")
    expect(visitor.get_by_role("link", name=HIDDEN_CONCERT)).to_be_visible()
    visitor.context.close()
