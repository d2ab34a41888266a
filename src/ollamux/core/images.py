"""Images made ready for a vision model: validated, measured, downscaled when too large.

The bytes are decoded in full before anything is stored, so a renamed text file or a
truncated download is refused here with a word naming the file rather than by the
server mid-send. An image the model can take as it is keeps its original bytes:
re-encoding costs quality and time for nothing.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from ollamux.core.attachment import MAX_LONG_SIDE, AttachmentError

# Pillow's format name -> the media type sent. MPO is how Pillow names the
# multi-picture JPEGs many phones write: a JPEG to every other reader.
MEDIA_TYPES = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}
ACCEPTED = "PNG, JPEG, WEBP and GIF"
JPEG_QUALITY = 90
WEBP_QUALITY = 90
_ORIENTATION = 0x0112  # the EXIF tag saying how a camera held the picture
# Formats recognised by content whatever a file's name, so an image with no suffix is
# attached as one (or refused by its format's name) rather than as "a binary file".
# Only formats with firm magic bytes: Pillow's looser ones (plain PPM's "P1", TGA)
# would take some text files for images.
_SNIFFED = ("PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF")


@dataclass(frozen=True, slots=True)
class PreparedImage:
    data: bytes
    media_type: str
    width: int
    height: int


def prepare_image(data: bytes, name: str) -> PreparedImage:
    """`data` checked and, if needed, downscaled and re-encoded; AttachmentError naming `name`."""
    image = _decode(data, name)
    media_type = MEDIA_TYPES[image.format or ""]
    # Models read pixels, not EXIF: a photo still needing its rotation would arrive
    # sideways, so that is a reason to re-encode just as its size is.
    # A GIF always becomes a PNG of its first frame: Ollama's OpenAI-compatible route
    # refuses GIF data URLs, and no model reads the other frames.
    if max(image.size) <= MAX_LONG_SIDE and not _needs_turning(image) and image.format != "GIF":
        return PreparedImage(data, media_type, *image.size)
    try:
        upright = ImageOps.exif_transpose(image) if _needs_turning(image) else image
        resized = _downscale(upright)
        out, media_type = _encode(resized, image.format or "", image.info.get("icc_profile"))
    except (OSError, ValueError) as exc:
        # Decoded fine, yet Pillow cannot write it back (an odd mode or profile).
        raise AttachmentError(f"{name} could not be downscaled ({exc})") from None
    return PreparedImage(out, media_type, *resized.size)


def looks_like_image(data: bytes) -> bool:
    """Whether the content starts like an image, whatever the file is called."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            Image.open(io.BytesIO(data), formats=_SNIFFED).close()
    except Image.DecompressionBombError:
        return True  # an image all the same: prepare_image refuses it with the right word
    except (OSError, SyntaxError, ValueError, EOFError):  # UnidentifiedImageError among them
        return False
    return True


def _decode(data: bytes, name: str) -> Image.Image:
    try:
        # Pillow only warns between its limit and twice it; a bomb is refused from the limit.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise AttachmentError(f"{name} is not an image") from None
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise AttachmentError(
            f"{name} has too many pixels to open safely (over {Image.MAX_IMAGE_PIXELS:,})"
        ) from None
    if image.format not in MEDIA_TYPES:
        raise AttachmentError(f"{name} is a {image.format} image; only {ACCEPTED} can be attached")
    try:
        # Decoding every pixel is what finds a truncated or corrupt file.
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise AttachmentError(f"{name} is damaged ({exc})") from None
    return image


def _needs_turning(image: Image.Image) -> bool:
    try:
        orientation = image.getexif().get(_ORIENTATION, 1)
    except (OSError, SyntaxError, ValueError):
        return False  # unreadable EXIF: the pixels as stored are all there is to go by
    return orientation in range(2, 9)  # 1 is upright; anything else is not a rotation


def _downscale(image: Image.Image) -> Image.Image:
    width, height = image.size
    scale = MAX_LONG_SIDE / max(width, height)
    if scale >= 1:
        return image
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        # Palette and odd modes resize poorly (nearest neighbour only, or not at all).
        has_alpha = "transparency" in image.info or image.mode in ("PA", "RGBa", "La")
        image = image.convert("RGBA" if has_alpha else "RGB")
    return image.resize(size, Image.Resampling.LANCZOS)


def _encode(image: Image.Image, fmt: str, icc: object) -> tuple[bytes, str]:
    out = io.BytesIO()
    # The colour profile is kept: without it a wide-gamut photo's colours shift.
    extra: dict[str, object] = {"icc_profile": icc} if isinstance(icc, bytes) else {}
    # EXIF (location, camera) is not carried over: the orientation is applied already.
    if fmt in ("JPEG", "MPO"):
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=JPEG_QUALITY, **extra)
        return out.getvalue(), "image/jpeg"
    if fmt == "WEBP":
        image.save(out, "WEBP", quality=WEBP_QUALITY, **extra)
        return out.getvalue(), "image/webp"
    # PNG stays PNG; a GIF becomes a PNG of its first frame, which keeps its colours.
    if image.mode == "P" and fmt == "GIF":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    image.save(out, "PNG", **extra)
    return out.getvalue(), "image/png"
