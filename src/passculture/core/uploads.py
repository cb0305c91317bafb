"""Uploaded files, in one place: what every upload of the project goes through before it is stored, and how the
stored files are served back.

A file a person sends is never trusted: not its name, not its extension, not its bytes.

- **Images** (:func:`reencoded_image`): refused over a size in bytes, over a pixel count (a small PNG can unpack
  into gigabytes: a "decompression bomb"), in a format not accepted or not decodable; otherwise decoded and
  encoded again by Pillow, so that only the pixels are kept (text chunks, EXIF and comments are dropped, with
  whatever script or HTML a polyglot file hid in them). The result is a new file whose name the server chose
  (a random hex name and the extension of the format it was encoded to).
- **Stored names** (:class:`UploadPath`, a model field's ``upload_to``): ``<folder>/<year>/<month>/<random>.<ext>``,
  the extension kept only from :data:`MEDIA_TYPES` (a name the server did not choose ends in ``.bin``).
- **Serving** (:func:`media_headers`, used by ``core.views.serve_media`` and written out for a reverse proxy in the
  README): an image type from the extension, anything else as an ``application/octet-stream`` attachment, always
  with ``X-Content-Type-Options: nosniff`` and a policy that runs nothing.

The rules are in docs/domain/offers.md#offer-image.

Pillow is imported when an image is checked: a web worker that serves no upload does not hold it.
"""

import io
import posixpath
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.deconstruct import deconstructible

if TYPE_CHECKING:
    from PIL import Image

MEGABYTE = 1024 * 1024

# The only extensions a stored file may have, and the type each is served with.
MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
# The format Pillow encodes each accepted format to, and the extension of the result.
ENCODINGS = {"PNG": ("PNG", ".png"), "JPEG": ("JPEG", ".jpg")}
FORMAT_LABELS = {"JPEG": "JPEG", "PNG": "PNG"}
JPEG_QUALITY = 90
# Served files run nothing, even opened on their own in a browser tab.
MEDIA_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@dataclass(frozen=True)
class ImageRules:
    """What an uploaded image must be. ``max_pixels`` bounds width × height before any pixel is decoded."""

    max_bytes: int = 5 * MEGABYTE
    max_pixels: int = 40_000_000  # e.g. 8,000 × 5,000: more than any poster needs, far less than a bomb
    min_side: int = 0
    formats: frozenset[str] = frozenset({"JPEG", "PNG"})

    @property
    def formats_label(self) -> str:
        return " ou ".join(FORMAT_LABELS[name] for name in sorted(self.formats, key=list(FORMAT_LABELS).index))


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:g} Mo"


def reencoded_image(upload, rules: ImageRules = ImageRules()) -> ContentFile:
    """The upload's pixels in a new file named by the server, or a ``ValidationError`` with a French message.

    ``upload`` is any file object with ``size`` (a Django ``UploadedFile``); it is read, never stored."""
    from PIL import Image, ImageOps

    if upload.size > rules.max_bytes:
        raise ValidationError(
            f"L'image ne doit pas dépasser {_megabytes(rules.max_bytes)} : choisissez un fichier plus léger.",
            code="size",
        )
    wrong_format = ValidationError(
        f"Format d'image non accepté : choisissez un fichier {rules.formats_label}.", code="image_format"
    )
    too_many_pixels = (
        f"L'image compte trop de pixels{{size}} : réduisez-la à {rules.max_pixels // 1_000_000} millions de pixels "
        "au plus."
    )
    upload.seek(0)
    try:
        with Image.open(upload) as opened:  # reads the header only
            image_format, (width, height) = opened.format, opened.size
            if image_format not in rules.formats:
                raise wrong_format
            if width * height > rules.max_pixels:
                raise ValidationError(
                    too_many_pixels.format(size=f" ({width} × {height})"), code="image_too_many_pixels"
                )
            if width < rules.min_side or height < rules.min_side:
                raise ValidationError(
                    f"L'image doit mesurer au moins {rules.min_side} × {rules.min_side} pixels "
                    f"(celle-ci mesure {width} × {height}).",
                    code="image_too_small",
                )
            opened.load()
            pixels = ImageOps.exif_transpose(opened)  # the photo upright, before its EXIF is dropped
    except ValidationError:
        raise
    except Image.DecompressionBombError:  # Pillow's own bound (far above ours), met while opening some files
        raise ValidationError(too_many_pixels.format(size=""), code="image_too_many_pixels") from None
    except Exception:  # Pillow raises many kinds of errors on an unsound file
        raise wrong_format from None
    finally:
        upload.seek(0)
    return ContentFile(_encode(pixels, image_format), name=f"{uuid.uuid4().hex}{ENCODINGS[image_format][1]}")


def _encode(image: "Image.Image", image_format: str) -> bytes:
    """The pixels alone: a fresh image holding only them is saved, so no metadata of the upload can follow."""
    from PIL import Image

    target, _ = ENCODINGS[image_format]
    if target == "JPEG":
        mode = "RGB"
    elif image.mode in {"1", "L", "LA", "RGB", "RGBA"}:
        mode = image.mode
    else:
        mode = "RGBA"  # palette and other modes: the colours (and the transparency) kept
    clean = Image.new(mode, image.size)
    clean.paste(image if image.mode == mode else image.convert(mode))
    buffer = io.BytesIO()
    if target == "JPEG":
        clean.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        clean.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@deconstructible
class UploadPath:
    """A model file field's ``upload_to``: ``<folder>/<year>/<month>/<random hex><ext>``, the client's name never
    used; the extension is kept only when it is one the server writes (:data:`MEDIA_TYPES`), else ``.bin``."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = posixpath.splitext(filename)[1].lower()
        if extension not in MEDIA_TYPES:
            extension = ".bin"
        today = timezone.localdate()
        return f"{self.folder}/{today:%Y}/{today:%m}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadPath) and other.folder == self.folder


def media_headers(path: str) -> dict[str, str]:
    """The headers of a stored file served back: an image type, or a download that no browser renders."""
    extension = posixpath.splitext(path)[1].lower()
    headers = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": MEDIA_POLICY}
    if extension in MEDIA_TYPES:
        headers["Content-Type"] = MEDIA_TYPES[extension]
    else:
        headers["Content-Type"] = "application/octet-stream"
        headers["Content-Disposition"] = "attachment"
    return headers
