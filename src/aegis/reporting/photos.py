"""Photos of the newsletter: checked, decoded, stripped of metadata, resized and stored.

An upload is accepted only when Pillow decodes it as a JPEG, PNG or WebP image of a
sensible size. It is re-encoded from its pixels alone, so EXIF (camera, GPS position,
time taken), XMP and comments never reach the storage; the orientation the camera
recorded is applied first so that the photo stands the right way up without it.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from aegis.core.permissions import Actor, acting_user
from aegis.reporting.models import Photo

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel camera; more is a decompression bomb, not a photo
PRINT_SIDE = 1600  # the longest side stored: sharp at a column's width in the PDF
SCREEN_SIDE = 800  # the copy the site's pages show
FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True, slots=True)
class Encoded:
    data: bytes
    width: int
    height: int


def _encode(image: Image.Image, fmt: str, side: int) -> Encoded:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if fmt == "jpeg":
        copy.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif fmt == "png":
        copy.save(out, "PNG", optimize=True)
    else:
        copy.save(out, "WEBP", quality=85, method=4)
    return Encoded(out.getvalue(), copy.width, copy.height)


def decode(upload: IO[bytes], *, name: str = "") -> tuple[Image.Image, str]:
    """The upload's pixels (orientation applied) and its format; ValidationError when it
    is too large, not an image, or not a JPEG, PNG or WebP photo."""
    label = name or _("the file")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("%(name)s is larger than 5 MB: export it smaller (e.g. 1600 pixels wide).")
            % {"name": label}
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = FORMATS.get(probe.format or "")
            if fmt is None:
                raise ValidationError(
                    _("%(name)s is a %(format)s image: upload a JPEG, PNG or WebP photo.")
                    % {"name": label, "format": probe.format}
                )
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _("%(name)s has %(w)s × %(h)s pixels, more than a photo needs.")
                    % {"name": label, "w": probe.width, "h": probe.height}
                )
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("%(name)s is not a photo Aegis can read: upload a JPEG, PNG or WebP image.")
            % {"name": label}
        ) from None
    upright = ImageOps.exif_transpose(image)
    if upright.mode not in {"RGB", "RGBA", "L", "LA"}:
        upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
    return upright, fmt


def _store(name: str, data: bytes) -> str:
    if not default_storage.exists(name):
        stored = default_storage.save(name, ContentFile(data))
        if stored != name:  # a concurrent upload of the same photo: keep one copy
            default_storage.delete(stored)
    return name


@transaction.atomic
def photo_store(*, actor: Actor, upload: IO[bytes], name: str = "") -> Photo:
    """Store the photo ``upload`` (once per content) and return its record."""
    image, fmt = decode(upload, name=name)
    printed = _encode(image, fmt, PRINT_SIDE)
    key = hashlib.sha256(printed.data).hexdigest()
    existing = Photo.objects.filter(key=key).first()
    if existing is not None:
        return existing
    screen = _encode(image, fmt, SCREEN_SIDE)
    extension = "jpg" if fmt == "jpeg" else fmt
    folder = "highlights/photos"
    photo = Photo(key=key, format=fmt, width=printed.width, height=printed.height)
    photo.image.name = _store(f"{folder}/{key}.{extension}", printed.data)
    photo.screen.name = _store(f"{folder}/{key}-{SCREEN_SIDE}.{extension}", screen.data)
    photo.uploaded_by = acting_user(actor)
    photo.save()
    return photo
