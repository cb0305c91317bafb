"""Steps shared by the browser journeys."""

from tests.factories import PASSWORD


def log_in(page, email: str, password: str = PASSWORD):
    page.goto("/connexion/")
    page.get_by_label("Adresse email").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


# The elements drawn over the footer: every footer link, and a grid of points over the footer's visible part, must
# be the footer's own (a card stretched to its column's height once covered the footer and its support link).
# Scrolls the footer into view; returns what covers it ([] when nothing does).
FOOTER_COVERED = """() => {
  const footer = document.querySelector("footer");
  footer.scrollIntoView({block: "end"});
  const box = footer.getBoundingClientRect();
  const points = [...footer.querySelectorAll("a")].map(link => {
    const r = link.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2];
  });
  const top = Math.max(box.top, 0), bottom = Math.min(box.bottom, window.innerHeight);
  for (let y = top + 2; y < bottom; y += 24) {
    for (let x = box.left + 2; x < box.right; x += 24) { points.push([x, y]); }
  }
  const covers = new Set();
  for (const [x, y] of points) {
    if (y < 0 || y >= window.innerHeight || x < 0 || x >= window.innerWidth) continue;
    const hit = document.elementFromPoint(x, y);
    if (hit && !footer.contains(hit)) {
      const classes = String(hit.className || "").trim().split(/\\s+/).filter(Boolean);
      covers.add([hit.tagName.toLowerCase(), ...classes].join("."));
    }
  }
  return [...covers];
}"""


def young_log_in(page, email: str, password: str = PASSWORD):
    """Log a young person in on the young people's own login page."""
    page.goto("/catalogue/connexion/")
    page.get_by_label("Adresse email").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def footer_covered(page) -> list[str]:
    """What is drawn over the footer of the page open in ``page`` (``[]``: nothing)."""
    return page.evaluate(FOOTER_COVERED)
