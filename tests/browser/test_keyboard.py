"""The offer wizard and the Guichet with the keyboard alone (RGAA 7.3, 10.7, 12.8): every step is reached with Tab,
filled by typing, submitted with Enter, and the focus is visible on each control the pro lands on."""

import re

import pytest
from playwright.sync_api import expect

from passculture.bookings.models import Booking, BookingStatus
from passculture.offers.models import Offer, OfferValidation, OfferValidationRule
from tests.browser.helpers import log_in
from tests.factories import (
    BookingFactory,
    EventStockFactory,
    MembershipFactory,
    ProductFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The focused element's name as a sighted keyboard user identifies it: a field's label, a control's text; and
# whether its focus ring is drawn.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {name: "", visible: false};
  const label = el.labels && el.labels.length ? el.labels[0].innerText : (el.innerText || el.value || "");
  const style = getComputedStyle(el);
  const ring = el.matches(":focus-visible") && (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
    || style.boxShadow !== "none");
  return {name: label.replace(/\\s+/g, " ").trim(), visible: ring};
}"""


def tab_to(page, name: str, *, limit: int = 60) -> None:
    """Press Tab until the control named ``name`` (start of its label or text) has the focus, drawn visibly."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["name"].startswith(name):
            assert focused["visible"], f"the focus on {name!r} is not visible"
            return
    raise AssertionError(f"{name!r} never gets the focus with Tab on {page.url}: {page.evaluate(FOCUSED)}")


def settled(page) -> None:
    """Wait until no htmx request is in flight (a select refreshes the fields that depend on it)."""
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    page.wait_for_load_state("networkidle")


def enter(page) -> None:
    """Enter on the focused control, and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def world():
    OfferValidationRule.objects.update(is_active=False)  # publication goes straight to APPROVED here
    pro = UserFactory(email="libraire@example.net")
    venue = VenueFactory(name="Librairie du Canal", in_paris=True)
    MembershipFactory(user=pro, offerer=venue.offerer)
    ProductFactory()  # "Le Petit Prince", in the book catalogue
    return {"pro": pro, "venue": venue}


def test_an_offer_is_created_and_published_with_the_keyboard_alone(page, world):
    log_in(page, world["pro"].email)
    page.goto("/offres/nouvelle/")
    tab_to(page, "Catégorie")
    page.keyboard.type("Livre")  # a closed select picks the option its typing starts
    types = page.get_by_label("Type d'offre").locator("option", has_text=re.compile("^Livre papier$"))
    expect(types).to_have_count(1)  # the types of the category came (htmx)
    tab_to(page, "Type d'offre")
    page.keyboard.type("Livre papier")
    settled(page)  # the venues that fit the type (htmx)
    expect(page.locator(f"#id_venue option[value='{world['venue'].pk}']")).to_have_count(1)
    tab_to(page, "Lieu")
    page.keyboard.type("Librairie du Canal")
    settled(page)
    expect(page.locator("#id_subcategory")).to_have_value("LIVRE_PAPIER")
    expect(page.locator("#id_venue")).to_have_value(str(world["venue"].pk))
    tab_to(page, "Continuer")
    enter(page)

    tab_to(page, "EAN-13")
    page.keyboard.type(ProductFactory.ean)
    expect(page.get_by_text("Trouvé dans le catalogue")).to_be_visible()
    tab_to(page, "Enregistrer et continuer")
    enter(page)

    tab_to(page, "Prix")
    page.keyboard.type("8,70")
    tab_to(page, "Quantité")
    page.keyboard.type("12")
    enter(page)
    expect(page.get_by_text("Le stock a été enregistré.")).to_be_visible()
    tab_to(page, "Continuer vers le récapitulatif")
    enter(page)
    tab_to(page, "Publier l'offre")
    enter(page)
    expect(page.get_by_text("Elle est visible des jeunes sur le pass Culture.").first).to_be_visible()
    offer = Offer.objects.get(name="Le Petit Prince")
    assert offer.validation == OfferValidation.APPROVED and offer.stocks.get().quantity == 12


def test_a_countermark_is_checked_and_validated_with_the_keyboard_alone(page, world):
    booking = BookingFactory(stock__offer__venue=world["venue"], stock__offer__name="Jazz au Canal")
    log_in(page, world["pro"].email)
    page.goto("/guichet/")
    tab_to(page, "Contremarque")
    page.keyboard.type("zzzzzz")
    enter(page)
    expect(page.get_by_text("Cette contremarque n'a pas été trouvée.")).to_be_visible()
    tab_to(page, "Contremarque")  # back in the field, which says why (aria-describedby)
    expect(page.locator("#id_token")).to_have_attribute("aria-describedby", "id_token-desc-error")
    page.keyboard.press("Control+A")
    page.keyboard.type(booking.token.lower())
    enter(page)
    expect(page.get_by_text("Jazz au Canal")).to_be_visible()
    tab_to(page, "Valider la contremarque")
    enter(page)
    expect(page.get_by_text(f"Contremarque {booking.token} validée")).to_be_visible()
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.USED


def test_the_stocks_table_of_an_offer_scrolls_sideways_with_the_keyboard_on_a_phone(page, world):
    """At 390 px the table of dates is wider than the screen: it takes the focus (named by its caption) and the
    arrow keys scroll it, else a keyboard user never sees the columns on the right (axe scrollable-region-focusable)."""
    stock = EventStockFactory(offer__venue=world["venue"], offer__name="Jazz au Canal", in_ten_days=True)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, world["pro"].email)
    page.goto(f"/offres/{stock.offer.pk}/")
    table = page.get_by_role("table", name="Dates de l'offre")
    assert table.evaluate("table => table.scrollWidth > table.clientWidth")
    expect(table).to_have_attribute("tabindex", "0")  # Chromium would focus it anyway, not every browser does
    tab_to(page, "Dates de l'offre")
    page.keyboard.press("ArrowRight")
    expect(table).not_to_have_js_property("scrollLeft", 0)
    page.set_viewport_size({"width": 1280, "height": 800})  # the whole table fits: no tab stop of its own
    expect(table).not_to_have_attribute("tabindex", "0")
