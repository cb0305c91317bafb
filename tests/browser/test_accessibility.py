"""RGAA 4.1 / WCAG 2.1 AA, measured by axe-core in Chromium on every page of the site (README, "Accessibility").

Every page of the authorization matrix's URL list (tests/url_matrix.py) is opened by a visitor who may see it, at
1280 px and at 390 px: axe reports no violation of the WCAG 2.1 A and AA rules, and the page never scrolls sideways
on a phone. The young people's pages, which the matrix does not hold, are listed here, and every URL of their app
must be. A page added to an app without being audited fails the matrix's test (or the young people's list's,
below); once added to the matrix it is audited here without anything more to write.

The actions of the matrix (POST) are submitted too, and the page they lead to is audited: the Guichet showing a
countermark, a refused form, a page with a confirmation message.
"""

import time
from urllib.parse import urlencode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse

from passculture.bookings.services import booking_create
from tests.factories import BeneficiaryFactory, EventStockFactory, VenueFactory
from tests.url_matrix import (
    OWN_ACCOUNT,
    OWN_SCOPE,
    PUBLIC,
    all_url_names,
    backoffice_requests,
    build_world,
    pro_requests,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
AXE_SCRIPT = Axe().axe_script  # axe-core, as the package ships it
RUN_AXE = "options => axe.run(document, options).then(results => results.violations)"
# Two frames: the page has reacted to a new viewport width (the tables' resize observers have run).
NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"

# The arguments of the public pages whose URL takes some (a link from a mail; an expired or unknown one here).
PUBLIC_ARGS = {
    "account:verify-email": ["lien-inconnu"],
    "account:password-reset-confirm": ["MA", "lien-inconnu"],
}
# Actions that end the visitor's session: their page is the login or catalogue page, audited anyway.
SESSION_ENDS = {"account:logout", "beneficiary:logout"}

# Pages wider than a phone's screen, measured at 390 px: the document must not scroll sideways.
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def young_pages(world) -> tuple[list, list]:
    """The young people's pages (GET, by role) and actions (POST), as (role, url name, url, data)."""
    offer, booking, stock = world["young_offer"], world["young_booking"], world["young_stock"]

    def url(name, *args):
        return reverse(name, args=args)

    gets = [
        ("anonymous", "beneficiary:signup", url("beneficiary:signup"), None),
        ("anonymous", "beneficiary:signup-done", url("beneficiary:signup-done"), None),
        ("anonymous", "beneficiary:resend-verification", url("beneficiary:resend-verification"), None),
        ("anonymous", "beneficiary:login", url("beneficiary:login"), None),
        ("young", "beneficiary:catalogue", url("beneficiary:catalogue"), None),
        ("young", "beneficiary:offer", url("beneficiary:offer", offer.pk), None),
        ("young", "beneficiary:credit", url("beneficiary:credit"), None),
        ("young", "beneficiary:bookings", url("beneficiary:bookings"), None),
        ("young", "beneficiary:booking-detail", url("beneficiary:booking-detail", booking.pk), None),
        ("young", "beneficiary:booking-cancel", url("beneficiary:booking-cancel", booking.pk), None),
    ]
    posts = [
        ("young", "beneficiary:book", url("beneficiary:book", offer.pk), {"stock": stock.pk, "quantity": 1}),
        ("young", "beneficiary:logout", url("beneficiary:logout"), {}),
    ]
    return gets, posts


def audited_pages(world) -> tuple[list, list]:
    """Every page (GET) and action (POST) of the site, each with a role that may open it."""
    gets = [("anonymous", name, reverse(name, args=PUBLIC_ARGS.get(name, [])), None) for name in sorted(PUBLIC)]
    gets += [("member", name, reverse(name), None) for name in sorted(OWN_ACCOUNT | OWN_SCOPE)]
    posts = []
    for name, method, url, data in pro_requests(world):
        (gets if method == "get" else posts).append(("member", name, url, data))
    bo_gets, bo_posts = backoffice_requests(world)
    gets += [("staff", name, reverse(name, args=args), None) for name, args in bo_gets]
    posts += [("staff", name, reverse(name, args=args), data) for name, args, data in bo_posts]
    young_gets, young_posts = young_pages(world)
    return gets + young_gets, posts + young_posts


@pytest.fixture
def world(db):
    world = build_world()
    venue = VenueFactory(public_name="Le Petit Bain", in_paris=True)
    stock = EventStockFactory(offer__venue=venue, offer__name="Quartet de la Seine", in_ten_days=True)
    young = BeneficiaryFactory(email="lou@example.net")
    world["users"]["young"] = young
    world.update(young_offer=stock.offer, young_stock=stock, young_booking=booking_create(young, stock.pk))
    return world


def logged_in_context(browser, live_server, user):
    """A browser context with the user's session cookie (no login form to fill for each role)."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=WIDTHS["desktop"])
    context.set_default_timeout(15_000)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context


def audit(page, label: str) -> list[str]:
    """axe's violations and the sideways scrolling of the page open in ``page``, at both widths."""
    found = []
    page.evaluate(AXE_SCRIPT)
    for width, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.evaluate(NEXT_FRAMES)
        for violation in page.evaluate(RUN_AXE, WCAG_21_AA):
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            found.append(f"{label} [{width}] {violation['id']} ({violation['impact']}): {targets}")
        if width == "phone" and (overflow := page.evaluate(SIDEWAYS)) > 0:
            found.append(f"{label} [{width}] scrolls sideways by {overflow} px")
    page.set_viewport_size(WIDTHS["desktop"])
    return found


SUBMIT = """([url, data, csrf]) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = url;
  for (const [name, values] of Object.entries({...data, csrfmiddlewaretoken: [csrf]})) {
    for (const value of values) {
      const input = document.createElement("input");
      input.type = "hidden"; input.name = name; input.value = value;
      form.appendChild(input);
    }
  }
  document.body.appendChild(form);
  form.submit();
}"""


def submit(page, url: str, data: dict) -> int:
    """Post ``data`` to ``url`` as a form of the current page would, and wait for the page it leads to."""
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == settings.CSRF_COOKIE_NAME)
    values = {name: [str(v) for v in (value if isinstance(value, list) else [value])] for name, value in data.items()}
    with page.expect_navigation() as navigation:
        page.evaluate(SUBMIT, [url, values, csrf])
    return navigation.value.status


def test_every_young_peoples_url_is_audited(world):
    gets, posts = young_pages(world)
    assert {name for _, name, *_ in gets + posts} == all_url_names("beneficiary")


def test_every_page_meets_wcag_21_aa_at_both_widths(browser, live_server, world, settings):
    settings.PUBLIC_URL = live_server.url
    started = time.monotonic()
    gets, posts = audited_pages(world)
    contexts = {
        role: logged_in_context(browser, live_server, world["users"][role])
        for role in ("anonymous", "member", "staff", "young")
    }
    pages = {role: context.new_page() for role, context in contexts.items()}
    violations, audited = [], 0
    for role, name, url, data in gets:
        page, url = pages[role], f"{url}?{urlencode(data)}" if data else url
        head = page.request.head(url)
        if head.status == 405 or "text/html" not in head.headers.get("content-type", ""):
            continue  # an action (its result is audited below) or a file (CSV, XLSX export)
        response = page.goto(url)
        assert response.status == 200, (name, role, response.status)
        violations += audit(page, f"{name} ({role})")
        audited += 1
    for role, name, url, data in posts:
        if name in SESSION_ENDS:
            continue
        page = pages[role]
        status = submit(page, url, data or {})
        assert status < 500, (name, role, status)
        violations += audit(page, f"{name} → {page.url.removeprefix(live_server.url)} ({role})")
        audited += 1
    for context in contexts.values():
        context.close()
    print(f"\naxe audited {audited} page states at 2 widths in {time.monotonic() - started:.1f} s")
    assert violations == [], "\n".join(violations)
