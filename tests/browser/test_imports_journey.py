"""docs/domain/imports.md in a real Chromium: a bookshop links its stock software, previews the import and sees the
school book refused with its reason, imports, and its books are in the young people's catalogue; a cinema links
Allociné at 5,00 € with Duo, imports, and no IMAX or 3D showing appears; a young person books a showing."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from passculture.bookings.models import Booking
from passculture.connectors.allocine.fake import DEMO_THEATER_ID, FakeAllocineClient
from passculture.connectors.stocks.fake import DEMO_SIRET
from passculture.offers.models import Offer, Stock
from passculture.providers import rules, services
from tests.browser.helpers import log_in, young_log_in
from tests.factories import BeneficiaryFactory, MembershipFactory, OffererFactory, UserFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEAR_THE_YOUNG = {"postal_code": "75011", "latitude": Decimal("48.85900"), "longitude": Decimal("2.37900")}


@pytest.fixture
def world():
    services.sync_catalogue("titelive")  # the sample catalogue: what the stock software's EANs are checked against
    offerer = OffererFactory(siren="123456782", name="Cinéma et Librairie Démo")
    pro = UserFactory(email="pro@cinema-librairie.fr")
    MembershipFactory(user=pro, offerer=offerer)
    cinema = VenueFactory(offerer=offerer, siret="12345678200010", name="Cinéma Démo", venue_type="MOVIE",
                          **NEAR_THE_YOUNG)  # fmt: skip
    bookshop = VenueFactory(offerer=offerer, siret=DEMO_SIRET, name="Librairie Démo", **NEAR_THE_YOUNG)
    return {"pro": pro, "cinema": cinema, "bookshop": bookshop, "young": BeneficiaryFactory(email="sam@example.net")}


def test_a_bookshop_and_a_cinema_import_then_a_young_person_books_a_showing(page, world):
    bookshop, cinema = world["bookshop"], world["cinema"]
    log_in(page, world["pro"].email)

    # The bookshop: preview, the school book refused with its reason, nothing published yet; then import.
    page.goto(f"/lieux/{bookshop.pk}/")
    page.get_by_role("link", name="Synchroniser des offres").click()
    page.get_by_label("Fournisseur", exact=True).select_option(label="Titelive (Dialogue)")
    page.get_by_role("button", name="Prévisualiser l'import").click()
    expect(page.get_by_role("heading", name="Aperçu de l'import depuis Titelive (Dialogue)")).to_be_visible()
    school = page.get_by_role("row", name=re.compile("Mathématiques"))
    expect(school).to_contain_text("Les livres scolaires et parascolaires ne sont pas éligibles au pass Culture.")
    assert not Offer.objects.filter(venue=bookshop).exists()
    page.get_by_role("button", name="Importer les offres").click()
    expect(page.get_by_role("heading", name="Synchronisé avec Titelive (Dialogue)")).to_be_visible()
    expect(page.get_by_role("cell", name="Terminée")).to_be_visible()

    # The cinema: Allociné at 5,00 €, Duo; preview, then import.
    page.goto(f"/lieux/{cinema.pk}/synchronisation/")
    page.get_by_label("Fournisseur", exact=True).select_option(label="Allociné")
    page.get_by_label("Identifiant du lieu chez le fournisseur").fill(DEMO_THEATER_ID)
    page.get_by_label("Prix des séances (en euros, Allociné)").fill("5,00")
    expect(page.get_by_label("Accepter les réservations Duo (Allociné)")).to_be_checked()
    page.get_by_role("button", name="Prévisualiser l'import").click()
    expect(page.get_by_role("heading", name="Aperçu de l'import depuis Allociné")).to_be_visible()
    expect(page.get_by_text(re.compile("séances spéciales \\(3D, IMAX, Dolby…\\)")).first).to_be_visible()
    page.get_by_role("button", name="Importer les offres").click()
    expect(page.get_by_role("heading", name="Synchronisé avec Allociné")).to_be_visible()

    showings = Stock.objects.filter(offer__venue=cinema)
    assert showings and {stock.price_cents for stock in showings} == {500}
    assert all(offer.is_duo for offer in Offer.objects.filter(venue=cinema))
    programme = FakeAllocineClient().get_programme(DEMO_THEATER_ID)
    special = {
        rules.allocine_stock_key(entry.movie.id, cinema.siret, showtime.version, showtime.starts_at)
        for entry in programme.movies
        for showtime in entry.showtimes
        if showtime.projection != ("DIGITAL",) or showtime.experience
    }
    assert special and not showings.filter(id_at_provider__in=special).exists()  # no IMAX, no 3D, no Dolby

    # The young person finds the bookshop's books and a showing, and books the showing in Duo.
    page.context.clear_cookies()
    young_log_in(page, world["young"].email)
    page.goto("/catalogue/")
    page.get_by_label("Rechercher une offre").fill("Le Petit Prince")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("link", name="Le Petit Prince")).to_be_visible()
    page.get_by_label("Rechercher une offre").fill("Monte-Cristo")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Le Comte de Monte-Cristo - VF").click()
    page.get_by_text("2 places (Duo)").click()
    page.get_by_role("button", name="Réserver").click()
    booking = Booking.objects.get(user=world["young"])
    expect(page.get_by_text(booking.token).first).to_be_visible()
    assert (booking.quantity, booking.stock.offer.venue_id, booking.unit_price_cents) == (2, cinema.pk, 500)
