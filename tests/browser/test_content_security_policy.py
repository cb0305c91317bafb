"""The Content-Security-Policy (core/security.py) blocks nothing the pages need: the main pages of the three sides
and /api/docs load with no violation in the console and nothing from another site."""

import pytest
from playwright.sync_api import expect

from passculture.bookings import services as booking_services
from passculture.offerers.services import apikey_create
from tests.browser.helpers import log_in
from tests.factories import (
    BeneficiaryFactory,
    EventOfferFactory,
    EventStockFactory,
    MembershipFactory,
    StaffFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def watched(page, live_server):
    """The page, and what went wrong on it: console errors (CSP violations among them) and foreign requests."""
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    # Every violation the page reports, inline styles included (Playwright's init scripts are not subject to the CSP).
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', (e) => (window.__violations = window.__violations || [])"
        ".push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"
    )
    page.on(
        "request",
        lambda request: (
            problems.append("foreign request " + request.url)
            if not request.url.startswith((live_server.url, "data:", "blob:"))
            else None
        ),
    )
    return page, problems


def visit(page, problems, urls):
    for url in urls:
        response = page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__violations || []") == [], url
        assert problems == [], f"{url}: {problems}"


def test_pro_pages_run_under_the_policy(watched):
    page, problems = watched
    pro = UserFactory(email="direction@salle-demo.fr")
    offerer = MembershipFactory(user=pro).offerer
    venue = VenueFactory(offerer=offerer, name="Salle Démo")
    offer = EventOfferFactory(venue=venue, name="Quartet")
    stock = EventStockFactory(offer=offer)
    booking_services.booking_create(BeneficiaryFactory(), stock.pk)
    log_in(page, pro.email)
    visit(
        page,
        problems,
        ["/", "/offres/", f"/offres/{offer.pk}/modifier/", "/reservations/", "/guichet/", f"/billets/{stock.pk}/"],
    )

    # The title counter, once an inline script, counts as the pro types.
    page.goto(f"/offres/{offer.pk}/modifier/")
    page.locator("[data-counter]").fill("Quartet de jazz")
    expect(page.locator("#name-counter [data-count]")).to_have_text("15")

    # The print button, once an onclick attribute, prints.
    page.goto(f"/billets/{stock.pk}/")
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Imprimer").click()
    assert page.evaluate("window.printed") is True
    assert problems == []


def test_a_new_api_key_is_selected_on_focus(watched):
    page, problems = watched
    pro = UserFactory(email="direction@salle-demo.fr")
    offerer = MembershipFactory(user=pro).offerer
    apikey_create(offerer, "tests", label="Ancienne")
    log_in(page, pro.email)
    visit(page, problems, [f"/structures/{offerer.pk}/cles-api/"])
    page.locator("main form input[name='label']").fill("Billetterie")
    page.get_by_role("button", name="Créer une clé").click()
    key = page.locator("#new-api-key")
    key.focus()
    selected = page.evaluate(
        "(input) => input.value.substring(input.selectionStart, input.selectionEnd)", key.element_handle()
    )
    assert selected == key.input_value() != ""
    assert problems == []


def test_beneficiary_and_back_office_pages_and_the_api_docs_run_under_the_policy(watched):
    page, problems = watched
    young = BeneficiaryFactory(email="lou@example.net")
    log_in(page, young.email)
    visit(page, problems, ["/catalogue/", "/catalogue/reservations/", "/catalogue/mon-credit/"])
    page.context.clear_cookies()
    log_in(page, StaffFactory(email="support@passculture.app").email)
    visit(page, problems, ["/backoffice/", "/backoffice/structures/a-valider/", "/backoffice/offres/a-valider/"])
    visit(page, problems, ["/api/docs"])
    expect(page.locator(".swagger-ui .info .title").first).to_be_visible()
    assert problems == []
