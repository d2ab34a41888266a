"""Attaching a file: every check a user can fail, in the order they would ask, then storing.

Each refusal is an AttachmentError whose text names the file and says why, for the
prompt to show inline while the prompt text and the other attachments stay.
"""

from __future__ import annotations

import mimetypes
import stat
from pathlib import Path

from ollamux.core.attachment import IMAGE_SUFFIXES, Attachment, AttachmentError
from ollamux.core.attachment_store import AttachmentStore
from ollamux.core.text import format_size
from ollamux.core.text_files import cut_text, estimate_tokens, fenced_file, read_text

# Hard caps before anything is decoded: a phone photo is a few MB, and a text file
# past a few MB would not fit any model's context anyway.
MAX_IMAGE_BYTES = 20_000_000
MAX_TEXT_BYTES = 5_000_000
# Media types outside text/* that name text all the same.
_TEXTUAL = frozenset({
    "application/json", "application/xml", "application/javascript", "application/x-sh",
    "application/x-csh", "application/toml", "application/yaml", "application/x-yaml",
    "application/sql", "application/x-tex", "application/x-latex",
})
# Python's own table only: the system's (/etc/mime.types) differs from machine to
# machine and calls a Rust file "application/rls-services+xml".
_MIME_TYPES = mimetypes.MimeTypes()


class TooLongForContext(AttachmentError):
    """A text file needing more tokens than the session has left; attach it cut, or not."""

    def __init__(self, name: str, tokens: int, budget: int) -> None:
        super().__init__(
            f"{name} is about {tokens:,} tokens, more than the {max(budget, 0):,} left in the context"
        )
        self.name = name
        self.tokens = tokens
        self.budget = budget


def attach_path(
    path: Path, store: AttachmentStore, *, context_left: int | None = None, cut: bool = False
) -> Attachment:
    """Check, prepare and store the file at `path`; AttachmentError naming it otherwise.

    `context_left` is the tokens the session can still take (None: unknown, no limit);
    a text file over it raises TooLongForContext, or with `cut` is cut to fit.
    """
    name = path.name or str(path)
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise AttachmentError(f"{name} was not found (looked in {path.parent})") from None
    except OSError as exc:
        raise AttachmentError(f"{name} cannot be read: {_reason(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise AttachmentError(f"{name} is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or a device would block the read or never end.
        raise AttachmentError(f"{name} is not a regular file")
    try:
        with path.open("rb") as file:
            # One byte past the larger cap is enough to know a file is over it.
            data = file.read(MAX_IMAGE_BYTES + 1)
    except OSError as exc:
        raise AttachmentError(f"{name} cannot be read: {_reason(exc)}") from None
    return attach_bytes(data, name, store, context_left=context_left, cut=cut, size=info.st_size)


def attach_bytes(
    data: bytes,
    name: str,
    store: AttachmentStore,
    *,
    context_left: int | None = None,
    cut: bool = False,
    size: int | None = None,
) -> Attachment:
    """Like `attach_path` for content already in hand (pasted, or read by the caller).

    `size` is the file's full size when `data` may be only its start (the read stops
    past the cap); it is what a too-large message quotes.
    """
    # Pillow, at the first file attached: 20 ms of the app's start otherwise.
    from ollamux.core.images import looks_like_image, prepare_image

    full_size = max(size or 0, len(data))
    is_image = Path(name).suffix.lower() in IMAGE_SUFFIXES or looks_like_image(data)
    cap = MAX_IMAGE_BYTES if is_image else MAX_TEXT_BYTES
    if full_size > cap:
        kind = "an image" if is_image else "a text file"
        size_text = format_size(full_size)
        if size_text == format_size(cap):  # "20 MB, the limit ... is 20 MB" would puzzle
            size_text = f"{full_size:,} bytes"
        raise AttachmentError(
            f"{name} is too large to attach: {size_text}, the limit for {kind} is {format_size(cap)}"
        )
    if is_image:
        image = prepare_image(data, name)
        sha256 = _put(store, image.data, name)
        return Attachment(sha256, name, image.media_type, len(image.data), image.width, image.height)
    text = read_text(data, name)
    if context_left is not None:
        fenced = fenced_file(name, text)
        tokens = estimate_tokens(fenced)
        if tokens > context_left:
            if not cut:
                raise TooLongForContext(name, tokens, context_left)
            # The heading and fences cost tokens too: the text gets what they leave
            # (a cut text's fence is never longer than the whole text's).
            overhead = estimate_tokens(fenced[: len(fenced) - len(text)])
            text = cut_text(text, max(0, context_left - overhead))
    stored = text.encode("utf-8")
    return Attachment(_put(store, stored, name), name, _text_media_type(name), len(stored))


def _put(store: AttachmentStore, data: bytes, name: str) -> str:
    try:
        return store.put(data)
    except OSError as exc:  # a full disk, a data folder made read-only
        raise AttachmentError(f"{name} could not be copied into the data folder: {_reason(exc)}") from None


def _text_media_type(name: str) -> str:
    guessed, _ = _MIME_TYPES.guess_type(name, strict=False)
    # The table knows suffixes, not content: ".ts" is an MPEG stream to it, ".svg" an
    # image; a file that decoded as text is sent and shown as text whatever it says.
    if guessed is not None and (guessed.startswith("text/") or guessed in _TEXTUAL):
        return guessed
    return "text/plain"


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or str(exc)).lower()
