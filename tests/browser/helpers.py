"""Steps shared by the browser journeys."""

from tests.factories import PASSWORD


def log_in(page, email: str, password: str = PASSWORD):
    page.goto("/connexion/")
    page.get_by_label("Adresse email").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def young_log_in(page, email: str, password: str = PASSWORD):
    page.goto("/catalogue/connexion/")
    page.get_by_label("Adresse email").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
