"""The interface of a source of Titelive daily files (a directory today; Titelive's FTP server in production)."""

import datetime
from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from .types import CatalogueLine, LineProblem, TiteliveFile


@runtime_checkable
class TiteliveSource(Protocol):
    is_fake: bool

    def list_files(self, after: datetime.date | None = None) -> list[TiteliveFile]:
        """The daily files present, oldest first, only those dated strictly after ``after``.

        A missing day is simply absent from the list: it never stalls the files that follow it.
        Raises ``TiteliveSourceUnavailable`` when the source cannot be listed.
        """
        ...

    def read_lines(self, file: TiteliveFile) -> Iterator[CatalogueLine | LineProblem]:
        """Stream the parsed lines of one file (constant memory). Raises ``TiteliveSourceUnavailable``."""
        ...
