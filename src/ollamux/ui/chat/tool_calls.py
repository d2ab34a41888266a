"""Tool calls as a reader wants them: `🔧 get_weather(city="Tokyo")`, paired with their results."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from rich.text import Text

from ollamux.api.events import ToolCall
from ollamux.core.session import ChatMessage
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


def match_results(calls: Sequence[ToolCall], results: Sequence[ChatMessage]) -> list[ChatMessage | None]:
    """Each call's result: by `tool_call_id` where there is one, else by name, else in order.

    None for a call nothing answered (the reply was stopped, the round cap was hit).
    """
    matched: list[ChatMessage | None] = [None] * len(calls)
    left = list(results)
    for index, call in enumerate(calls):
        if call.id is not None:
            found = next((r for r in left if r.tool_call_id == call.id), None)
            if found is not None:
                matched[index] = found
                left.remove(found)
    # A result with an id answers the call that has that id, never another by chance.
    ids = {call.id for call in calls if call.id is not None}
    left = [r for r in left if r.tool_call_id is None or r.tool_call_id not in ids]
    for same_name in (True, False):
        for index, call in enumerate(calls):
            if matched[index] is None:
                found = next((r for r in left if not same_name or r.tool_name == call.name), None)
                if found is not None:
                    matched[index] = found
                    left.remove(found)
    return matched


def with_results(messages: Sequence[ChatMessage]) -> list[tuple[ChatMessage, list[ChatMessage | None]]]:
    """The messages a transcript draws, each with the results of its tool calls.

    Results (role "tool") are drawn under their calls, not on their own: those
    that follow a reply answer its calls.
    """
    shown: list[tuple[ChatMessage, list[ChatMessage | None]]] = []
    index = 0
    while index < len(messages):
        message = messages[index]
        index += 1
        if message.role == "tool":
            continue  # answering no call on screen: nothing to draw it under
        answers: list[ChatMessage] = []
        while index < len(messages) and messages[index].role == "tool":
            answers.append(messages[index])
            index += 1
        shown.append((message, match_results(message.tool_calls, answers) if message.tool_calls else []))
    return shown
