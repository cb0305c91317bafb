"""Every form error of the site is tied to its field, and the page's title says there is an error (RGAA 11.10, 8.6).

The test walks every page of the site (tests/url_matrix.py) as a visitor who may open it, submits each of its data
forms (a form with a field to fill) empty, and reads the page that answers: each error shown under a field is the
description (``aria-describedby``) of a field marked ``aria-invalid``, each field marked invalid is described by a
text that is on the page, and the title starts with "Erreur : ". A form added later is walked without anything to
write here.
"""

from django.test import Client

from tests import html
from tests.url_matrix import add_young_people, build_world, site_pages

FILLED_BY_HAND = ("input", "select", "textarea")
NOT_FILLED = {"hidden", "submit", "button", "reset", "image"}


def data_forms(document):
    """The POST forms of a page with at least one field to fill, and the values of their hidden fields."""
    for form in document.select("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        fields = [el for el in form.iter() if el.tag in FILLED_BY_HAND and el.get("name")]
        if any(el.tag != "input" or (el.get("type") or "text") not in NOT_FILLED for el in fields):
            hidden = {el.get("name"): el.get("value") or "" for el in fields if el.get("type") == "hidden"}
            yield form.get("action"), hidden


def untied_errors(document) -> list[str]:
    """Errors under a field that describe no field marked invalid, and invalid fields described by no text."""
    fields = [el for el in document.iter() if el.tag in FILLED_BY_HAND]
    invalid = [el for el in fields if el.get("aria-invalid") == "true"]
    described = {ref for el in invalid for ref in (el.get("aria-describedby") or "").split()}
    ids = {el.get("id"): el for el in document.iter() if el.get("id")}
    problems = []
    for el in document.iter():
        if "fr-error-text" in el.classes or (el.get("id") or "").endswith("-desc-error"):
            owners, node = [], el  # the error and its ancestors: one of them is a field's description
            while node is not None:
                owners.append(node.get("id"))
                node = node.parent
            if not described.intersection(owners):
                problems.append(f"error not tied to a field: {el.text!r}")
    for el in invalid:
        texts = [ids[ref].text for ref in (el.get("aria-describedby") or "").split() if ref in ids]
        if not any(texts):
            problems.append(f"invalid field {el.get('name')!r} described by no text")
    return problems


def test_every_form_error_is_tied_to_its_field(db):
    world = add_young_people(build_world())
    gets, posts = site_pages(world)
    # An action's URL may also be a page (the Guichet is one URL: its form, and the countermark checked).
    pages = gets + [(role, name, url, None) for role, name, url, _ in posts]
    clients: dict[str, Client] = {}
    walked, problems = 0, []
    for role, name, url, query in pages:
        if role not in clients:
            clients[role] = Client()
            if world["users"][role]:
                clients[role].force_login(world["users"][role])
        client = clients[role]
        page = client.get(url, query or {})
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        for action, hidden in data_forms(html.parse(page)):
            answer = client.post(action or url, hidden)
            if answer.status_code not in (200, 400, 404, 422) or "text/html" not in answer.get("Content-Type", ""):
                continue  # accepted (a redirect), or a file
            document = html.parse(answer)
            shown = [el for el in document.iter() if el.get("aria-invalid") == "true"]
            if not shown:
                continue
            walked += 1
            found = untied_errors(document)
            title = document.select_one("title").text
            if not title.startswith("Erreur : "):
                found.append(f"title without 'Erreur : ': {title!r}")
            problems += [f"{name} ({role}) → {action or url}: {problem}" for problem in found]
    assert problems == [], "\n".join(problems)
    assert walked >= 25  # the walk reached the forms (a broken walk would pass vacuously)
