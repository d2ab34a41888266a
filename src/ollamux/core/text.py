"""Making untrusted model text safe to show, and the settings a reply was sent with."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

# ESC sequences first (so their parameters go too), then any other C0 control but
# tab and newline, DEL, the C1 range, and the bidirectional embeddings, overrides
# and isolates (U+202A-U+202E, U+2066-U+2069): with those, code can read
# differently from what it is ("Trojan Source"). The marks U+200E/U+200F stay:
# they reorder nothing but neutral characters, and right-to-left prose needs them.
#
# A sequence's body is bounded (SEQUENCE_LIMIT characters per part): a stream
# cleaned in pieces (`core.sanitize`) must give exactly the text cleaned whole,
# which is what is copied and exported, so neither may wait for an end that
# never comes. An unfinished CSI at the very end is dropped, as a stream drops it.
SEQUENCE_LIMIT = 256
_ANSI = re.compile(
    rf"\x1b(?:\[[0-?]{{0,{SEQUENCE_LIMIT}}}[ -/]{{0,{SEQUENCE_LIMIT}}}[@-~]"
    rf"|\][^\x07\x1b]{{0,{SEQUENCE_LIMIT}}}(?:\x07|\x1b\\)?|[@-Z\\-_])"
)
_UNFINISHED_CSI = re.compile(rf"\x1b\[[0-?]{{0,{SEQUENCE_LIMIT}}}[ -/]{{0,{SEQUENCE_LIMIT}}}\Z")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_control(text: str) -> str:
    """Remove terminal control sequences from untrusted text.

    Used for what is shown and, the same way, for what is copied or exported, so
    that the clipboard and a `cat` of an export hold what the screen showed.
    A carriage return is dropped too: on its own it would let text overwrite
    what came before it on the line.
    """
    if not text:
        return text
    return strip_sequences(_UNFINISHED_CSI.sub("", text))


def strip_sequences(text: str) -> str:
    """`strip_control` for a piece of text that may go on (see `core.sanitize`)."""
    return _CONTROL.sub("", _ANSI.sub("", text))


def format_sent(sent: Mapping[str, Any]) -> str:
    """`sent temperature=0.2 num_ctx=8192 stop=["\\n\\n"]`: the overrides a reply was asked with."""
    if not sent:
        return ""
    return "sent " + " ".join(f"{name}={_sent_value(value)}" for name, value in sent.items())


def _sent_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str) and value and value.isprintable() and " " not in value:
        return value
    return json.dumps(value, ensure_ascii=False)


def format_size(size: int | None, *, unknown: str = "") -> str:
    """Bytes as `ollama list` prints them: decimal units, "4.7 GB", "42 GB".

    `unknown` stands in for a size the server did not send or sent as nonsense.
    """
    if size is None or size < 0:
        return unknown
    value = float(size)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            break
        value /= 1000
    if value >= 10 or value == int(value):
        return f"{int(value)} {unit}"
    return f"{value:.1f} {unit}"
