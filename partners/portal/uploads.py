"""Logos: PNG or JPEG only, recognised by their content, re-encoded by Pillow and stored under a random name.

Re-encoding drops everything but the pixels (EXIF with GPS positions, comments, embedded profiles), and a file that
only pretends to be an image (a renamed PDF, an SVG with script) never reaches a visitor's browser.
"""

from __future__ import annotations

import re
import secrets
import warnings
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from partners.portal.errors import PortalError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 2 MB file can unpack into gigabytes of pixels (a "decompression bomb")
MAX_SIDE = 800
FORMATS = {"PNG": "png", "JPEG": "jpg"}
STORED_NAME = re.compile(r"[0-9a-f]{32}\.(?:png|jpg)")
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg"}

if TYPE_CHECKING:
    from PIL.Image import Image as Picture

# Pillow is imported where an upload is handled: a web worker that never receives a logo stays a few MB smaller.


def upload_dir(instance_path: str) -> Path:
    return Path(instance_path) / "uploads"


def _opened(data: bytes, field: str) -> Picture:
    """The image in `data`, checked by its header and by Pillow's structural check before any pixel is decoded."""
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(BytesIO(data)) as probe:
                if probe.format not in FORMATS:
                    raise PortalError("upload_not_image", field)
                if probe.width * probe.height > MAX_PIXELS:
                    raise PortalError("upload_too_many_pixels", field)
                probe.verify()
            image = Image.open(BytesIO(data))
            image.load()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise PortalError("upload_too_many_pixels", field) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise PortalError("upload_not_image", field) from None
    return image


def reencode_image(data: bytes, *, field: str = "logo") -> tuple[bytes, str]:
    """The picture in `data` as a fresh PNG or JPEG (at most MAX_SIDE pixels a side) and its extension.

    :raises PortalError: upload_too_large, upload_not_image, upload_too_many_pixels.
    """
    from PIL import ImageOps

    if len(data) > MAX_UPLOAD_BYTES:
        raise PortalError("upload_too_large", field)
    image = _opened(data, field)
    extension = FORMATS[image.format]
    image = ImageOps.exif_transpose(image)  # keep the photo upright once its orientation tag is gone
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = in_srgb(image.convert("RGBA" if has_alpha and extension == "png" else "RGB"))
    # Pillow writes back what `info` still holds (comments, text chunks, the colour profile): keep only pixels.
    image.info.clear()
    out = BytesIO()
    if extension == "png":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue(), extension


def in_srgb(image: Picture) -> Picture:
    """The pixels converted from an embedded colour profile to sRGB, so dropping the profile keeps the colours."""
    from PIL import ImageCms

    profile = image.info.get("icc_profile")
    if not profile:
        return image
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(profile))
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: the pixels as they are, without it


def store_image(data: bytes, directory: Path, *, field: str = "logo") -> str:
    """Check, re-encode and store an uploaded image; returns its new random file name."""
    encoded, extension = reencode_image(data, field=field)
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{extension}"
    (directory / name).write_bytes(encoded)
    return name


def remove_image(name: str, directory: Path) -> None:
    """Delete a stored image that nothing points to any more."""
    if STORED_NAME.fullmatch(name or ""):
        (directory / name).unlink(missing_ok=True)
