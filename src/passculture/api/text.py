"""The type of every text the JSON APIs read: ``Text`` refuses control characters (``core/inputs.py``: NUL and the
others, tabs and line breaks aside) with the API's 422, before they reach the database (PostgreSQL refuses NUL in
text). Each field still says its own ``max_length``; ``tests/api/test_text_inputs.py`` walks every operation."""

from typing import Annotated

from pydantic import AfterValidator

from passculture.core.inputs import check_text


def _text(value: str) -> str:
    message = check_text(value)
    if message:
        raise ValueError(message)
    return value


Text = Annotated[str, AfterValidator(_text)]
