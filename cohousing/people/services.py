"""Rules about residents: their photos, their language, PIN and password hashing.

Photos: the upload is checked by Pillow, not trusted by its name: it must open and verify
as a JPEG, PNG, WebP or GIF, stay under 5 MB and under Pillow's pixel limit (a tiny file can
claim a gigantic image: a "decompression bomb"). The result is turned upright from the
camera's EXIF, cropped to a centred square, resized to 256x256 and saved without any
metadata (no location, no camera, no date). Receipt photos go through the same checks
and cleaning, kept whole and at most 1600 px on the longer side (`process_receipt`).

Secrets: argon2id for staff passwords and resident PINs, with a cheap profile for tests.
"""

from __future__ import annotations

import warnings
from io import BytesIO
from typing import IO

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from cohousing.people.models import Person
from cohousing.rules import RuleError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_SIZE = 256
RECEIPT_SIZE = 1600  # the longer side of a receipt photo: small print stays readable
JPEG_QUALITY = 82
ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
ALLOWED_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "gif")


NOT_AN_IMAGE = _l("This file is not a picture we can read. Choose a JPEG, PNG, WebP or GIF.")
TOO_LARGE = _l("The photo is larger than 5 MB.")
TOO_MANY_PIXELS = _l("The picture is too large in pixels. Choose a smaller one.")


def _photo_error(message) -> RuleError:
    return RuleError(message, "photo")


def process_photo(stream: IO[bytes]) -> bytes:
    """Read an upload and return the 256x256 JPEG to store, or raise RuleError."""
    return clean_jpeg(stream, _square)


def process_receipt(stream: IO[bytes]) -> bytes:
    """A receipt photographed on the tablet: the whole picture, upright, at most
    RECEIPT_SIZE px on its longer side (readable, not megabytes), without metadata."""
    return clean_jpeg(stream, _within_receipt_size)


def _square(image: Image.Image) -> Image.Image:
    return ImageOps.fit(image, (PHOTO_SIZE, PHOTO_SIZE), Image.Resampling.LANCZOS)


def _within_receipt_size(image: Image.Image) -> Image.Image:
    image = image.copy()
    image.thumbnail((RECEIPT_SIZE, RECEIPT_SIZE), Image.Resampling.LANCZOS)
    return image


def clean_jpeg(stream: IO[bytes], shape) -> bytes:
    """Check an upload with Pillow (format, size, pixel bombs), turn it upright from its
    EXIF, `shape` it and save a fresh JPEG: no EXIF, no location, no camera, no date."""
    data = stream.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise _photo_error(TOO_LARGE)
    if not data:
        raise _photo_error(NOT_AN_IMAGE)
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse those too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _clean_jpeg(data, shape)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _photo_error(TOO_MANY_PIXELS) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise _photo_error(NOT_AN_IMAGE) from None


def _clean_jpeg(data: bytes, shape) -> bytes:
    with Image.open(BytesIO(data)) as probe:
        if probe.format not in ALLOWED_FORMATS:
            raise _photo_error(NOT_AN_IMAGE)
        probe.verify()  # checks the file's structure; the image cannot be used after it
    with Image.open(BytesIO(data)) as image:
        image.seek(0)  # an animated GIF or WebP: its first frame
        upright = ImageOps.exif_transpose(image)
        shaped = shape(_on_white(upright))
    clean = Image.new("RGB", shaped.size)  # a fresh image carries no metadata at all
    clean.paste(shaped)
    out = BytesIO()
    clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _on_white(image: Image.Image) -> Image.Image:
    """Transparent parts become white, not black, once saved as JPEG."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


# --- secrets: staff passwords and resident PINs ------------------------------------------

_PROFILES = {
    # argon2id with OWASP's 19 MiB profile: RFC 9106's 64 MiB default pushed a gunicorn worker
    # past 150 MB during sign-ins. Old hashes keep their own parameters and still verify.
    "default": PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1),
    "test": PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
}


def _hasher() -> PasswordHasher:
    return _PROFILES[current_app.config.get("ARGON2_PROFILE", "default")]


def hash_secret(secret: str) -> str:
    return _hasher().hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    if not stored_hash:
        _hasher().hash(secret)  # same cost whether or not the account has a secret
        return False
    try:
        return _hasher().verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def choose_language(lang: str, *, resident: Person | None, staff=None) -> None:
    """A resident's own language, or a staff member's; the session keeps a visitor's."""
    if resident is not None:
        resident.preferred_language = lang
    elif staff is not None:
        staff.preferred_language = lang
