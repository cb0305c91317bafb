"""Private documents uploaded by users (supporting documents of bank details): where they are stored and what
their content really is.

Stored under ``settings.PRIVATE_STORAGE_ROOT``, outside ``MEDIA_ROOT`` and the web root: no URL serves them
directly, a view checks who asks and answers with ``Content-Disposition: attachment``. The kind of a file is read
from its first bytes, never from its name nor from the type the browser declared.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

# The first bytes of each accepted kind of document, and the extension and content type it is served with.
SIGNATURES: dict[str, tuple[bytes, str, str]] = {
    "pdf": (b"%PDF-", "pdf", "application/pdf"),
    "png": (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    "jpeg": (b"\xff\xd8\xff", "jpg", "image/jpeg"),
}


def sniff(content: bytes) -> str | None:
    """The kind (``pdf``, ``png``, ``jpeg``) ``content`` starts like, or ``None``."""
    for kind, (magic, _extension, _content_type) in SIGNATURES.items():
        if content.startswith(magic):
            return kind
    return None


def extension(kind: str) -> str:
    return SIGNATURES[kind][1]


def content_type(kind: str) -> str:
    return SIGNATURES[kind][2]


def has_path(name: str) -> bool:
    """Whether a file name carries a path or characters no plain name has (``../``, ``\\``, NUL, control
    characters)."""
    return "/" in name or "\\" in name or ".." in name or name.strip() in {"", "."} or any(ord(c) < 32 for c in name)


@deconstructible
class PrivateStorage(FileSystemStorage):
    """A file system storage rooted at ``settings.PRIVATE_STORAGE_ROOT`` (read when used: tests move it), with no
    base URL: nothing is reachable by a link to the file itself."""

    def __init__(self):
        super().__init__()

    @property
    def base_location(self):  # type: ignore[override]
        return str(Path(settings.PRIVATE_STORAGE_ROOT))

    @property
    def location(self):  # type: ignore[override]
        return str(Path(settings.PRIVATE_STORAGE_ROOT).resolve())

    @property
    def base_url(self):  # type: ignore[override]
        return None
