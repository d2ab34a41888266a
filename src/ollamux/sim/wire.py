"""Small Go-compatible details of the wire format: JSON text, timestamps, names.

The real server is written in Go, so its JSON escapes `<`, `>` and `&`, its
timestamps are RFC3339Nano with trimmed fractions, and "forever" is the largest
Go duration. Mimicking these keeps client parsers honest.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

FOREVER_YEARS = 292  # keep_alive < 0 is time.Duration(math.MaxInt64): ~292.3 years

# Go's json.Marshal escapes these even inside strings; clients must not care.
_GO_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def forever_from(now: datetime) -> datetime:
    """The expires_at of a model kept "forever": 292 years on (year 2318 in 2026)."""
    try:
        return now.replace(year=now.year + FOREVER_YEARS)
    except ValueError:  # 29 February in a year that has none
        return now.replace(year=now.year + FOREVER_YEARS, day=28)


def dumps(obj: Any) -> str:
    """Compact JSON as Go writes it: raw UTF-8, HTML characters escaped."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).translate(_GO_ESCAPES)


def rfc3339(moment: datetime, *, utc: bool = False) -> str:
    """Format like Go's RFC3339Nano: fraction without trailing zeros, `Z` for UTC."""
    if utc:
        moment = moment.astimezone(UTC)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    fraction = f"{moment.microsecond:06d}".rstrip("0")
    if fraction:
        text += f".{fraction}"
    offset = moment.utcoffset()
    if not offset:
        return text + "Z"
    seconds = int(offset.total_seconds())
    sign = "+" if seconds >= 0 else "-"
    seconds = abs(seconds)
    return f"{text}{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def with_tag(name: str) -> str:
    """`llama3` -> `llama3:latest`; a tag after the last `/` is kept as it is."""
    last = name.rsplit("/", 1)[-1]
    return name if ":" in last else f"{name}:latest"


def model_key(name: str) -> str:
    """The lookup key of a model name: tagged and case-folded (Ollama uses EqualFold)."""
    return with_tag(name.strip()).casefold()


def full_name(name: str) -> str:
    """The registry-qualified name some server messages use."""
    tagged = with_tag(name)
    if "/" not in tagged:
        return f"registry.ollama.ai/library/{tagged}"
    if tagged.count("/") == 1:
        return f"registry.ollama.ai/{tagged}"
    return tagged


def fake_digest(*parts: str) -> str:
    """A stable 64-hex digest for names, layers and blobs."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def fake_id(prefix: str, *parts: str, length: int = 8) -> str:
    """A stable `[a-z0-9]` id, e.g. `call_k3j2h1g0` for tool calls."""
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    number = int(fake_digest(*parts), 16)
    chars = []
    for _ in range(length):
        number, index = divmod(number, len(alphabet))
        chars.append(alphabet[index])
    return prefix + "".join(chars)
