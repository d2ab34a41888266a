"""How a tool call and its result read on one line, in a dialog, and cut to a preview.

Plain text with terminal controls stripped: arguments and results are untrusted.
"""

from __future__ import annotations

import json
from typing import Any

from ollamux.api.events import ToolCall
from ollamux.core.text import strip_control

ELLIPSIS = "…"


def argument_summary(call: ToolCall, width: int = 40) -> str:
    """`city="Tokyo", days=3` cut to `width` with …; the raw text when it is not JSON."""
    if call.raw_arguments is not None:
        text = call.raw_arguments
    else:
        text = ", ".join(f"{name}={_value(value)}" for name, value in call.arguments.items())
    return _cut(" ".join(strip_control(text).split()), width)


def pretty_arguments(call: ToolCall) -> str:
    """The arguments as indented JSON (non-ASCII kept), or as written when they are not JSON."""
    if call.raw_arguments is not None:
        return strip_control(call.raw_arguments)
    return strip_control(json.dumps(call.arguments, indent=2, ensure_ascii=False))


def result_preview(text: str, max_lines: int = 20, max_chars: int = 2000) -> tuple[str, int]:
    """The start of a result to show, and how many lines were left out (the model gets it whole)."""
    lines = strip_control(text).splitlines()
    kept, size = [], 0
    for line in lines[:max_lines]:
        if size + len(line) > max_chars:
            kept.append(line[: max(0, max_chars - size)] + ELLIPSIS)
            break
        kept.append(line)
        size += len(line) + 1
    left_out = len(lines) - len(kept)
    return "\n".join(kept), left_out


def duration(seconds: float) -> str:
    """"0.4 s", "12 s", "2 min 3 s": as exact as a glance needs."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def _value(value: Any) -> str:
    # JSON would show an ESC as a harmless but unreadable \u001b: drop it as the screen does.
    return json.dumps(strip_control(value) if isinstance(value, str) else value, ensure_ascii=False)


def _cut(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)].rstrip() + ELLIPSIS
