"""RGAA 4.1 / WCAG 2.1 AA, measured by axe-core in Chromium on every page of the site (README, "Accessibility").

Every page of the authorization matrix's URL list (tests/url_matrix.py) is opened by a visitor who may see it, at
1280 px and at 390 px: axe reports no violation of the WCAG 2.1 A and AA rules, the page never scrolls sideways on a
phone, and nothing is drawn over the footer; the young people's pages too (listed beside the matrix). A URL added to
an app without a line in that list fails tests/test_authorization.py; once it has its line it is audited here
without anything more to write.

The actions of the matrix (POST) are submitted too, and the page they lead to is audited: the Guichet showing a
countermark, a refused form, a page with a confirmation message.
"""

import time
from urllib.parse import urlencode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from tests.browser.helpers import footer_covered
from tests.url_matrix import add_young_people, build_world, site_pages

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

DARK_THEME_APPLIED = "() => document.documentElement.getAttribute('data-fr-theme') === 'dark'"

# Actions that end the visitor's session: their page is the login or catalogue page, audited anyway.
SESSION_ENDS = {"account:logout", "beneficiary:logout"}

# Pages wider than a phone's screen, measured at 390 px: the document must not scroll sideways.
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def world(db):
    return add_young_people(build_world())


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


def axe_violations(page, where: str) -> list[str]:
    """axe's WCAG 2.1 AA violations on the page as it is now, each with the first elements it found."""
    return [
        f"{where} {violation['id']} ({violation['impact']}): "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in page.evaluate(RUN_AXE, WCAG_21_AA)
    ]


def audit(page, label: str) -> list[str]:
    """axe's violations, sideways scrolling and a covered footer of the page open in ``page``, at both widths, and
    axe's violations in the dark theme."""
    found = []
    page.evaluate(AXE_SCRIPT)
    for width, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.evaluate(NEXT_FRAMES)
        found += axe_violations(page, f"{label} [{width}]")
        if width == "phone" and (overflow := page.evaluate(SIDEWAYS)) > 0:
            found.append(f"{label} [{width}] scrolls sideways by {overflow} px")
        if covers := footer_covered(page):
            found.append(f"{label} [{width}] the footer is covered by {covers}")
    page.set_viewport_size(WIDTHS["desktop"])
    # The dark theme (the pages follow the system's, data-fr-scheme="system"): its colours too, on a desktop.
    page.emulate_media(color_scheme="dark")
    page.wait_for_function(DARK_THEME_APPLIED)
    page.evaluate(NEXT_FRAMES)
    found += axe_violations(page, f"{label} [dark]")
    page.emulate_media(color_scheme="light")
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


def test_every_page_meets_wcag_21_aa_at_both_widths(browser, live_server, world, settings):
    settings.PUBLIC_URL = live_server.url
    started = time.monotonic()
    gets, posts = site_pages(world)
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
