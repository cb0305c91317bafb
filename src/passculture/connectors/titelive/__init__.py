"""Titelive connector: the book catalogue's daily files (``Quotidien<DD>.tit``), listed by date and parsed line by
line.

``get_titelive_source()`` returns the source chosen by ``settings.TITELIVE_BACKEND``: by default the sample file
shipped in this package; ``DirectoryTiteliveSource`` reads ``settings.TITELIVE_FILES_DIR``.
"""

from passculture.connectors import load_connector

from .base import TiteliveSource
from .errors import TiteliveError, TiteliveSourceUnavailable
from .parsing import parse_line, parse_lines
from .types import LINE_PROBLEM_MESSAGES, CatalogueLine, LineProblem, LineProblemCode, TiteliveFile

__all__ = [
    "LINE_PROBLEM_MESSAGES",
    "CatalogueLine",
    "LineProblem",
    "LineProblemCode",
    "TiteliveError",
    "TiteliveFile",
    "TiteliveSource",
    "TiteliveSourceUnavailable",
    "get_titelive_source",
    "parse_line",
    "parse_lines",
]


def get_titelive_source() -> TiteliveSource:
    return load_connector("TITELIVE_BACKEND")
