"""The text input rules (core/inputs.py, docs/domain/README.md#text-inputs) and the bounds of the stored texts."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from passculture.core.inputs import (
    CONTROL_CHARACTERS_MESSAGE,
    LINE_BREAKS_MESSAGE,
    ControlCharactersValidator,
    check_text,
    without_control_characters,
)

# Text columns without a maximum length, and why: none of them holds what a person typed into a form or an API.
UNBOUNDED_TEXTS = {
    # Written by the mail path from the templates of the project (recipients joined by commas, bodies rendered).
    "core.StoredEmail.to": "the recipients of one mail, built by the mail path",
    "core.StoredEmail.body_text": "a mail rendered from the project's templates",
    "core.StoredEmail.body_html": "a mail rendered from the project's templates",
    # Written by a sync from its own coded refusals and failures, never typed by a person.
    "providers.SyncRun.message": "the outcome of a sync, written by the sync",
    "providers.SyncProblem.message": "the French reason of a refused line, from the import's refusal codes",
}


def text_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("passculture."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField):
                yield f"{model._meta.app_label}.{model.__name__}.{field.name}", field


def test_every_stored_text_has_a_maximum_length_or_a_reason_not_to():
    unbounded = [name for name, field in text_fields() if field.max_length is None and name not in UNBOUNDED_TEXTS]
    assert unbounded == [], "give these a max_length (and their form fields the same), or a reason in UNBOUNDED_TEXTS"
    listed = {name for name, _ in text_fields()}
    assert set(UNBOUNDED_TEXTS) <= listed, "UNBOUNDED_TEXTS names a field that no longer exists"


def test_the_venue_comment_is_bounded():
    venue = apps.get_model("offerers", "Venue")
    assert venue._meta.get_field("no_siret_comment").max_length == 1000


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f"])
def test_control_characters_are_refused_in_any_text(control):
    assert check_text(f"a{control}b") == CONTROL_CHARACTERS_MESSAGE
    assert check_text(f"a{control}b", multiline=False) == CONTROL_CHARACTERS_MESSAGE
    with pytest.raises(ValidationError) as refused:
        ControlCharactersValidator()(f"a{control}b")
    assert refused.value.messages == [CONTROL_CHARACTERS_MESSAGE]


def test_tabs_and_line_breaks_belong_to_multi_line_texts_only():
    text = "Ligne 1\r\nLigne 2\tfin"
    assert check_text(text) is None
    assert check_text(text, multiline=False) == LINE_BREAKS_MESSAGE
    assert check_text("Hélène, œuvre № 3 — 12 €, 日本, 🎭") is None  # any printable character is text


def test_a_search_is_cleaned_rather_than_refused():
    assert without_control_characters("jazz\x00 \x1bmanouche\n") == "jazz manouche\n"
