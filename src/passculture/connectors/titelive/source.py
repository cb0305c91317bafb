"""Titelive daily files read from a local directory (``settings.TITELIVE_FILES_DIR``).

Titelive drops one ``Quotidien<DD>.tit`` a day on its FTP server and keeps each about 26 days. This source reads a
directory where those files are mirrored (by an FTP mirror job, e.g. ``lftp mirror``, or a mounted share); a
direct FTP source would implement the same ``TiteliveSource`` interface (list the names, stream a file), with
``ftplib``'s ``nlst`` and ``retrbinary``. Not written yet: no FTP access to test it against.
"""

import datetime
import re
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .errors import TiteliveSourceUnavailable
from .parsing import parse_file
from .types import CatalogueLine, LineProblem, TiteliveFile

FILE_NAME = re.compile(r"Quotidien(\d{2})\.tit", re.IGNORECASE)
# A day number is matched with the latest date on or before today having that day (files live ~26 days).
_MONTHS_BACK = 3


def resolve_file_date(day: int, today: datetime.date) -> datetime.date | None:
    """The date of ``Quotidien<day>.tit``: the latest date on or before ``today`` whose day of month is ``day``."""
    year, month = today.year, today.month
    for _ in range(_MONTHS_BACK):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:  # day 0, 32, or 31 in a 30-day month
            candidate = None
        if candidate is not None and candidate <= today:
            return candidate
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None


def list_directory(directory: Path, after: datetime.date | None, today: datetime.date) -> list[TiteliveFile]:
    """The daily files of ``directory`` dated after ``after``, oldest first. Other files are ignored."""
    try:
        entries = sorted(path for path in directory.iterdir() if path.is_file())
    except OSError as exc:
        raise TiteliveSourceUnavailable(f"Cannot list the Titelive files in {directory}: {exc}") from exc
    files = []
    for path in entries:
        match = FILE_NAME.fullmatch(path.name)
        date = resolve_file_date(int(match.group(1)), today) if match else None
        if date is not None and (after is None or date > after):
            files.append(TiteliveFile(date=date, name=path.name, path=path))
    return sorted(files, key=lambda file: file.date)


class DirectoryTiteliveSource:
    """The daily files mirrored in ``settings.TITELIVE_FILES_DIR`` (or the ``directory`` given)."""

    is_fake = False

    def __init__(self, directory: str | Path | None = None) -> None:
        configured = directory if directory is not None else getattr(settings, "TITELIVE_FILES_DIR", "")
        self.directory = Path(configured) if configured else None

    def list_files(self, after: datetime.date | None = None, today: datetime.date | None = None) -> list[TiteliveFile]:
        if self.directory is None:
            raise TiteliveSourceUnavailable("settings.TITELIVE_FILES_DIR is not set.")
        return list_directory(self.directory, after, today or timezone.localdate())

    def read_lines(self, file: TiteliveFile) -> Iterator[CatalogueLine | LineProblem]:
        try:
            stream = file.path.open("rb")
        except OSError as exc:
            raise TiteliveSourceUnavailable(f"Cannot open {file.name}: {exc}") from exc
        with stream:
            yield from parse_file(stream)
