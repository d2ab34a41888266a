"""A look at a file, a folder or a blob for a preview: facts in words, first lines, a picture.

Everything here blocks (it reads files and decodes images), so it runs in a thread
worker, never on the event loop. A picture is shrunk to a thumbnail here once, so
that drawing it (on every refresh) costs next to nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ollamux.core.attachment import IMAGE_SUFFIXES
from ollamux.core.text import format_size, strip_control

TEXT_BYTES = 16_000  # a text preview reads no more of a file than this
TEXT_LINES = 200
THUMBNAIL = (640, 640)  # the picker's pane is far smaller, even in Kitty graphics
LARGE = (1600, 1600)  # the full-screen preview of an attachment


class PictureError(Exception):
    """An image that cannot be shown; the text is the word for why ("not an image", "damaged")."""


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    thumbnail: Image.Image

    def dimensions(self) -> str:
        return f"{self.width}×{self.height}"


@dataclass(frozen=True)
class Peek:
    """What a preview pane shows of one entry."""

    facts: str  # "12 entries", "64×48 · 1.2 KB", "4 KB · binary", "cannot read: permission denied"
    text: str | None = None  # a text file's first lines, cleaned
    picture: Picture | None = None


def open_picture(source: Path | bytes, box: tuple[int, int] = THUMBNAIL) -> Picture:
    """The image's size in pixels and a copy shrunk to fit `box`; PictureError says why not."""
    try:
        with Image.open(BytesIO(source) if isinstance(source, bytes) else source) as image:
            width, height = image.size
            image.draft("RGB", box)  # a JPEG then decodes at a fraction of its size
            image.thumbnail(box)
            thumbnail = image.convert("RGB")
    except UnidentifiedImageError as error:
        raise PictureError("not an image") from error
    except Image.DecompressionBombError as error:
        raise PictureError("too large to show") from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        # Truncated data, a broken chunk or a bad header: Pillow's decoders say so in all these ways.
        raise PictureError("damaged") from error
    return Picture(width, height, thumbnail)


def text_of(data: bytes) -> str | None:
    """`data` as text cleaned of terminal controls, or None when it looks binary."""
    if b"\0" in data:
        return None
    text = data.decode("utf-8", errors="replace")
    # A cut at the end of a read may split one character; more than a few bad bytes is binary.
    if text.count("\ufffd") > max(2, len(text) // 100):
        return None
    return strip_control(text)


def peek(path: Path, *, is_dir: bool) -> Peek:
    """What the picker's preview pane shows of `path`."""
    try:
        if is_dir:
            return _folder(path)
        size = path.stat().st_size
        if path.suffix.lower() in IMAGE_SUFFIXES:
            return _image(path, size)
        with path.open("rb") as file:
            head = file.read(TEXT_BYTES)
    except OSError as error:
        return Peek(f"cannot read: {reason(error)}")
    text = text_of(head)
    if text is None:
        return Peek(f"{format_size(size)} · binary")
    lines = text.splitlines()[:TEXT_LINES]
    return Peek(f"{format_size(size)} · text", text="\n".join(lines))


def _folder(path: Path) -> Peek:
    with os.scandir(path) as entries:
        names = [entry.name for entry in entries]
    hidden = sum(name.startswith(".") for name in names)
    count = f"{len(names)} {'entry' if len(names) == 1 else 'entries'}"
    return Peek(f"{count} ({hidden} hidden)" if hidden else count)


def _image(path: Path, size: int) -> Peek:
    try:
        picture = open_picture(path)
    except PictureError as error:
        return Peek(f"{format_size(size)} · {error}")
    return Peek(f"{picture.dimensions()} · {format_size(size)}", picture=picture)


def reason(error: OSError) -> str:
    """An OSError in a few lower-case words: "permission denied", "no such file or directory"."""
    return (error.strerror or str(error)).lower()
