"""docs/domain/bookings.md in a real Chromium: a young person books a concert in Duo, cancels, books again; the venue
is told; the pro follows the booking, exports it and validates the countermark at the Guichet."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from passculture.bookings.models import Booking
from passculture.core.models import StoredEmail
from passculture.offers.models import Offer, OfferValidation, Stock
from tests.browser.helpers import log_in, young_log_in
from tests.factories import BeneficiaryFactory, MembershipFactory, OffererFactory, UserFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VENUE_MAILBOX = "billetterie@le-petit-bain.fr"


@pytest.fixture
def world():
    offerer = OffererFactory(name="Le Petit Bain Démo")
    pro = UserFactory(email="direction@le-petit-bain.fr")
    MembershipFactory(user=pro, offerer=offerer)
    # In Paris 13e, near the young person's home (75011): the catalogue opens around it.
    venue = VenueFactory(
        offerer=offerer, name="Le Petit Bain", booking_email=VENUE_MAILBOX, postal_code="75013",
        latitude=Decimal("48.83380"), longitude=Decimal("2.37700"),
    )  # fmt: skip
    concert = Offer.objects.create(
        venue=venue, subcategory_id="CONCERT", name="Quartet de la Seine", is_duo=True,
        validation=OfferValidation.APPROVED, extra_data={"music_type": "JAZZ_BLUES"},
    )  # fmt: skip
    start = timezone.now() + datetime.timedelta(days=6)
    Stock.objects.create(
        offer=concert, price_cents=1200, quantity=30, beginning_datetime=start, booking_limit_datetime=start
    )
    young = BeneficiaryFactory(email="lou@example.net")
    return {"pro": pro, "young": young, "concert": concert, "start": start}


def book_in_duo(page):
    page.goto("/catalogue/")
    page.get_by_label("Rechercher une offre").fill("Quartet de la Seine")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Quartet de la Seine").click()
    page.get_by_text("2 places (Duo)").click()
    page.get_by_role("button", name="Réserver").click()


def test_book_cancel_book_again_then_validate_at_the_desk(page, world, tmp_path):
    young_log_in(page, world["young"].email)

    # Book in Duo: the countermark and its QR code are shown.
    book_in_duo(page)
    first = Booking.objects.get(user=world["young"])
    expect(page.get_by_text(first.token).first).to_be_visible()
    expect(page.locator("svg[role='img']").first).to_be_visible()
    page.goto("/catalogue/mon-credit/")
    expect(page.locator(".pc-credit-remaining")).to_have_text(re.compile(r"476,00"))

    # Cancel within 48 hours: the credit comes back.
    page.goto("/catalogue/reservations/")
    page.get_by_role("link", name=re.compile("Annuler")).first.click()
    page.get_by_role("button", name="Oui, annuler ma réservation").click()
    expect(page.get_by_text(re.compile("recrédités")).first).to_be_visible()
    page.goto("/catalogue/mon-credit/")
    expect(page.locator(".pc-credit-remaining")).to_have_text(re.compile(r"500,00"))

    # Book again.
    book_in_duo(page)
    second = Booking.objects.get(user=world["young"], status="CONFIRMED")
    assert second.quantity == 2 and second.token != first.token

    # The venue's booking mailbox received the booking and the cancellation notices.
    subjects = list(StoredEmail.objects.filter(to__contains=VENUE_MAILBOX).values_list("subject", flat=True))
    assert sum("Nouvelle réservation" in s for s in subjects) == 2
    assert sum("annulée" in s for s in subjects) == 1

    # The pro finds the booking in Suivi des réservations and exports it.
    page.context.clear_cookies()
    log_in(page, world["pro"].email)
    page.goto("/reservations/")
    expect(page.get_by_text(second.token).first).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger (CSV)").click()
    exported = tmp_path / "reservations.csv"
    download_info.value.save_as(exported)
    content = exported.read_text(encoding="utf-8-sig")
    assert second.token in content and "Quartet de la Seine" in content

    # Too early at the desk: the cancellation window is still open.
    page.goto("/guichet/")
    page.get_by_label(re.compile("Contremarque")).fill(second.token.lower())
    page.get_by_role("button", name="Vérifier la contremarque").click()
    expect(page.get_by_text(re.compile("Vous pourrez valider cette contremarque à partir du")).first).to_be_visible()

    # Once the window has passed (the clock moves on), the desk validates it once.
    with time_machine.travel(second.cancellation_limit_datetime + datetime.timedelta(minutes=5)):
        page.goto("/guichet/")
        page.get_by_label(re.compile("Contremarque")).fill(second.token)
        page.get_by_role("button", name="Vérifier la contremarque").click()
        expect(page.get_by_text("Vérifiez la pièce d'identité").first).to_be_visible()
        page.get_by_role("button", name="Valider la contremarque").click()
        expect(page.get_by_text(re.compile("validée", re.I)).first).to_be_visible()
        second.refresh_from_db()
        assert second.status == "USED"
        page.goto("/guichet/")
        page.get_by_label(re.compile("Contremarque")).fill(second.token)
        page.get_by_role("button", name="Vérifier la contremarque").click()
        expect(page.get_by_text("Cette contremarque a déjà été validée.").first).to_be_visible()
