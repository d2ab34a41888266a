"""A file attached to a message: what the session keeps of it, not its bytes.

The bytes live once in the content-addressed store (`attachment_store`), named by
their sha256; a session file names them by hash with what a person needs to know
about them (the original name, its type, size and, for an image, its dimensions).
"""

from __future__ import annotations

from dataclasses import dataclass

from ollamux.core.text import format_size

# What Ollama's vision models and OpenAI-compatible servers take as images.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")
# An image with a longer side than this is downscaled before it is stored: vision
# encoders work at 336-1,024 px, so more only costs upload time and memory.
MAX_LONG_SIDE = 2048


class AttachmentError(Exception):
    """A file that cannot be attached or sent; the text names the file and says why."""


@dataclass(frozen=True, slots=True)
class Attachment:
    sha256: str
    name: str  # the file's name when it was attached, without its folder
    media_type: str  # "image/png", "text/x-python", ...
    size: int  # bytes as stored (after any downscaling)
    width: int | None = None
    height: int | None = None

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")

    def dimensions(self) -> str:
        return f"{self.width}×{self.height}" if self.width and self.height else ""

    def describe(self) -> str:
        """One line for a chip or a message: "cat.png · 182 KB · 1024×768"."""
        parts = [self.name, format_size(self.size)]
        if dimensions := self.dimensions():
            parts.append(dimensions)
        return " · ".join(parts)
