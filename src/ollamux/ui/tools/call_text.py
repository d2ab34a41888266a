"""How a call's arguments and source read in the dialogs."""

from __future__ import annotations

from ollamux.api.events import ToolCall
from ollamux.core.text import strip_control
from ollamux.core.tool_text import pretty_arguments
from ollamux.core.tools import HAND, Tool

NOT_JSON = "(not valid JSON: as the model wrote it)"


def shown_arguments(call: ToolCall) -> str:
    """What the dialogs print: pretty, with terminal controls stripped (model text)."""
    text = pretty_arguments(call)
    if call.raw_arguments is not None:
        return f"{NOT_JSON}\n{text}"
    return text


def source_words(tool: Tool) -> str:
    """Where a tool comes from, as a person says it: "server demo" or "answered by you"."""
    return "answered by you" if tool.source == HAND else f"server {strip_control(tool.source)}"


def first_line(text: str) -> str:
    lines = strip_control(text).strip().splitlines()
    return lines[0] if lines else ""
