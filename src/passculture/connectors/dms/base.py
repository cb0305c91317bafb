"""The interface every Démarches simplifiées client implements (the real GraphQL client and the in-memory fake)."""

import datetime
import unicodedata
from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from .types import Dossier, DossierPage

# DS serves at most 100 dossiers per page.
MAX_PAGE_SIZE = 100


@runtime_checkable
class DmsClient(Protocol):
    is_fake: bool

    def list_dossiers(
        self, procedure_number: int, updated_since: datetime.datetime | None = None, after: str | None = None
    ) -> DossierPage:
        """One page of the procedure's dossiers updated at or after ``updated_since`` (all when ``None``), oldest
        update first; ``after`` is the ``end_cursor`` of the previous page. Raises a ``DmsError`` subclass."""
        ...

    def get_dossier(self, number: int) -> Dossier:
        """One dossier by its number. Raises a ``DmsError`` subclass (``DmsNotFound`` when unknown)."""
        ...


def iter_dossiers(
    client: DmsClient, procedure_number: int, updated_since: datetime.datetime | None = None
) -> Iterator[Dossier]:
    """Every dossier of the procedure updated since the date, page after page (oldest update first)."""
    after: str | None = None
    while True:
        page = client.list_dossiers(procedure_number, updated_since=updated_since, after=after)
        yield from page.dossiers
        if not page.has_next_page or not page.end_cursor:
            return
        after = page.end_cursor


def fold_label(label: str) -> str:
    """The form of a field label used to match it: no case, no accents, single spaces, no trailing colon."""
    decomposed = unicodedata.normalize("NFKD", label or "")
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(text.replace("*", " ").split()).rstrip(" :")


def clamp_page_size(value: int | None) -> int:
    """A page size within what DS serves (1..100)."""
    return max(1, min(MAX_PAGE_SIZE, int(value or MAX_PAGE_SIZE)))
