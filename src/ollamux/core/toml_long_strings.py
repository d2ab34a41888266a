"""Writing very long strings into TOML fast.

tomli-w escapes a string one character at a time in Python: a 50 MB reply took
7 to 14 seconds to save, at quit on the event loop. Strings longer than
`LONG` are taken out before dumping, replaced by a unique placeholder, and put
back as multi-line basic strings escaped by one regular expression pass.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

__all__ = ["LONG", "dump_with_long_strings", "multiline_basic"]

# Shorter strings go through tomli-w as before: files of normal sessions stay byte for byte the same.
LONG = 20_000

# Control characters but tab, newline and carriage return (escaped by replace below).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def multiline_basic(text: str) -> str:
    """`text` as a TOML multi-line basic string that reads back exactly.

    The quote is escaped always (three in a row would end the string); a
    carriage return is kept exactly, as \\r. Plain `replace` calls do the common
    escapes: a function per match is what made tomli-w slow.
    """
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    text = _CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    # The newline right after the opening quotes is not part of the value.
    return '"""\n' + text + '"""'


def dump_with_long_strings(data: dict[str, Any], dump: Callable[[dict[str, Any]], str]) -> str:
    """`dump(data)`, with every string longer than LONG written by `multiline_basic`."""
    longs: dict[str, str] = {}
    prefix = f"ollamux-long-{uuid.uuid4().hex}-"

    def take(value: Any) -> Any:
        if isinstance(value, str) and len(value) > LONG:
            token = f"{prefix}{len(longs)}"
            longs[token] = value
            return token
        if isinstance(value, dict):
            return {key: take(item) for key, item in value.items()}
        if isinstance(value, list):
            return [take(item) for item in value]
        return value

    text = dump(take(data))
    if not longs:
        return text
    return re.sub(f'"({re.escape(prefix)}\\d+)"', lambda m: multiline_basic(longs[m.group(1)]), text)
