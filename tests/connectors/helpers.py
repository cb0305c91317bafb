"""Helpers shared by the connector tests."""

import json
import unicodedata
from importlib import resources


def fold(text: str) -> str:
    """Case- and accent-insensitive form: the real registers write "MARCHE" where fakes write "Marché"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def load_fixture(package: str, name: str) -> dict:
    """A recorded payload from ``<package>/fixtures/<name>``."""
    return json.loads((resources.files(package) / "fixtures" / name).read_text(encoding="utf-8"))
