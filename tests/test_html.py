"""The page-reading helpers of the tests."""

import pytest

from tests import html

PAGE = """<html><head><title>x</title><script>var hidden = "script";</script></head><body>
<h1>L&#x27;offre &amp; ses dates</h1>
<p class="fr-badge fr-badge--success" id="status">Publiée</p><div hidden>caché</div>
<table><tr><td>12,50&nbsp;€</td><td>Jazz<br>au sous-sol</td></tr></table>
<select name="venue"><option value="">Choisir</option>
<option value="3" selected>Salle &quot;Bleue&quot;</option></select>
<input name="price" aria-invalid="true" aria-describedby="id_price-desc-error">
<div id="id_price-desc-error"><ul><li>Le prix est trop élevé.</li><li>Autre</li></ul></div>
<p id="id_name-desc-error">Titre requis</p>
</body></html>"""


def test_visible_text_decodes_entities_and_skips_scripts_and_hidden_elements():
    text = html.visible_text(PAGE)
    assert "L'offre & ses dates" in text and "12,50 €" in text and "Jazz au sous-sol" in text
    assert "script" not in text and "caché" not in text and "<" not in text


def test_elements_by_selector():
    assert html.element(PAGE, "#status").text == "Publiée"
    assert html.element(PAGE, "p.fr-badge--success").get("id") == "status"
    assert html.texts(PAGE, "td") == ["12,50 €", "Jazz au sous-sol"]
    assert html.visible_text(PAGE, "select[name=venue] option[selected]") == 'Salle "Bleue"'
    with pytest.raises(AssertionError):
        html.element(PAGE, "p")  # two paragraphs
    assert html.texts(PAGE, "table td") == html.texts(PAGE, "td")
    with pytest.raises(ValueError):
        html.element(PAGE, "table > td")  # no child combinator


def test_options_and_field_errors():
    assert html.options(PAGE, "venue") == [("", "Choisir"), ("3", 'Salle "Bleue"')]
    assert html.selected_option(PAGE, "venue") == "3"
    assert html.field_errors(PAGE, "price") == ["Le prix est trop élevé.", "Autre"]
    assert html.field_errors(PAGE, "name") == ["Titre requis"]
    assert html.field_errors(PAGE, "other") == []
    assert html.is_invalid(PAGE, "price")
