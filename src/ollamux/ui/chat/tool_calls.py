"""Tool calls as a reader wants them: `🔧 get_weather(city="Tokyo")`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rich.text import Text

from ollamux.api.events import ToolCall
from ollamux.core.text import strip_control


def _value(value: Any) -> str:
    # JSON spelling: strings quoted and escaped, so a newline or quote in an
    # argument cannot break the line's shape.
    return json.dumps(value, ensure_ascii=False)


def describe_tool_call(call: ToolCall) -> str:
    """One call on one line, keyword style; raw text when the model's JSON was invalid."""
    if call.raw_arguments is not None:
        arguments = call.raw_arguments
    else:
        arguments = ", ".join(f"{key}={_value(value)}" for key, value in call.arguments.items())
    return strip_control(f"🔧 {call.name}({arguments})")


def describe_tool_calls(calls: Iterable[ToolCall]) -> Text:
    """Plain Text (never markup): names and arguments are model output."""
    return Text("\n".join(describe_tool_call(call) for call in calls))
