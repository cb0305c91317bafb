"""The rules every text a person or a program sends follows, in one place (forms: ``web.forms.TextInputRules``;
app API: ``api.native.schemas.Text``; ticketing API: ``api.public``).

- **No control characters.** NUL and the other control characters (Unicode category ``Cc``: C0, DEL, C1) are never
  text a person typed: PostgreSQL refuses NUL in text (a 500 if it reached the database), and the others break
  exports, mails and terminals. A multi-line text keeps its tabs and line breaks; a one-line text has none. A
  search text is cleaned instead of refused (:func:`without_control_characters`): searching never fails.
- **Bounded.** Every free text has a maximum length: a one-line text :data:`LINE_MAX_LENGTH` characters unless its
  field says less, a multi-line text :data:`TEXT_MAX_LENGTH`.

The rules are in docs/domain/README.md#text-inputs.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

LINE_MAX_LENGTH = 255
TEXT_MAX_LENGTH = 5_000
LINE_BREAKS = "\t\n\r"
CONTROL_CHARACTERS_MESSAGE = (
    "Ce texte contient des caractères invisibles non autorisés (caractères de contrôle) : saisissez-le à nouveau."
)
LINE_BREAKS_MESSAGE = "Ce champ tient sur une ligne : retirez les retours à la ligne et les tabulations."


def _is_control(character: str) -> bool:
    return unicodedata.category(character) == "Cc"


def control_characters(value: str, *, multiline: bool = True) -> list[str]:
    """The control characters of ``value`` a text may not hold (tabs and line breaks allowed when ``multiline``)."""
    return [c for c in value if _is_control(c) and not (multiline and c in LINE_BREAKS)]


def without_control_characters(value: str) -> str:
    """``value`` with its control characters removed: for a search text, never refused."""
    return "".join(c for c in value if not _is_control(c) or c in LINE_BREAKS)


def check_text(value: str, *, multiline: bool = True) -> str | None:
    """The French refusal of ``value``, or ``None`` when it is acceptable text."""
    found = control_characters(value, multiline=multiline)
    if not found:
        return None
    if all(c in LINE_BREAKS for c in found):
        return LINE_BREAKS_MESSAGE
    return CONTROL_CHARACTERS_MESSAGE


@deconstructible
class ControlCharactersValidator:
    """A form or model field's validator: refuses a text holding control characters (see the module)."""

    code = "control_characters"

    def __init__(self, multiline: bool = True):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if value is None:
            return
        message = check_text(str(value), multiline=self.multiline)
        if message:
            raise ValidationError(message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, ControlCharactersValidator) and other.multiline == self.multiline
