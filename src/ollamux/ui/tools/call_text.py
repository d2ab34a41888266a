"""How a call's arguments read in the dialogs: pretty JSON, or the model's own text.

A stand-in for `core.tool_text.pretty_arguments` (issue 12, helper "loop"), which
lands on another branch; the dialogs switch to it once merged.
"""

from __future__ import annotations

import json

from ollamux.api.events import ToolCall
from ollamux.core.text import strip_control
from ollamux.core.tools import HAND, Tool

NOT_JSON = "(not valid JSON: as the model wrote it)"


def pretty_arguments(call: ToolCall) -> str:
    """The arguments indented as JSON; invalid JSON is shown as the model sent it."""
    if call.raw_arguments is not None:
        return call.raw_arguments
    return json.dumps(call.arguments, indent=2, ensure_ascii=False)


def shown_arguments(call: ToolCall) -> str:
    """What the dialogs print: pretty, with terminal controls stripped (model text)."""
    text = strip_control(pretty_arguments(call))
    if call.raw_arguments is not None:
        return f"{NOT_JSON}\n{text}"
    return text


def source_words(tool: Tool) -> str:
    """Where a tool comes from, as a person says it: "server demo" or "answered by you"."""
    return "answered by you" if tool.source == HAND else f"server {strip_control(tool.source)}"


def first_line(text: str) -> str:
    lines = strip_control(text).strip().splitlines()
    return lines[0] if lines else ""
