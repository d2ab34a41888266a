"""What the simulated vision model says it received: a reply tests can check.

For each image of the last user message: its pixel size, its format and the
first 12 hex digits of its sha256; for each fenced block in its text, the name
heading it (how ollamux sends a text file).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
from typing import Any

from PIL import Image, UnidentifiedImageError

# Tokens an image costs in the prompt: gemma3's vision encoder emits 256 per image.
IMAGE_TOKENS = 256

_FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")


def base64_problem(data: str) -> str | None:
    """Go's words for base64 it cannot decode (the JSON `[]byte` of `images`), or None."""
    try:
        base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        bad = next((i for i, c in enumerate(data) if not (c.isascii() and (c.isalnum() or c in "+/="))), len(data))
        return f"illegal base64 data at input byte {bad}"
    return None


def received(message: dict[str, Any]) -> str:
    """The reply: how many images, each one's size, format and hash, and the files seen."""
    images = [str(image) for image in message.get("images") or ()]
    files = fenced_names(str(message.get("content") or ""))
    count = {0: "no images", 1: "1 image"}.get(len(images), f"{len(images)} images")
    lines = [f"I received {count} and {_files(len(files))}."]
    if images or files:
        lines.append("")
    lines += [f"- image {n}: {_describe(image)}" for n, image in enumerate(images, start=1)]
    lines += [f"- text file: {name}" for name in files]
    return "\n".join(lines) + "\n"


def _files(count: int) -> str:
    return {0: "no text files", 1: "1 text file"}.get(count, f"{count} text files")


def _describe(image: str) -> str:
    data = base64.b64decode(image)
    digest = hashlib.sha256(data).hexdigest()[:12]
    try:
        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
            kind = picture.format or "unknown format"
    except (UnidentifiedImageError, OSError):
        return f"not an image I can read, {len(data)} bytes, sha256 {digest}"
    return f"{width}×{height} {kind}, sha256 {digest}"


def fenced_names(text: str) -> list[str]:
    """The name over each fenced block: the line before its opening fence, or the
    last word of the fence's info string when it has more than a language."""
    names: list[str] = []
    lines = text.splitlines()
    closing = ""
    for index, line in enumerate(lines):
        match = _FENCE.match(line.strip())
        if closing:
            if match and match.group(1).startswith(closing) and not match.group(2).strip():
                closing = ""
            continue
        if not match:
            continue
        closing = match.group(1)
        info = match.group(2).split()
        previous = next((lines[i].strip() for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        name = info[-1] if len(info) > 1 else previous.strip("*_`#: ")
        names.append(name or "unnamed")
    return names
